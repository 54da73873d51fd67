import 'server-only';
/**
 * @module server/api
 * Server components calling the platform APIs over the internal network (`AUTH_INTERNAL_URL`,
 * `CRM_INTERNAL_URL`, no `/api/<vertical>` prefix), as the signed-in user: the access token of
 * the `comptoir_access` cookie travels as `Authorization: Bearer`. The session proxy has already
 * refreshed that cookie when it was about to expire.
 */
import type { Problem } from '@comptoir/contracts/problem';
import { cookies, headers } from 'next/headers';
import { describeProblem, type FieldErrors, fieldErrorsOf } from '../lib/problem.js';
import { ACCESS_COOKIE, PATH_HEADER } from './cookies.js';

/** A failed API call: status, the problem document, and the problem in plain words. */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly fieldErrors: FieldErrors;
  constructor(
    readonly status: number,
    readonly problem: Partial<Problem>,
  ) {
    super(describeProblem(status, problem));
    this.fieldErrors = fieldErrorsOf(problem);
  }
}

/** The caller's access token, from the `comptoir_access` cookie. */
export async function accessToken(): Promise<string | undefined> {
  return (await cookies()).get(ACCESS_COOKIE)?.value || undefined;
}

/** Path and query of the page being rendered (set by the session proxy), for `?next=`. */
export async function currentPath(): Promise<string> {
  const value = (await headers()).get(PATH_HEADER);
  return value?.startsWith('/') ? value : '/';
}

/** The sign-in page, coming back to the current page afterwards. */
export async function signInPath(): Promise<string> {
  return `/sign-in?next=${encodeURIComponent(await currentPath())}`;
}

/** Options of one {@link ServerApi} call. */
export interface ServerRequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON when defined. */
  body?: unknown;
  /** Query parameters; undefined and empty values are left out. */
  query?: Record<string, string | number | undefined | null>;
  /** Milliseconds before giving up (default 10 000). */
  timeoutMs?: number;
  /** Call a public route without the caller's token (e.g. an invitation preview). */
  anonymous?: boolean;
}

/** A typed client of one API, bound to its internal base URL. */
export interface ServerApi {
  /**
   * Calls `path` as the signed-in user and returns the JSON body (undefined for 204).
   *
   * @throws {ApiError} for any status ≥ 400 (401 when the token is missing, expired or revoked),
   *   and status 503 when the API cannot be reached.
   */
  request<T>(path: string, options?: ServerRequestOptions): Promise<T>;
}

/**
 * @param baseUrl internal URL of the API, e.g. `http://127.0.0.1:4101`.
 *
 * @example
 * const crm = createServerApi(env.CRM_INTERNAL_URL);
 * const page = await crm.request<ContactPage>('/contacts', { query: { limit: 20, cursor } });
 */
export function createServerApi(baseUrl: string): ServerApi {
  const base = baseUrl.replace(/\/+$/, '');
  return {
    async request<T>(path: string, options: ServerRequestOptions = {}): Promise<T> {
      const token = options.anonymous ? undefined : await accessToken();
      // Anonymous calls are rate limited per client address: pass on the browser's, not ours.
      const forwardedFor = options.anonymous ? (await headers()).get('x-forwarded-for') : null;
      if (!token && !options.anonymous) throw new ApiError(401, { detail: 'You are not signed in.' });
      const url = new URL(`${base}${path}`);
      for (const [key, value] of Object.entries(options.query ?? {})) {
        if (value !== undefined && value !== null && value !== '') url.searchParams.set(key, String(value));
      }
      let response: Response;
      try {
        response = await fetch(url, {
          method: options.method ?? 'GET',
          headers: {
            ...(token ? { authorization: `Bearer ${token}` } : {}),
            ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
            accept: 'application/json, application/problem+json',
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: options.body === undefined ? null : JSON.stringify(options.body),
          cache: 'no-store',
          signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        });
      } catch {
        throw new ApiError(503, {
          detail: 'This service is not answering right now. Try again in a moment.',
        });
      }
      const text = await response.text();
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : undefined;
      } catch {
        json = undefined;
      }
      if (!response.ok) {
        throw new ApiError(
          response.status,
          (json && typeof json === 'object' ? json : {}) as Partial<Problem>,
        );
      }
      return json as T;
    },
  };
}
