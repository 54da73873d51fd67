import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.mock('server-only', () => ({}));

const { createSessionProxy } = await import('./session-proxy.js');
const { jwtExpiry } = await import('./cookies.js');

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const jwt = (exp: number) => `${b64({ alg: 'ES256' })}.${b64({ sub: 'u1', exp })}.sig`;
const now = () => Math.floor(Date.now() / 1000);

const proxy = createSessionProxy({
  authInternalUrl: 'http://auth.internal:4100',
  publicBaseUrl: 'https://comptoir.example.com',
  publicPaths: ['/invite'],
});

const request = (path: string, cookies: Record<string, string> = {}, headers: Record<string, string> = {}) =>
  new NextRequest(`https://crm.comptoir.example.com${path}`, {
    headers: {
      cookie: Object.entries(cookies)
        .map(([k, v]) => `${k}=${v}`)
        .join('; '),
      ...headers,
    },
  });

/** The request headers Next.js forwards to the render (x-middleware-request-*). */
const forwarded = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`);

afterEach(() => vi.unstubAllGlobals());

describe('jwtExpiry', () => {
  it('reads exp without verifying, undefined when malformed', () => {
    expect(jwtExpiry(jwt(123))).toBe(123);
    expect(jwtExpiry('nope')).toBeUndefined();
    expect(jwtExpiry('a.!!!.c')).toBeUndefined();
  });
});

describe('createSessionProxy', () => {
  it('passes a fresh access token through, with the page path for ?next=', async () => {
    const fetchMock = vi.fn();
    vi.stubGlobal('fetch', fetchMock);
    const response = await proxy(request('/contacts?x=1', { comptoir_access: jwt(now() + 600) }));
    expect(response.headers.get('location')).toBeNull();
    expect(forwarded(response, 'x-comptoir-path')).toBe('/contacts?x=1');
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('redirects to sign-in with next when there is no session', async () => {
    const response = await proxy(request('/'));
    expect(response.status).toBe(307);
    expect(response.headers.get('location')).toBe('https://crm.comptoir.example.com/sign-in?next=%2F');
  });

  it('refreshes an expired token, sets both cookies and shows the new token to this render', async () => {
    const fresh = jwt(now() + 900);
    const fetchMock = vi.fn(async () =>
      Response.json({ access_token: fresh, refresh_token: 'r2', expires_in: 900, token_type: 'bearer' }),
    );
    vi.stubGlobal('fetch', fetchMock);
    const response = await proxy(
      request(
        '/contacts',
        { comptoir_access: jwt(now() - 5), comptoir_refresh: 'r1' },
        { 'x-forwarded-for': '203.0.113.7' },
      ),
    );

    expect(fetchMock).toHaveBeenCalledWith(
      'http://auth.internal:4100/refresh',
      expect.objectContaining({
        method: 'POST',
        body: JSON.stringify({ refresh_token: 'r1' }),
        headers: expect.objectContaining({ 'x-forwarded-for': '203.0.113.7' }),
      }),
    );
    const setCookies = response.headers.getSetCookie();
    expect(setCookies).toHaveLength(2);
    for (const cookie of setCookies) {
      expect(cookie).toMatch(/Domain=comptoir\.example\.com/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/Secure/);
      expect(cookie).toMatch(/SameSite=lax/i);
      expect(cookie).toMatch(/Path=\//);
    }
    expect(setCookies.find((c) => c.startsWith('comptoir_access='))).toMatch(/Max-Age=900/);
    expect(setCookies.find((c) => c.startsWith('comptoir_refresh=r2'))).toMatch(/Max-Age=2592000/);
    expect(forwarded(response, 'cookie')).toContain(`comptoir_access=${fresh}`);
    expect(forwarded(response, 'cookie')).toContain('comptoir_refresh=r2');
  });

  it('redirects and clears the cookies when the refresh token is refused', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 401 })),
    );
    const response = await proxy(request('/contacts', { comptoir_refresh: 'stolen' }));
    expect(response.headers.get('location')).toBe(
      'https://crm.comptoir.example.com/sign-in?next=%2Fcontacts',
    );
    expect(response.headers.getSetCookie().every((c) => /Max-Age=0/.test(c))).toBe(true);
  });

  it('renders public paths signed out instead of redirecting', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{}', { status: 503 })),
    );
    const response = await proxy(request('/invite?token=abc', { comptoir_refresh: 'r1' }));
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.getSetCookie()).toHaveLength(0);
  });
});
