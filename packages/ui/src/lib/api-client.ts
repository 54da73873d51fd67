/**
 * @module api-client
 * The browser's way to call the platform APIs: same-origin requests to `/api/auth/…` and
 * `/api/crm/…` carrying the session cookies (the gateway routes every host's `/api/*`). Failures
 * come back as values, never as thrown errors, shaped for forms: a message in plain words and
 * field errors from the problem's `errors` pointers.
 */
import type { Problem } from '@comptoir/contracts/problem';
import { describeProblem, type FieldErrors, fieldErrorsOf } from './problem.js';

/** Outcome of {@link apiRequest}. */
export type ApiResult<T> =
  | { ok: true; status: number; data: T }
  | {
      ok: false;
      /** HTTP status; 0 when the network failed. */
      status: number;
      problem: Partial<Problem>;
      /** Plain-words message for the whole form. */
      message: string;
      fieldErrors: FieldErrors;
      /** Seconds from Retry-After (429). */
      retryAfter?: number;
    };

/** Options of {@link apiRequest}. */
export interface ApiRequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Sent as JSON when defined. */
  body?: unknown;
  /**
   * On 401, refresh the session once (`POST /api/auth/refresh`, cookie-based) and retry; when that
   * fails too, send the browser to `/sign-in?next=<current page>`. Default true; sign-in forms
   * turn it off.
   */
  refreshOnUnauthorized?: boolean;
  signal?: AbortSignal;
}

let refreshing: Promise<boolean> | undefined;

/** One refresh at a time for the whole page (the refresh token rotates on each use). */
export function refreshSession(): Promise<boolean> {
  refreshing ??= fetch('/api/auth/refresh', { method: 'POST', credentials: 'same-origin' })
    .then((r) => r.ok)
    .catch(() => false)
    .finally(() => {
      refreshing = undefined;
    });
  return refreshing;
}

/**
 * Calls a platform API from the browser.
 *
 * @param path same-origin path, e.g. `/api/auth/tenant`.
 * @returns the parsed JSON body (undefined for 204), or the failure as a value.
 *
 * @example
 * const result = await apiRequest<Tenant>('/api/auth/tenant', { method: 'PATCH', body: { name } });
 * if (!result.ok) setErrors(result.fieldErrors);
 */
export async function apiRequest<T = unknown>(
  path: string,
  options: ApiRequestOptions = {},
): Promise<ApiResult<T>> {
  const { method = 'GET', body, refreshOnUnauthorized = true, signal } = options;
  const send = () =>
    fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept: 'application/json, application/problem+json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? null : JSON.stringify(body),
      signal: signal ?? null,
    });

  let response: Response;
  try {
    response = await send();
    if (response.status === 401 && refreshOnUnauthorized) {
      if (await refreshSession()) response = await send();
      else {
        const here = `${window.location.pathname}${window.location.search}`;
        window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
      }
    }
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { ok: false, status: 0, problem: {}, message: describeProblem(0), fieldErrors: {} };
  }

  const text = await response.text();
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return { ok: true, status: response.status, data: json as T };

  const problem = (json && typeof json === 'object' ? json : {}) as Partial<Problem>;
  const retryHeader = Number(response.headers.get('retry-after'));
  const retryAfter = Number.isFinite(retryHeader) && retryHeader > 0 ? Math.ceil(retryHeader) : undefined;
  return {
    ok: false,
    status: response.status,
    problem,
    message: describeProblem(response.status, problem, retryAfter),
    fieldErrors: fieldErrorsOf(problem),
    ...(retryAfter === undefined ? {} : { retryAfter }),
  };
}
