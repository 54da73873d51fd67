/**
 * The bad-input sweep must catch what it is for: a 500, an accepted unknown field, a refused
 * request that still wrote. Checked against a deliberately broken little API.
 */
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { operationsOf, sweepOperation } from '../src/bad-input.js';
import { useAdminPool } from '../src/fixtures.js';

const admin = useAdminPool();
await admin.query('create schema if not exists sweep_probe');
await admin.query('create table if not exists sweep_probe.writes (id serial primary key, body text)');

function brokenApp() {
  const app = new OpenAPIHono();
  app.onError((_error, c) => c.text('Internal Server Error', 500));
  // Writes before validation: refused requests leave rows behind.
  app.use('/things', async (c, next) => {
    await admin.query('insert into sweep_probe.writes (body) values ($1)', [
      c.req.header('content-type') ?? '',
    ]);
    await next();
  });
  const Body = z.object({ name: z.string() }); // not strict: unknown fields slip through
  app.openapi(
    createRoute({
      method: 'post',
      path: '/things',
      operationId: 'createThing',
      request: { body: { required: true, content: { 'application/json': { schema: Body } } } },
      responses: { 201: { description: 'ok' } },
    }),
    async (c) => {
      const body = c.req.valid('json');
      if (body.name.includes('<script>')) throw new Error('boom'); // a 500 on one hostile input
      return c.json({}, 201);
    },
  );
  return app;
}

describe('the bad-input sweep', () => {
  it('reports server errors, accepted bad input and writes of refused requests', async () => {
    const app = brokenApp();
    const doc = app.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 't', version: '1' } });
    const [op] = operationsOf(doc as never);
    const findings = await sweepOperation(
      app,
      admin,
      ['sweep_probe'],
      op!,
      (doc.components?.schemas ?? {}) as never,
      {},
      'x',
    );
    const problems = new Set(findings.map((f) => f.problem.split(':')[0]));
    expect(problems.has('accepted bad input')).toBe(true);
    expect(findings.some((f) => f.label === 'unknown field' && f.problem === 'accepted bad input')).toBe(
      true,
    );
    expect(problems.has('not a problem document')).toBe(true);
    expect(problems.has('server error')).toBe(true);
    expect(findings.some((f) => f.problem === 'refused but wrote to sweep_probe.writes')).toBe(true);
    await admin.query('drop schema sweep_probe cascade');
  });
});
