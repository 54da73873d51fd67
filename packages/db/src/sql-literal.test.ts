import { describe, expect, it } from 'vitest';
import { InvalidTextValueError, inlineParameters, toSqlLiteral } from './sql-literal.js';

describe('toSqlLiteral', () => {
  it('quotes strings, doubling quotes and using E-syntax for backslashes', () => {
    expect(toSqlLiteral("O'Brien")).toBe("'O''Brien'");
    expect(toSqlLiteral('back\\slash')).toBe(" E'back\\\\slash'");
  });

  it('writes NULL, numbers, booleans, dates, arrays, objects and bytes as PostgreSQL reads them', () => {
    expect(toSqlLiteral(null)).toBe('NULL');
    expect(toSqlLiteral(undefined)).toBe('NULL');
    expect(toSqlLiteral(42)).toBe("'42'");
    expect(toSqlLiteral(true)).toBe("'true'");
    expect(toSqlLiteral(new Date('2026-11-21T10:00:00.123Z'))).toMatch(
      /^'2026-11-21T\d\d:00:00\.123[+-]\d\d:\d\d'$/,
    );
    expect(toSqlLiteral(['a', "b'c"])).toBe(`'{"a","b''c"}'`);
    expect(toSqlLiteral({ a: 1 })).toBe(`'{"a":1}'`);
    expect(toSqlLiteral(Buffer.from([0xde, 0xad]))).toBe("'\\xdead'");
  });

  it('refuses NUL characters with SQLSTATE 22021', () => {
    expect(() => toSqlLiteral('a\u0000b')).toThrow(InvalidTextValueError);
    try {
      toSqlLiteral('\u0000');
    } catch (e) {
      expect((e as InvalidTextValueError).code).toBe('22021');
    }
  });
});

describe('inlineParameters', () => {
  it('replaces placeholders, two-digit ones included', () => {
    const params = Array.from({ length: 12 }, (_, i) => i + 1);
    expect(inlineParameters('select $1, $12, $2', params)).toBe("select '1', '12', '2'");
  });

  it('leaves string literals, quoted identifiers, dollar quotes and comments alone', () => {
    const sql = `select '$1', "$1", $fn$ $1 $fn$, $$ $1 $$, E'it\\'s $1' -- $1\n/* $1 /* nested $1 */ */ , $1`;
    expect(inlineParameters(sql, ['x'])).toBe(
      `select '$1', "$1", $fn$ $1 $fn$, $$ $1 $$, E'it\\'s $1' -- $1\n/* $1 /* nested $1 */ */ , 'x'`,
    );
  });

  it('throws for a placeholder without a parameter', () => {
    expect(() => inlineParameters('select $2', ['a'])).toThrow(RangeError);
  });

  it('returns the statement unchanged without parameters', () => {
    expect(inlineParameters('select 1', [])).toBe('select 1');
  });
});
