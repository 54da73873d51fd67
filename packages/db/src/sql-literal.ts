/**
 * @module sql-literal
 * Turns a parameterised statement (`$1`, `$2`, … placeholders, as Kysely's PostgreSQL compiler
 * emits) into one self-contained SQL string with every parameter written as a quoted literal.
 *
 * Why: a statement with parameters needs the extended query protocol, one statement per round
 * trip. Inlined, it can travel in one simple-protocol message together with the statement that
 * sets the request's role and JWT claims (see `request-db.ts`), which saves a network round trip
 * per query on the hot path.
 *
 * Safety: values go through node-postgres' own `prepareValue` (the same text conversion it uses
 * for bound parameters) and `escapeLiteral` (doubling quotes; `E''` syntax with doubled
 * backslashes when needed), which is exact under `standard_conforming_strings = on`, the
 * default since PostgreSQL 9.1 and the only mode we connect with. An untyped quoted literal is
 * resolved by the server exactly like an untyped bound parameter, so the statement means the
 * same thing. Placeholders are replaced by a scanner that skips string literals, quoted
 * identifiers, dollar-quoted bodies and comments.
 */
import pg from 'pg';
// `prepareValue` is node-postgres' conversion of JS values to parameter text (Date, Buffer,
// arrays, objects as JSON, …); it is exported for this purpose by pg's utils module.
// @ts-expect-error: pg ships no type declaration for its utils module.
import pgUtils from 'pg/lib/utils.js';

const prepareValue = (pgUtils as { prepareValue: (value: unknown) => string | Buffer | null }).prepareValue;
const escapeLiteral = pg.Client.prototype.escapeLiteral;

/**
 * A value PostgreSQL text cannot hold. Carries SQLSTATE 22021 (character_not_in_repertoire), the
 * code the server itself would answer, so callers map it like the server's error.
 */
export class InvalidTextValueError extends TypeError {
  readonly code = '22021';
}

/**
 * One parameter as a SQL literal: `NULL`, a quoted string, or a bytea hex literal.
 *
 * @throws {InvalidTextValueError} for a string with a NUL character, which the server would
 * reject in either protocol; we reject it before sending.
 */
export function toSqlLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  const prepared = prepareValue(value);
  if (prepared === null || prepared === undefined) return 'NULL';
  if (Buffer.isBuffer(prepared)) return `'\\x${prepared.toString('hex')}'`;
  const text = String(prepared);
  if (text.includes('\u0000')) {
    throw new InvalidTextValueError('a text value may not contain the NUL character (U+0000)');
  }
  return escapeLiteral(text);
}

/**
 * Replaces `$n` placeholders of `sql` by the literal of `parameters[n - 1]`.
 *
 * @example
 * inlineParameters('select * from t where a = $1 and b = $2', ['x', 42])
 * // → "select * from t where a = 'x' and b = '42'"
 * @throws {RangeError} when a placeholder has no parameter.
 */
export function inlineParameters(sql: string, parameters: readonly unknown[]): string {
  if (parameters.length === 0) return sql;
  return replacePlaceholders(sql, parameters.length, (index) => toSqlLiteral(parameters[index]));
}

/**
 * Rewrites every `$n` placeholder of `sql` (not those inside literals, quoted identifiers,
 * comments or dollar-quoted bodies) with what `replace` returns for it.
 *
 * @param count how many parameters there are.
 * @param replace receives the placeholder's 0-based index (always below `count`).
 * @throws {RangeError} when a placeholder has no parameter.
 */
export function replacePlaceholders(sql: string, count: number, replace: (index: number) => string): string {
  let out = '';
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const ch = sql[i]!;
    // Single-quoted literal (also E'..' — a backslash escapes the next character there).
    if (ch === "'") {
      const escaped = i > 0 && (sql[i - 1] === 'E' || sql[i - 1] === 'e');
      let j = i + 1;
      while (j < n) {
        if (escaped && sql[j] === '\\') {
          j += 2;
          continue;
        }
        if (sql[j] === "'") {
          if (sql[j + 1] === "'") {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    // Quoted identifier.
    if (ch === '"') {
      let j = i + 1;
      while (j < n && !(sql[j] === '"' && sql[j + 1] !== '"')) j += sql[j] === '"' ? 2 : 1;
      out += sql.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    // Line comment.
    if (ch === '-' && sql[i + 1] === '-') {
      const j = sql.indexOf('\n', i);
      const end = j === -1 ? n : j;
      out += sql.slice(i, end);
      i = end;
      continue;
    }
    // Block comment (PostgreSQL nests them).
    if (ch === '/' && sql[i + 1] === '*') {
      let depth = 1;
      let j = i + 2;
      while (j < n && depth > 0) {
        if (sql[j] === '/' && sql[j + 1] === '*') {
          depth++;
          j += 2;
        } else if (sql[j] === '*' && sql[j + 1] === '/') {
          depth--;
          j += 2;
        } else j++;
      }
      out += sql.slice(i, j);
      i = j;
      continue;
    }
    if (ch === '$') {
      // Placeholder $n.
      const m = /^\$(\d+)/.exec(sql.slice(i, i + 12));
      if (m) {
        const index = Number(m[1]) - 1;
        if (index < 0 || index >= count) {
          throw new RangeError(`placeholder ${m[0]} has no parameter (${count} given)`);
        }
        out += replace(index);
        i += m[0].length;
        continue;
      }
      // Dollar-quoted body: $tag$ … $tag$.
      const tag = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i, i + 70));
      if (tag) {
        const close = sql.indexOf(tag[0], i + tag[0].length);
        const end = close === -1 ? n : close + tag[0].length;
        out += sql.slice(i, end);
        i = end;
        continue;
      }
    }
    out += ch;
    i++;
  }
  return out;
}
