/**
 * @module tokens
 * Access tokens and API keys as every service sees them.
 *
 * Access tokens are JWTs (RFC 7519) with Supabase-shaped claims: `sub` (user id), `role`
 * ('authenticated'), `aud` ('authenticated'), `email`, `session_id`, `aal`, and the
 * authorization data in `app_metadata` (`tenant_id`, `tenant_role`), which only the auth
 * service writes. They are signed by the auth service with an asymmetric key (ES256) published
 * at `/.well-known/jwks.json`; HS256 tokens signed with `SUPABASE_JWT_SECRET` are also accepted
 * when that secret is configured (tokens minted by a Supabase project).
 *
 * API keys look like `cpt_<prefix>_<secret>`: the prefix finds the key, the SHA-256 of the
 * secret is compared; the secret is 32 random bytes, so a fast hash is sound (unlike passwords).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { ROLES } from '@comptoir/contracts/permissions';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWTPayload,
  jwtVerify,
} from 'jose';
import { z } from 'zod';

/** Cookie holding the access token (httpOnly, scoped to the platform's parent domain). */
export const ACCESS_COOKIE = 'comptoir_access';
/** Cookie holding the refresh token. */
export const REFRESH_COOKIE = 'comptoir_refresh';
/** Access-token lifetime: 15 minutes. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** `aud` and `role` of every access token, as Supabase sets them. */
export const AUDIENCE = 'authenticated';

/** The claims a service relies on; everything else is carried through untouched. */
export const AccessClaimsSchema = z.looseObject({
  sub: z.uuid(),
  role: z.literal('authenticated'),
  aud: z.union([z.literal(AUDIENCE), z.array(z.string()).refine((a) => a.includes(AUDIENCE))]),
  exp: z.number(),
  email: z.string().optional(),
  session_id: z.string().optional(),
  aal: z.string().optional(),
  app_metadata: z.looseObject({
    tenant_id: z.uuid(),
    tenant_role: z.enum(ROLES),
    api_key_id: z.uuid().optional(),
    permissions: z.array(z.string()).optional(),
  }),
});
export type AccessClaims = z.infer<typeof AccessClaimsSchema>;

/** Why a token was refused (the message is safe to show). */
export class InvalidTokenError extends Error {}

/** Options of {@link createTokenVerifier}. */
export interface TokenVerifierOptions {
  /** The auth service's JWKS: a URL (fetched and cached) or the key set itself. */
  jwks: string | JSONWebKeySet;
  /** Expected `iss`. */
  issuer: string;
  /** When set, HS256 tokens signed with it are accepted too (Supabase projects). */
  supabaseJwtSecret?: string | undefined;
  /** How many verified tokens to remember (default 10 000; 0 disables). */
  cacheSize?: number;
}

/**
 * Builds a verifier of access tokens.
 *
 * @returns `verify(token)`, resolving to the validated claims.
 * @throws {InvalidTokenError} (from `verify`) for a bad signature, an expired token, a wrong
 * audience or issuer, or claims without a tenant.
 */
export function createTokenVerifier(options: TokenVerifierOptions) {
  const keys =
    typeof options.jwks === 'string'
      ? createRemoteJWKSet(new URL(options.jwks), { cooldownDuration: 30_000, cacheMaxAge: 10 * 60_000 })
      : createLocalJWKSet(options.jwks);
  const hsKey = options.supabaseJwtSecret ? new TextEncoder().encode(options.supabaseJwtSecret) : undefined;
  const verified = new VerifiedTokenCache(options.cacheSize ?? 10_000);

  return async function verify(token: string): Promise<AccessClaims> {
    const cached = verified.get(token);
    if (cached) return cached;
    let payload: JWTPayload;
    try {
      const { alg } = decodeProtectedHeader(token);
      if (alg === 'HS256') {
        if (!hsKey) throw new InvalidTokenError('HS256 tokens are not accepted here');
        ({ payload } = await jwtVerify(token, hsKey, { algorithms: ['HS256'], audience: AUDIENCE }));
      } else {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['ES256'],
          audience: AUDIENCE,
          issuer: options.issuer,
        }));
      }
    } catch (error) {
      if (error instanceof InvalidTokenError) throw error;
      const code = (error as { code?: string }).code;
      throw new InvalidTokenError(
        code === 'ERR_JWT_EXPIRED' ? 'The access token has expired' : 'The access token is not valid',
      );
    }
    const parsed = AccessClaimsSchema.safeParse(payload);
    if (!parsed.success) throw new InvalidTokenError('The access token carries no tenant or role');
    verified.set(token, parsed.data);
    return parsed.data;
  };
}

/**
 * Tokens whose signature and claims already verified, until they expire (at most 5 minutes):
 * a client sends the same access token with every request for 15 minutes, and an ES256
 * verification costs more than the rest of a request's authentication. An entry is only ever
 * hit by the identical token string; expiry is checked on every hit. Bounded: the oldest entry
 * goes first.
 */
class VerifiedTokenCache {
  readonly #entries = new Map<string, { claims: AccessClaims; until: number }>();
  constructor(readonly size: number) {}

  get(token: string): AccessClaims | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (entry.until <= Date.now()) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry.claims;
  }

  set(token: string, claims: AccessClaims): void {
    if (this.size <= 0) return;
    if (this.#entries.size >= this.size) this.#entries.delete(this.#entries.keys().next().value!);
    this.#entries.set(token, { claims, until: Math.min(claims.exp * 1000, Date.now() + 5 * 60_000) });
  }
}

export type TokenVerifier = ReturnType<typeof createTokenVerifier>;

/** Prefix of every API key, so leaked keys are easy to recognise (and to scan for). */
export const API_KEY_PREFIX = 'cpt_';
const API_KEY_PATTERN = /^cpt_([A-Za-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

/** Splits an API key into its lookup prefix and secret; null when it is not one. */
export function parseApiKey(value: string): { prefix: string; secret: string } | null {
  const m = API_KEY_PATTERN.exec(value);
  return m ? { prefix: m[1]!, secret: m[2]! } : null;
}

/** SHA-256 hex of a high-entropy secret (API-key secrets, refresh and one-time tokens). */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time equality of two hex digests. */
export function sameDigest(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && timingSafeEqual(x, y);
}
