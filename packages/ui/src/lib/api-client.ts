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
  /** Sent as is (a file upload), with its own `type` as Content-Type; takes precedence over `body`. */
  file?: Blob;
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
  const sent = await send(path, options, 'application/json, application/problem+json');
  if (sent instanceof Response) {
    const text = await sent.text();
    return toResult<T>(sent, text, (json) => json as T);
  }
  return sent;
}

/** A downloaded file: its bytes and the name the API suggests (Content-Disposition). */
export interface Download {
  blob: Blob;
  filename: string | undefined;
}

/**
 * Downloads a file from a platform API (CSV, vCard…), with the same session handling and
 * failures as {@link apiRequest}. Save it with {@link saveDownload}.
 *
 * @example
 * const result = await apiDownload('/api/crm/imports/1/rejections.csv');
 * if (result.ok) saveDownload(result.data, 'rejected-rows.csv');
 */
export async function apiDownload(
  path: string,
  options: ApiRequestOptions = {},
): Promise<ApiResult<Download>> {
  const sent = await send(path, options, '*/*');
  if (!(sent instanceof Response)) return sent;
  if (!sent.ok) return toResult<Download>(sent, await sent.text(), () => undefined as never);
  const blob = await sent.blob();
  const disposition = sent.headers.get('content-disposition') ?? '';
  const match = /filename\*=UTF-8''([^;]+)|filename="?([^";]+)"?/i.exec(disposition);
  const raw = match?.[1] ?? match?.[2];
  let filename: string | undefined;
  try {
    filename = raw ? decodeURIComponent(raw) : undefined;
  } catch {
    filename = raw;
  }
  return { ok: true, status: sent.status, data: { blob, filename } };
}

/** Saves a downloaded file in the browser (a temporary object URL clicked as a link). */
export function saveDownload(download: Download, fallbackName: string): void {
  const url = URL.createObjectURL(download.blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = download.filename ?? fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Sends a request, refreshing the session once on 401; a network failure comes back as a result. */
async function send(
  path: string,
  options: ApiRequestOptions,
  accept: string,
): Promise<Response | Extract<ApiResult<never>, { ok: false }>> {
  const { method = 'GET', body, file, refreshOnUnauthorized = true, signal } = options;
  const contentType: Record<string, string> = file
    ? { 'content-type': file.type || 'application/octet-stream' }
    : body === undefined
      ? {}
      : { 'content-type': 'application/json' };
  const attempt = () =>
    fetch(path, {
      method,
      credentials: 'same-origin',
      headers: { accept, ...contentType },
      body: file ?? (body === undefined ? null : JSON.stringify(body)),
      signal: signal ?? null,
    });
  try {
    let response = await attempt();
    if (response.status === 401 && refreshOnUnauthorized) {
      if (await refreshSession()) response = await attempt();
      else {
        const here = `${window.location.pathname}${window.location.search}`;
        window.location.assign(`/sign-in?next=${encodeURIComponent(here)}`);
      }
    }
    return response;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    return { ok: false, status: 0, problem: {}, message: describeProblem(0), fieldErrors: {} };
  }
}

/** The result of a response whose body has been read as text. */
function toResult<T>(response: Response, text: string, parse: (json: unknown) => T): ApiResult<T> {
  let json: unknown;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  if (response.ok) return { ok: true, status: response.status, data: parse(json) };

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
