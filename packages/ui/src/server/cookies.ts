/**
 * @module server/cookies
 * Names and lifetimes of the session cookies, as the auth service sets them
 * (`services/auth/src/sessions.ts`, `@comptoir/service-kit/tokens`).
 */

/** httpOnly cookie holding the access token (ES256 JWT). */
export const ACCESS_COOKIE = 'comptoir_access';
/** httpOnly cookie holding the opaque, rotating refresh token. */
export const REFRESH_COOKIE = 'comptoir_refresh';
/** Lifetime of the access cookie when the API does not say: 15 minutes, in seconds. */
export const ACCESS_COOKIE_MAX_AGE = 15 * 60;
/** Lifetime of the refresh cookie: 30 days, in seconds. */
export const REFRESH_COOKIE_MAX_AGE = 30 * 86_400;
/** Header the session proxy sets on each request: the page's path and query, for `?next=`. */
export const PATH_HEADER = 'x-comptoir-path';

/**
 * Expiry (Unix seconds) of a JWT, read without verifying it (only to decide whether to refresh;
 * the APIs verify every token). Undefined when the token is malformed.
 */
export function jwtExpiry(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp : undefined;
  } catch {
    return undefined;
  }
}
