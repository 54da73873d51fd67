import 'server-only';
/**
 * @module server/session-proxy
 * The session half of each web app's `proxy.ts` (Next.js 16's request proxy, Node.js runtime):
 * keeps the 15-minute access token fresh so pages never render with an expired one.
 *
 * For every page request it handles:
 * 1. a valid `comptoir_access` cookie (more than {@link EXPIRY_MARGIN_SECONDS} left): pass;
 * 2. else, with a `comptoir_refresh` cookie: `POST ${authInternalUrl}/refresh` server to server
 *    with `{ refresh_token }`, then set both cookies on the response exactly as the auth service
 *    does (httpOnly, SameSite=Lax, Path=/, Domain=<platform domain>, Secure on https) and rewrite
 *    the request's Cookie header so this very render already sees the new access token;
 * 3. else, or when the refresh is refused: redirect to `/sign-in?next=<path>` (public paths
 *    render anyway, signed out).
 *
 * Every passed request carries {@link PATH_HEADER} so server components can build `?next=`.
 */
import { type NextRequest, NextResponse } from 'next/server';
import {
  ACCESS_COOKIE,
  ACCESS_COOKIE_MAX_AGE,
  jwtExpiry,
  PATH_HEADER,
  REFRESH_COOKIE,
  REFRESH_COOKIE_MAX_AGE,
} from './cookies.js';

/** A token this close to its expiry (seconds) is refreshed first, so it cannot expire mid-render. */
export const EXPIRY_MARGIN_SECONDS = 30;

/** Options of {@link createSessionProxy}. */
export interface SessionProxyOptions {
  /** Internal URL of the auth API, e.g. `http://127.0.0.1:4100`. */
  authInternalUrl: string;
  /** The platform's public URL (`http://comptoir.localhost:8080`): cookie domain and `Secure`. */
  publicBaseUrl: string;
  /**
   * Paths (exact, or prefixes ending in `/`) that render without a session: the proxy refreshes
   * an expired session there but never redirects. Sign-in and sign-up are best left out of the
   * proxy's matcher altogether.
   */
  publicPaths?: readonly string[];
}

interface RefreshedTokens {
  access_token: string;
  refresh_token: string;
  expires_in?: number;
}

/**
 * Builds the proxy function.
 *
 * @example
 * // src/proxy.ts
 * export const proxy = createSessionProxy({ authInternalUrl: env.AUTH_INTERNAL_URL, publicBaseUrl: env.PUBLIC_BASE_URL });
 * export const config = { matcher: ['/((?!api|_next/static|_next/image|sign-in|sign-up|.*\\..*).*)'] };
 */
export function createSessionProxy(options: SessionProxyOptions) {
  const base = new URL(options.publicBaseUrl);
  const cookieBase = {
    domain: base.hostname,
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: base.protocol === 'https:',
  };
  const refreshUrl = `${options.authInternalUrl.replace(/\/+$/, '')}/refresh`;
  const isPublic = (pathname: string) =>
    (options.publicPaths ?? []).some((p) => (p.endsWith('/') ? pathname.startsWith(p) : pathname === p));

  async function refresh(
    refreshToken: string,
    forwardedFor: string | null,
  ): Promise<RefreshedTokens | 'refused' | 'unavailable'> {
    try {
      const response = await fetch(refreshUrl, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          // The browser's address (as the gateway saw it), so per-IP rate limits count each
          // visitor rather than this server.
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
        body: JSON.stringify({ refresh_token: refreshToken }),
        cache: 'no-store',
        signal: AbortSignal.timeout(5_000),
      });
      if (response.status === 400 || response.status === 401 || response.status === 422) return 'refused';
      if (!response.ok) return 'unavailable';
      const tokens = (await response.json()) as Partial<RefreshedTokens>;
      if (typeof tokens.access_token !== 'string' || typeof tokens.refresh_token !== 'string')
        return 'unavailable';
      return tokens as RefreshedTokens;
    } catch {
      return 'unavailable';
    }
  }

  function signIn(request: NextRequest, path: string, clearCookies: boolean): NextResponse {
    // Built on the request's own URL: Next.js then answers with a relative Location, so the
    // browser stays on the public host even when this server only knows its internal address.
    const url = request.nextUrl.clone();
    url.pathname = '/sign-in';
    url.search = `?next=${encodeURIComponent(path)}`;
    const response = NextResponse.redirect(url, 307);
    response.headers.set('cache-control', 'no-store');
    if (clearCookies) {
      for (const name of [ACCESS_COOKIE, REFRESH_COOKIE]) {
        response.cookies.set(name, '', { ...cookieBase, maxAge: 0 });
      }
    }
    return response;
  }

  function pass(request: NextRequest, path: string): NextResponse {
    const headers = new Headers(request.headers);
    headers.set(PATH_HEADER, path);
    return NextResponse.next({ request: { headers } });
  }

  return async function sessionProxy(request: NextRequest): Promise<NextResponse> {
    const { pathname, search } = request.nextUrl;
    const path = `${pathname}${search}`;
    const publicPath = isPublic(pathname);

    const access = request.cookies.get(ACCESS_COOKIE)?.value;
    const exp = access ? jwtExpiry(access) : undefined;
    if (exp !== undefined && exp - Date.now() / 1000 > EXPIRY_MARGIN_SECONDS) return pass(request, path);

    const refreshToken = request.cookies.get(REFRESH_COOKIE)?.value;
    if (!refreshToken) return publicPath ? pass(request, path) : signIn(request, path, false);

    const outcome = await refresh(refreshToken, request.headers.get('x-forwarded-for'));
    if (outcome === 'refused' || outcome === 'unavailable') {
      if (!publicPath) return signIn(request, path, outcome === 'refused');
      const response = pass(request, path);
      if (outcome === 'refused') {
        for (const name of [ACCESS_COOKIE, REFRESH_COOKIE])
          response.cookies.set(name, '', { ...cookieBase, maxAge: 0 });
      }
      return response;
    }

    // This render must see the new tokens: rewrite the request's Cookie header…
    request.cookies.set(ACCESS_COOKIE, outcome.access_token);
    request.cookies.set(REFRESH_COOKIE, outcome.refresh_token);
    const response = pass(request, path);
    // …and the browser must keep them.
    response.cookies.set(ACCESS_COOKIE, outcome.access_token, {
      ...cookieBase,
      maxAge: outcome.expires_in && outcome.expires_in > 0 ? outcome.expires_in : ACCESS_COOKIE_MAX_AGE,
    });
    response.cookies.set(REFRESH_COOKIE, outcome.refresh_token, {
      ...cookieBase,
      maxAge: REFRESH_COOKIE_MAX_AGE,
    });
    return response;
  };
}
