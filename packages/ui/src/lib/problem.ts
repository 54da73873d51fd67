/**
 * @module problem
 * Turning RFC 9457 problem documents (and zod issues) into what a form shows: one message in
 * plain words and an error per field. Used in the browser and on the server alike.
 */
import type { Problem } from '@comptoir/contracts/problem';

/** Errors per field name: `{ email: 'Invalid email address' }`. */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * Field errors from a problem's `errors` (JSON Pointers in URI fragment form, RFC 6901):
 * `#/email` → `email`, `#/permissions/2` → `permissions`. The first error of a field wins.
 */
export function fieldErrorsOf(problem: Pick<Problem, 'errors'> | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const error of problem?.errors ?? []) {
    const field = pointerField(error.pointer);
    if (field && out[field] === undefined) out[field] = error.detail;
  }
  return out;
}

/** First segment of a JSON Pointer (`#/a/b` or `/a/b`), unescaped (`~1` → `/`, `~0` → `~`). */
function pointerField(pointer: string): string | undefined {
  const path = pointer.startsWith('#') ? pointer.slice(1) : pointer;
  const first = path.split('/')[1];
  if (!first) return undefined;
  return decodeURIComponent(first).replace(/~1/g, '/').replace(/~0/g, '~');
}

/** Minimal shape of a zod issue (v4), so this module needs no zod import. */
export interface IssueLike {
  path: readonly PropertyKey[];
  message: string;
}

/** Field errors from zod issues (`schema.safeParse(x).error.issues`): the first issue per top-level field. */
export function fieldErrorsOfIssues(issues: readonly IssueLike[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    const key = typeof field === 'string' ? field : '_form';
    if (out[key] === undefined) out[key] = issue.message;
  }
  return out;
}

/** "5 seconds", "1 minute", "3 minutes": a Retry-After delay in words. */
export function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

/**
 * A problem in plain words: the API's `detail` when it has one, else a sentence for the status.
 *
 * @param retryAfter seconds from a 429's Retry-After header.
 */
export function describeProblem(status: number, problem?: Partial<Problem>, retryAfter?: number): string {
  if (status === 429) {
    const wait =
      retryAfter && retryAfter > 0 ? ` Try again in ${formatWait(retryAfter)}.` : ' Try again later.';
    return `Too many attempts.${wait}`;
  }
  if (problem?.detail) return problem.detail;
  switch (status) {
    case 0:
      return 'We could not reach Comptoir. Check your connection and try again.';
    case 400:
    case 422:
      return 'Some fields need your attention.';
    case 401:
      return 'Your session has ended. Sign in again.';
    case 403:
      return 'Your role does not allow this.';
    case 404:
      return 'We could not find what you were looking for.';
    case 409:
      return 'This conflicts with something that already exists.';
    default:
      return status >= 500
        ? 'Something went wrong on our side. Try again in a moment.'
        : 'The request could not be completed.';
  }
}

/**
 * Field errors keyed by their whole path (`emails.0.address`, `custom.segment`), for forms with
 * lists and nested objects. From a problem's `errors` pointers (`#/emails/0/address`), first
 * error per path wins; pointers into the query (`#/query/…`) keep their `query.` prefix.
 *
 * @example pathErrorsOf({ errors: [{ pointer: '#/emails/0/address', detail: 'Invalid email address' }] })
 *   // { 'emails.0.address': 'Invalid email address' }
 */
export function pathErrorsOf(problem: Pick<Problem, 'errors'> | undefined): FieldErrors {
  const out: FieldErrors = {};
  for (const error of problem?.errors ?? []) {
    const path = error.pointer.startsWith('#') ? error.pointer.slice(1) : error.pointer;
    const key = path
      .split('/')
      .slice(1)
      .map((s) => decodeURIComponent(s).replace(/~1/g, '/').replace(/~0/g, '~'))
      .join('.');
    const field = key || '_form';
    if (out[field] === undefined) out[field] = error.detail;
  }
  return out;
}

/** Field errors keyed by the whole path of zod issues (`emails.0.address`); `_form` for the root. */
export function pathErrorsOfIssues(issues: readonly IssueLike[]): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '_form';
    if (out[key] === undefined) out[key] = issue.message;
  }
  return out;
}

/**
 * The error of a field or of anything under it: `errorAt(errors, 'emails.0')` finds
 * `emails.0.address` too. Exact matches win.
 */
export function errorAt(errors: FieldErrors, path: string): string | undefined {
  if (errors[path]) return errors[path];
  const prefix = `${path}.`;
  for (const [key, value] of Object.entries(errors)) if (key.startsWith(prefix) && value) return value;
  return undefined;
}
