/**
 * @module problem
 * RFC 9457 problem details from one place: the error type handlers throw ({@link HttpProblem}),
 * the app-wide `onError` that turns anything thrown into `application/problem+json`, the
 * validation `defaultHook` (422 with `errors: [{ pointer, detail }]`) and the one mapping of
 * PostgreSQL error codes to HTTP statuses.
 *
 * No stack trace or SQL ever reaches a client: unknown errors become a logged 500 carrying the
 * request id.
 */
import { PROBLEM_CONTENT_TYPE, type Problem, type ProblemError } from '@comptoir/contracts/problem';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';

/** Base of our problem type URIs (RFC 9457 section 3.1.1: identifiers, not necessarily resolvable). */
export const PROBLEM_BASE = 'https://comptoir.app/problems/';

/** Standard titles (RFC 9110 reason phrases) for statuses we emit. */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Options of {@link HttpProblem}. */
export interface ProblemInit {
  /** Short slug appended to {@link PROBLEM_BASE}; omitted: `about:blank` (RFC 9457 section 4.2.1). */
  type?: string;
  title?: string;
  detail?: string;
  errors?: ProblemError[];
  headers?: Record<string, string>;
  /** Extension members (RFC 9457 section 3.2). */
  extensions?: Record<string, unknown>;
}

/**
 * An error that answers with a problem document.
 *
 * @example
 * throw new HttpProblem(404, { detail: 'No contact with this id' });
 * throw new HttpProblem(409, { type: 'last-owner', detail: 'A tenant keeps at least one owner' });
 */
export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly init: ProblemInit = {},
  ) {
    super(init.detail ?? TITLES[status] ?? `HTTP ${status}`);
    this.name = 'HttpProblem';
  }
}

/** Builds the problem document and its response. */
export function problemResponse(c: Context, status: ContentfulStatusCode, init: ProblemInit = {}): Response {
  const body: Problem & Record<string, unknown> = {
    type: init.type ? `${PROBLEM_BASE}${init.type}` : 'about:blank',
    title: init.title ?? TITLES[status] ?? 'Error',
    status,
    ...(init.detail ? { detail: init.detail } : {}),
    instance: c.req.path,
    ...(c.get('requestId') ? { request_id: c.get('requestId') as string } : {}),
    ...(init.errors ? { errors: init.errors } : {}),
    ...init.extensions,
  };
  // newResponse keeps headers already set on the context (e.g. a cookie being cleared).
  return c.newResponse(JSON.stringify(body), status, {
    ...init.headers,
    'content-type': PROBLEM_CONTENT_TYPE,
  });
}

/** JSON Pointer (RFC 6901) of a zod issue path, in URI fragment form (`#/a/0/b`). */
export function pointerOf(path: readonly PropertyKey[]): string {
  return `#${path.map((p) => `/${String(p).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('')}`;
}

/** Every zod issue as `{ pointer, detail }`; an unknown key gets its own pointer. */
export function zodErrors(error: ZodError, prefix: readonly PropertyKey[] = []): ProblemError[] {
  const out: ProblemError[] = [];
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        out.push({ pointer: pointerOf([...prefix, ...issue.path, key]), detail: 'Unknown field' });
      }
    } else {
      out.push({ pointer: pointerOf([...prefix, ...issue.path]), detail: issue.message });
    }
  }
  return out;
}

/** Where a validation target's values sit in the problem's pointers. */
const TARGET_PREFIX: Record<string, string[]> = {
  json: [],
  form: [],
  query: ['query'],
  param: ['path'],
  header: ['header'],
  cookie: ['cookie'],
};

/**
 * The `defaultHook` of every OpenAPIHono app: a failed validation answers 422 with one error per
 * field (body fields as `#/field`, query parameters as `#/query/name`, path as `#/path/name`).
 */
export function validationHook(
  result: { success: boolean; error?: ZodError; target: string },
  c: Context,
): Response | undefined {
  if (result.success || !result.error) return undefined;
  const errors = zodErrors(result.error, TARGET_PREFIX[result.target] ?? [result.target]);
  return problemResponse(c, 422, {
    type: 'validation-error',
    title: 'Your request is not valid',
    detail: errors.length === 1 ? errors[0]!.detail : `${errors.length} fields are not valid`,
    errors,
  });
}

/** A PostgreSQL error as node-postgres reports it. */
interface PgError {
  code: string;
  message: string;
  constraint?: string;
  column?: string;
  table?: string;
}

const isPgError = (e: unknown): e is PgError =>
  typeof e === 'object' &&
  e !== null &&
  typeof (e as PgError).code === 'string' &&
  /^[0-9A-Z]{5}$/.test((e as PgError).code);

/**
 * The one mapping of PostgreSQL errors (SQLSTATE, PostgreSQL manual appendix A) to problems;
 * `undefined` for errors that are our bug (→ 500).
 */
export function problemFromPgError(
  error: unknown,
): { status: ContentfulStatusCode; init: ProblemInit } | undefined {
  if (!isPgError(error)) return undefined;
  const where = error.constraint ? ` (${error.constraint})` : '';
  switch (error.code) {
    case '23505':
      return { status: 409, init: { type: 'conflict', detail: `This already exists${where}` } };
    case '23503':
      return {
        status: 409,
        init: { type: 'conflict', detail: `A related record is missing or still in use${where}` },
      };
    case '23514':
    case '23502':
    case '23P01':
      return {
        status: 422,
        init: { type: 'constraint-violation', detail: `A value breaks a rule of this resource${where}` },
      };
    case '22001':
      return { status: 422, init: { type: 'value-too-long', detail: 'A value is too long' } };
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '22021':
    case '22P05':
    case '2202E':
      return { status: 422, init: { type: 'invalid-value', detail: 'A value is not valid for its field' } };
    case '40001':
    case '40P01':
      return {
        status: 409,
        init: { type: 'concurrent-update', detail: 'Another change happened at the same time; retry' },
      };
    case '55000':
      // object_not_in_prerequisite_state: raised by our own triggers with a message meant for
      // the caller (e.g. "Invoice F-2026-000001 is issued: its content cannot change").
      return { status: 409, init: { type: 'invalid-state', detail: error.message } };
    case '55P03':
      return { status: 409, init: { type: 'locked', detail: 'The resource is busy; retry' } };
    case '57014':
      return {
        status: 503,
        init: { type: 'timeout', detail: 'The request took too long', headers: { 'retry-after': '1' } },
      };
    case '53300':
    case '57P03':
    case '08006':
    case '08001':
      return {
        status: 503,
        init: {
          type: 'unavailable',
          detail: 'The database is unavailable; retry',
          headers: { 'retry-after': '2' },
        },
      };
    case '42501':
      // A row-level security check refused a write: the row belongs to no tenant of the caller.
      if (/row-level security/.test(error.message)) return { status: 404, init: { detail: 'Not found' } };
      return undefined;
    default:
      return undefined;
  }
}

/**
 * Converts anything thrown into a response: {@link HttpProblem}, Hono's HTTPException (malformed
 * JSON 400, body too large 413, unsupported media type 415), PostgreSQL errors, else 500.
 *
 * @param log called for errors that are our bug (500), with the error.
 */
export function toProblem(error: unknown, c: Context, log: (error: unknown) => void): Response {
  if (error instanceof HttpProblem) return problemResponse(c, error.status, error.init);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    const detail = error.message || undefined;
    const headers: Record<string, string> = {};
    error.res?.headers.forEach((value, key) => {
      if (key !== 'content-type' && key !== 'content-length') headers[key] = value;
    });
    return problemResponse(c, status, { ...(detail ? { detail } : {}), headers });
  }
  const mapped = problemFromPgError(error);
  if (mapped) return problemResponse(c, mapped.status, mapped.init);
  log(error);
  return problemResponse(c, 500, { detail: 'Something went wrong on our side; it has been logged' });
}
