/**
 * Bad input on every billing route (read from the OpenAPI document): never a 500, always a
 * problem document, and a refused request writes nothing. Sequential: it fingerprints whole tables.
 */
import { randomUUID } from 'node:crypto';
import { operationsOf, sweepOperation } from '@comptoir/testing/bad-input';
import { bearer, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { useBillingService } from './helpers.js';

const admin = useAdminPool();
// With a webhook secret, so bad input to POST /stripe/webhook meets the signature check (400)
// rather than the "not configured" 503.
const { app } = useBillingService({ stripe: { webhookSecret: 'whsec_badinputsweep0123456789' } });
const doc = await readJson(await app.request('/openapi.json'));
const operations = operationsOf(doc);

describe('bad input on every billing route', () => {
  it('covers every operation of the document', () => {
    expect(operations.length).toBeGreaterThanOrEqual(20);
  });

  for (const op of operations) {
    it(`${op.method} ${op.path} refuses bad input with a 4xx problem and writes nothing`, async () => {
      const owner = await createTenant(admin);
      const headers = bearer(await signAccessToken(owner));
      const findings = await sweepOperation(
        app,
        admin,
        ['platform', 'billing'],
        op,
        doc.components?.schemas ?? {},
        headers,
        randomUUID(),
      );
      expect(findings).toEqual([]);
    });
  }
});
