/**
 * @module redirect
 * Where a `next` parameter may send the browser after signing in: only somewhere on the platform
 * (an open redirect would let a phishing link bounce through our sign-in page).
 */
import { isPlatformOrigin, parsePublicOrigin } from '@comptoir/routing';

/**
 * The `next` target when it is safe, else `fallback`: a same-site relative path (`/contacts?x=1`,
 * never `//evil.com` or `/\evil.com`) or an absolute http(s) URL on the platform domain or one of
 * its subdomains (same scheme and port as `publicBaseUrl`).
 *
 * @example safeNext('/settings', 'http://comptoir.localhost:8080') // '/settings'
 * @example safeNext('https://evil.com', 'http://comptoir.localhost:8080') // '/'
 */
export function safeNext(next: string | null | undefined, publicBaseUrl: string, fallback = '/'): string {
  if (!next) return fallback;
  const value = next.trim();
  if (value.startsWith('/')) {
    // A second slash or a backslash makes it protocol-relative in browsers; control characters are never legitimate.
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
    if (value.startsWith('//') || value.startsWith('/\\') || /[\u0000-\u001F\u007F]/.test(value))
      return fallback;
    return value;
  }
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return fallback;
    if (url.username || url.password) return fallback;
    return isPlatformOrigin(parsePublicOrigin(publicBaseUrl), url.origin) ? url.href : fallback;
  } catch {
    return fallback;
  }
}
