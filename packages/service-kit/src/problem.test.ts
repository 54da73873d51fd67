import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { pointerOf, problemFromPgError, zodErrors } from './problem.js';

describe('problem details', () => {
  it('writes JSON Pointers (RFC 6901) in URI fragment form, escaping ~ and /', () => {
    expect(pointerOf(['a', 0, 'b/c', 'd~e'])).toBe('#/a/0/b~1c/d~0e');
    expect(pointerOf([])).toBe('#');
  });

  it('gives each unknown field its own error', () => {
    const result = z.strictObject({ a: z.string() }).safeParse({ a: 1, x: 1, y: 2 });
    expect(zodErrors(result.error!)).toEqual([
      { pointer: '#/a', detail: expect.any(String) },
      { pointer: '#/x', detail: 'Unknown field' },
      { pointer: '#/y', detail: 'Unknown field' },
    ]);
  });

  it('maps PostgreSQL errors once: conflicts 409, rule violations 422, RLS refusals 404, our bugs undefined', () => {
    expect(problemFromPgError({ code: '23505', message: 'dup' })?.status).toBe(409);
    expect(problemFromPgError({ code: '23503', message: 'fk' })?.status).toBe(409);
    expect(problemFromPgError({ code: '23514', message: 'check' })?.status).toBe(422);
    expect(problemFromPgError({ code: '55000', message: 'Invoice F-1 is issued' })).toMatchObject({
      status: 409,
      init: { type: 'invalid-state', detail: 'Invoice F-1 is issued' },
    });
    expect(problemFromPgError({ code: '22021', message: 'nul' })?.status).toBe(422);
    expect(
      problemFromPgError({
        code: '42501',
        message: 'new row violates row-level security policy for table "x"',
      })?.status,
    ).toBe(404);
    expect(problemFromPgError({ code: '42501', message: 'permission denied for table x' })).toBeUndefined();
    expect(problemFromPgError({ code: '42P01', message: 'no table' })).toBeUndefined();
    expect(problemFromPgError(new Error('plain'))).toBeUndefined();
  });
});
