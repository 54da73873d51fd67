/**
 * @module http
 * Assertions and inputs for HTTP tests: problem documents, hostile strings, malformed bodies.
 */
import { expect } from 'vitest';

/** A parsed RFC 9457 problem. */
export interface ProblemBody {
  type: string;
  title: string;
  status: number;
  detail?: string;
  errors?: { pointer: string; detail: string }[];
  request_id?: string;
  [extension: string]: unknown;
}

/** Asserts `response` is a problem document with `status`; returns it. */
export async function expectProblem(response: Response, status: number): Promise<ProblemBody> {
  const text = await response.text();
  expect(response.status, `expected ${status}, got ${response.status}: ${text.slice(0, 300)}`).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as ProblemBody;
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(body).not.toHaveProperty('stack');
  return body;
}

/** Strings that break naive code: injection, encodings, control and invisible characters, huge values. */
export const HOSTILE_STRINGS: readonly string[] = [
  "'; drop table crm.contacts; --",
  "Robert'); DELETE FROM platform.users WHERE ('1'='1",
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal placeholder-looking string is the test input.
  '$1 $$ $tag$ ${}',
  '<script>alert(1)</script>',
  '\u0000null byte',
  'line\nbreak',
  '\u202Eright-to-left override',
  '\uD800 lone surrogate',
  '😀'.repeat(60),
  'Ω≈ç√∫˜µ≤≥÷ åß∂ƒ©',
  'a'.repeat(10_000),
  '../../../etc/passwd',
  '{"$ne": null}',
  '\\x00\\\\',
];

/** JSON request init with a raw body. */
export const rawJson = (method: string, body: string, headers: Record<string, string> = {}): RequestInit => ({
  method,
  headers: { 'content-type': 'application/json', ...headers },
  body,
});

/** JSON request init. */
export const jsonRequest = (
  method: string,
  body: unknown,
  headers: Record<string, string> = {},
): RequestInit => rawJson(method, JSON.stringify(body), headers);

/**
 * The JSON body of a response, untyped: tests assert its shape at run time.
 *
 * @throws when the body is not JSON (with the start of the body in the message).
 */
export async function readJson(response: Response): Promise<any> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`expected JSON (${response.status}), got: ${text.slice(0, 300)}`);
  }
}
