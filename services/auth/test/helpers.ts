/**
 * @module test/helpers
 * The auth app under test: the real service on the run's database, signing with the run's key
 * (so the CRM app under test trusts its tokens, as in production).
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { parsePublicOrigin } from '@comptoir/routing';
import { silentLogger, testDb, useServicePool } from '@comptoir/testing/fixtures';
import { jsonRequest, readJson } from '@comptoir/testing/http';
import type pg from 'pg';
import { expect } from 'vitest';
import { buildAuthService } from '../src/app.js';
import { loadSigningKeys } from '../src/keys.js';

export const PUBLIC_ORIGIN = parsePublicOrigin('http://comptoir.localhost:8080');
export const ORIGIN_HEADER = { origin: 'http://account.comptoir.localhost:8080' };

/** Options of {@link useAuthService}. */
export interface AuthTestOptions {
  reuseIntervalSeconds?: number;
  maxFailuresPerAccount?: number;
  maxFailuresPerIp?: number;
}

/** Builds the auth service for a test file. */
export async function useAuthService(options: AuthTestOptions = {}) {
  const pool = useServicePool('auth', 10);
  const keys = await loadSigningKeys(JSON.stringify(testDb().privateJwk));
  return buildAuthService({
    pool,
    logger: silentLogger(),
    keys,
    encryptionKey: randomBytes(32).toString('base64'),
    config: {
      issuer: testDb().issuer,
      bcryptCost: 12,
      refreshTokenTtlDays: 30,
      refreshReuseIntervalSeconds: options.reuseIntervalSeconds ?? 0,
      publicOrigin: PUBLIC_ORIGIN,
      cookieDomain: PUBLIC_ORIGIN.domain,
      secureCookies: false,
      devMailbox: true,
      trustProxy: true,
    },
    throttle: {
      maxFailuresPerAccount: options.maxFailuresPerAccount ?? 5,
      maxFailuresPerIp: options.maxFailuresPerIp ?? 1000,
      windowSeconds: 60,
    },
    rateLimit: false,
  });
}

/** A random client address, so tests never share a per-IP throttle bucket. */
export const randomIp = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;

/** A unique e-mail. */
export const uniqueEmail = (label = 'user') => `${label}-${randomUUID().slice(0, 8)}@example.test`;

export const PASSWORD = 'correct horse battery staple';

/** Signs up through the API; returns the tokens and the e-mail. */
export async function signup(
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  overrides: Record<string, unknown> = {},
) {
  const email = (overrides.email as string) ?? uniqueEmail();
  const res = await app.request(
    '/signup',
    jsonRequest(
      'POST',
      { email, password: PASSWORD, name: 'Alice Martin', tenant_name: 'Atelier Martin', ...overrides },
      {
        'x-forwarded-for': randomIp(),
      },
    ),
  );
  const body = await readJson(res);
  expect(res.status, JSON.stringify(body)).toBe(201);
  return {
    email,
    tokens: body as { access_token: string; refresh_token: string; expires_at: number },
    response: res,
  };
}

/** Access-token claims, as far as tests read them. */
export interface TestClaims {
  sub: string;
  email: string;
  role: string;
  aal: string;
  iat: number;
  exp: number;
  session_id: string;
  app_metadata: { tenant_id: string; tenant_role: string; provider?: string };
  [claim: string]: unknown;
}

/** Decodes a JWT payload (no verification: the services verify). */
export const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as TestClaims;

/** The newest e-mail sent to an address. */
export async function lastEmailTo(admin: pg.Pool, to: string) {
  const { rows } = await admin.query(
    'select * from platform.emails where to_address = $1 order by created_at desc limit 1',
    [to],
  );
  return rows[0] as
    | { subject: string; text_body: string; template: string; tenant_id: string | null }
    | undefined;
}

/** The token of the link in an e-mail body. */
export function tokenFromEmail(text: string): string {
  const match = /[?&]token=([A-Za-z0-9_%-]+)/.exec(text);
  if (!match) throw new Error(`no token link in: ${text}`);
  return decodeURIComponent(match[1]!);
}

/** The cookies a response sets, by name, with their attributes. */
export function setCookies(res: Response): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of res.headers.getSetCookie()) {
    const name = line.split('=')[0]!;
    out.set(name, line);
  }
  return out;
}
