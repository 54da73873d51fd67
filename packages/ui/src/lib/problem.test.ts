import { describe, expect, it } from 'vitest';
import {
  describeProblem,
  errorAt,
  fieldErrorsOf,
  fieldErrorsOfIssues,
  formatWait,
  pathErrorsOf,
  pathErrorsOfIssues,
} from './problem.js';

describe('fieldErrorsOf', () => {
  it('maps JSON Pointers to top-level field names, first error wins', () => {
    expect(
      fieldErrorsOf({
        errors: [
          { pointer: '#/email', detail: 'Invalid email address' },
          { pointer: '#/email', detail: 'Second' },
          { pointer: '#/permissions/2', detail: 'You do not have audit:read' },
          { pointer: '/a~1b', detail: 'Escaped' },
        ],
      }),
    ).toEqual({
      email: 'Invalid email address',
      permissions: 'You do not have audit:read',
      'a/b': 'Escaped',
    });
  });

  it('gives nothing for a problem without errors', () => {
    expect(fieldErrorsOf({})).toEqual({});
    expect(fieldErrorsOf(undefined)).toEqual({});
  });
});

describe('fieldErrorsOfIssues', () => {
  it('maps zod issues by their first path segment', () => {
    expect(
      fieldErrorsOfIssues([
        { path: ['password'], message: 'Must be at least 10 characters' },
        { path: [], message: 'Nothing to update' },
      ]),
    ).toEqual({ password: 'Must be at least 10 characters', _form: 'Nothing to update' });
  });
});

describe('describeProblem', () => {
  it('prefers the API detail', () => {
    expect(describeProblem(401, { detail: 'E-mail or password is incorrect' })).toBe(
      'E-mail or password is incorrect',
    );
  });

  it('tells how long to wait on 429', () => {
    expect(describeProblem(429, { detail: 'x' }, 90)).toBe('Too many attempts. Try again in 2 minutes.');
    expect(describeProblem(429, {}, 1)).toBe('Too many attempts. Try again in 1 second.');
    expect(describeProblem(429)).toBe('Too many attempts. Try again later.');
  });

  it('has words for network failures and server errors', () => {
    expect(describeProblem(0)).toMatch(/could not reach/);
    expect(describeProblem(503)).toMatch(/on our side/);
  });
});

describe('formatWait', () => {
  it('rounds minutes up', () => {
    expect(formatWait(61)).toBe('2 minutes');
    expect(formatWait(60)).toBe('1 minute');
    expect(formatWait(30)).toBe('30 seconds');
  });
});

describe('pathErrorsOf', () => {
  it('keys errors by their whole pointer path', () => {
    expect(
      pathErrorsOf({
        errors: [
          { pointer: '#/emails/0/address', detail: 'Invalid email address' },
          { pointer: '#/custom/segment', detail: 'Not an option' },
          { pointer: '#/custom/segment', detail: 'Second' },
          { pointer: '#', detail: 'Whole body' },
        ],
      }),
    ).toEqual({
      'emails.0.address': 'Invalid email address',
      'custom.segment': 'Not an option',
      _form: 'Whole body',
    });
  });
});

describe('pathErrorsOfIssues', () => {
  it('joins zod paths with dots', () => {
    expect(
      pathErrorsOfIssues([
        { path: ['phones', 1, 'number'], message: 'Too short for a phone number' },
        { path: [], message: 'Nothing to update' },
      ]),
    ).toEqual({ 'phones.1.number': 'Too short for a phone number', _form: 'Nothing to update' });
  });
});

describe('errorAt', () => {
  it('finds the error of a field or of something under it', () => {
    const errors = { 'emails.0.address': 'Invalid', name: 'Required' };
    expect(errorAt(errors, 'emails.0')).toBe('Invalid');
    expect(errorAt(errors, 'emails')).toBe('Invalid');
    expect(errorAt(errors, 'name')).toBe('Required');
    expect(errorAt(errors, 'phones')).toBeUndefined();
  });
});
