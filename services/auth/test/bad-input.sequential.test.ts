/**
 * Bad input on every auth route (read from the OpenAPI document): never a 500, always a problem
 * document, and a refused request writes nothing. Sequential: it fingerprints whole tables.
 */
import { randomUUID } from 'node:crypto';
import { operationsOf, sweepOperation } from '@comptoir/testing/bad-input';
import { bearer, useAdminPool } from '@comptoir/testing/fixtures';
import { readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { signup, useAuthService } from './helpers.js';

const admin = useAdminPool();
const { service } = await useAuthService({ maxFailuresPerAccount: 100000, maxFailuresPerIp: 100000 });
const app = service.app;
const doc = await readJson(await app.request('/openapi.json'));
const operations = operationsOf(doc);

describe('bad input on every auth route', () => {
  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(25);
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} refuses bad input with a 4xx problem and writes nothing`, async () => {
      const { tokens } = await signup(app);
      const findings = await sweepOperation(
        app,
        admin,
        ['platform', 'crm'],
        op,
        doc.components?.schemas ?? {},
        bearer(tokens.access_token),
        randomUUID(),
      );
      expect(findings).toEqual([]);
    }, 120_000);
  }
});
