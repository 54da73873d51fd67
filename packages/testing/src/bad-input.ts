/**
 * @module bad-input
 * A sweep of bad input over every route of a service, read from its own OpenAPI document, so a
 * new route is covered the day it is added. For each operation it sends: malformed JSON, JSON
 * that is not an object, an unknown field, every field with a wrong type, hostile strings in every
 * string field, an oversize body, a wrong content type, deep nesting, malformed path and query
 * parameters. Every answer must be a 4xx `application/problem+json` (hostile strings that are
 * valid text may also succeed: they are then stored verbatim), never a 5xx; and a refused request
 * must leave every table exactly as it was (checksums of every row of the service schemas).
 */
import type pg from 'pg';
import { HOSTILE_STRINGS } from './http.js';

/** Something that answers requests like a Hono app. */
export interface RequestTarget {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
};

interface Operation {
  method: string;
  path: string;
  operationId?: string;
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  parameters?: Array<{ in: string; name: string; schema?: JsonSchema }>;
}

/** One request of the sweep and what it is. */
export interface BadInputCase {
  label: string;
  path: string;
  init: RequestInit;
  /** Hostile strings may be accepted (stored verbatim); everything else must be refused. */
  mayPass: boolean;
}

/** A finding of the sweep. */
export interface BadInputFinding {
  operation: string;
  label: string;
  status: number;
  problem: string;
}

/** Operations of an OpenAPI document. */
export function operationsOf(doc: { paths: Record<string, Record<string, Operation>> }): Operation[] {
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
        out.push({ ...op, method: method.toUpperCase(), path });
    }
  }
  return out;
}

function resolve(schema: JsonSchema | undefined, components: Record<string, JsonSchema>): JsonSchema {
  if (!schema) return {};
  if (schema.$ref) return resolve(components[schema.$ref.split('/').pop()!], components);
  const variants = schema.anyOf ?? schema.oneOf;
  if (variants) {
    const object = variants.map((v) => resolve(v, components)).find((v) => v.properties);
    if (object) return object;
  }
  return schema;
}

const typeOf = (s: JsonSchema): string | undefined =>
  Array.isArray(s.type) ? s.type.find((t) => t !== 'null') : s.type;

/** A value of a type the schema does not accept. */
function wrongValue(schema: JsonSchema): unknown {
  switch (typeOf(schema)) {
    case 'string':
      return 12345;
    case 'number':
    case 'integer':
      return 'not a number';
    case 'boolean':
      return 'yes';
    case 'array':
      return { not: 'an array' };
    case 'object':
      return ['not', 'an', 'object'];
    default:
      return { unexpected: ['nested'] };
  }
}

/** A value the schema may accept, to complete an otherwise valid body. */
function plausibleValue(name: string, schema: JsonSchema): unknown {
  if (schema.enum?.length) return schema.enum[0];
  switch (typeOf(schema)) {
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object':
      return {};
    default:
      if (/email/.test(name)) return 'someone@example.test';
      if (/password/.test(name)) return 'a long enough password';
      return 'Plain text';
  }
}

/**
 * Builds the cases of one operation.
 *
 * @param fillPath value for path parameters (an id that belongs to nobody).
 */
export function casesFor(
  op: Operation,
  components: Record<string, JsonSchema>,
  fillPath: string,
): BadInputCase[] {
  const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
  const path = op.path.replaceAll(/\{[^}]+\}/g, fillPath);
  const cases: BadInputCase[] = [];
  const json = (
    label: string,
    body: string,
    mayPass = false,
    contentType = 'application/json',
  ): BadInputCase => ({
    label,
    path,
    init: { method: op.method, headers: { 'content-type': contentType }, body },
    mayPass,
  });

  if (pathParams.length > 0) {
    for (const bad of ['not-a-uuid', "1'%20or%20'1'='1", '%00']) {
      cases.push({
        label: `path parameter ${bad}`,
        path: op.path.replaceAll(/\{[^}]+\}/g, bad),
        init: {
          method: op.method,
          ...(op.requestBody ? { headers: { 'content-type': 'application/json' }, body: '{}' } : {}),
        },
        mayPass: false,
      });
    }
  }

  if (op.method === 'GET') {
    const query = (op.parameters ?? []).filter((p) => p.in === 'query');
    cases.push({
      label: 'unknown query parameter',
      path: `${path}?zz_unknown=1`,
      init: { method: 'GET' },
      mayPass: query.length === 0,
    });
    for (const p of query) {
      const t = typeOf(resolve(p.schema, components));
      if (t === 'integer' || t === 'number') {
        for (const v of ['abc', '-1', '1e309', '99999999999999999999']) {
          cases.push({
            label: `query ${p.name}=${v}`,
            path: `${path}?${p.name}=${v}`,
            init: { method: 'GET' },
            mayPass: false,
          });
        }
      }
      if (p.name === 'cursor') {
        for (const v of ['%00', 'eyJ2IjoiJzsgZHJvcCB0YWJsZSB4OyAtLSIsImlkIjoiMSJ9', 'x'.repeat(600)]) {
          cases.push({
            label: `query cursor=${v.slice(0, 20)}`,
            path: `${path}?cursor=${v}`,
            init: { method: 'GET' },
            mayPass: false,
          });
        }
      }
    }
  }

  const bodySchema = op.requestBody?.content?.['application/json']?.schema;
  if (!bodySchema) return cases;
  const schema = resolve(bodySchema, components);
  const properties = schema.properties ?? {};
  const valid = Object.fromEntries(
    Object.entries(properties).map(([k, s]) => [k, plausibleValue(k, resolve(s, components))]),
  );

  cases.push(json('malformed JSON', '{"a": '));
  cases.push(json('truncated JSON string', '"abc'));
  for (const notObject of ['[]', '"text"', '42', 'null', 'true'])
    cases.push(json(`JSON ${notObject} instead of an object`, notObject));
  cases.push(json('unknown field', JSON.stringify({ ...valid, zz_unknown_field: true })));
  cases.push(
    json('prototype pollution key', '{"__proto__": {"admin": true}, "constructor": {"prototype": {"x": 1}}}'),
  );
  cases.push(json('deeply nested JSON', `${'['.repeat(20_000)}${']'.repeat(20_000)}`));
  cases.push(
    json('oversize body (2 MiB)', JSON.stringify({ ...valid, filler: 'x'.repeat(2 * 1024 * 1024) })),
  );
  cases.push(json('wrong content type', JSON.stringify(valid), false, 'text/plain'));
  cases.push(json('form content type', 'a=1&b=2', false, 'application/x-www-form-urlencoded'));
  for (const [name, s] of Object.entries(properties)) {
    const field = resolve(s, components);
    cases.push(json(`${name}: wrong type`, JSON.stringify({ ...valid, [name]: wrongValue(field) })));
    if (typeOf(field) === 'string' && !field.enum) {
      for (const hostile of HOSTILE_STRINGS) {
        cases.push(
          json(
            `${name}: hostile ${JSON.stringify(hostile.slice(0, 24))}`,
            JSON.stringify({ ...valid, [name]: hostile }),
            true,
          ),
        );
      }
    }
  }
  return cases;
}

/** A fingerprint of every row of every table of the given schemas (for "nothing was written"). */
export async function fingerprint(admin: pg.Pool, schemas: string[]): Promise<Map<string, string>> {
  const { rows: tables } = await admin.query<{ name: string }>(
    `select quote_ident(schemaname) || '.' || quote_ident(tablename) as name
     from pg_tables where schemaname = any ($1) order by 1`,
    [schemas],
  );
  const sql = tables
    .map(
      (t) =>
        `select '${t.name}' as name, md5(coalesce(string_agg(x::text, '|' order by x::text), '')) as sum from ${t.name} x`,
    )
    .join(' union all ');
  const { rows } = await admin.query<{ name: string; sum: string }>(sql);
  return new Map(rows.map((r) => [r.name, r.sum]));
}

/**
 * Sends every case of one operation; returns what went wrong (empty: all good).
 *
 * @param headers credentials for the route (empty for public routes).
 */
export async function sweepOperation(
  target: RequestTarget,
  admin: pg.Pool,
  schemas: string[],
  op: Operation,
  components: Record<string, JsonSchema>,
  headers: Record<string, string>,
  fillPath: string,
): Promise<BadInputFinding[]> {
  const findings: BadInputFinding[] = [];
  const name = op.operationId ?? `${op.method} ${op.path}`;
  let before = await fingerprint(admin, schemas);
  for (const c of casesFor(op, components, fillPath)) {
    const res = await target.request(c.path, {
      ...c.init,
      headers: { ...(c.init.headers as Record<string, string>), ...headers },
    });
    const body = await res.text();
    const finding = (problem: string) =>
      findings.push({ operation: name, label: c.label, status: res.status, problem });
    if (res.status >= 500) {
      finding(`server error: ${body.slice(0, 200)}`);
      continue;
    }
    if (res.status < 400) {
      if (!c.mayPass) finding('accepted bad input');
      before = await fingerprint(admin, schemas);
      continue;
    }
    if (!/^application\/problem\+json/.test(res.headers.get('content-type') ?? ''))
      finding('not a problem document');
    const after = await fingerprint(admin, schemas);
    const changed = [...after].filter(([table, sum]) => before.get(table) !== sum).map(([table]) => table);
    if (changed.length > 0) finding(`refused but wrote to ${changed.join(', ')}`);
    before = after;
  }
  return findings;
}
