/**
 * @module test/helpers
 * The billing app under test: the real service, on the run's database, with the billing login
 * role; plus a tenant whose seller settings are complete enough to issue invoices.
 */
import { parsePublicOrigin } from '@comptoir/routing';
import {
  bearer,
  createTenant,
  signAccessToken,
  silentLogger,
  testTokenVerifier,
  useServicePool,
} from '@comptoir/testing/fixtures';
import { jsonRequest, readJson } from '@comptoir/testing/http';
import type pg from 'pg';
import { expect } from 'vitest';
import { type BillingDependencies, buildBillingService } from '../src/app.js';

export const PUBLIC_ORIGIN = parsePublicOrigin('http://comptoir.localhost:8080');

/** Builds the billing service for a test file (rate limiting off). */
export function useBillingService(options: { stripe?: BillingDependencies['stripe'] } = {}) {
  const pool = useServicePool('billing', 25);
  return buildBillingService({
    stripe: options.stripe,
    pool,
    verifyToken: testTokenVerifier(),
    publicOrigin: PUBLIC_ORIGIN,
    logger: silentLogger(),
    rateLimit: false,
    trustProxy: false,
  });
}

type App = ReturnType<typeof useBillingService>['app'];

/** Request helpers bound to an app. */
export function client(app: App) {
  const send = (method: string, path: string, token: string, body?: unknown) =>
    app.request(
      path,
      body === undefined ? { method, headers: bearer(token) } : jsonRequest(method, body, bearer(token)),
    );
  const ok = async (response: Response | Promise<Response>, status = 200) => {
    const res = await response;
    expect(res.status, await res.clone().text()).toBe(status);
    return status === 204 ? null : readJson(res);
  };
  return { send, ok, get: (path: string, token: string) => send('GET', path, token) };
}

/** The seller settings a French company under the normal VAT regime needs to issue. */
export const SELLER_SETTINGS = {
  legal_name: 'Atelier Dupont SAS',
  address_line1: '12 rue de la République',
  postal_code: '69002',
  city: 'Lyon',
  siren: '303265045',
  siret: '30326504500011',
  vat_number: 'FR40303265045',
  legal_form: 'SAS au capital de 10 000 €',
  registration: 'RCS Lyon 303 265 045',
  iban: 'FR76 3000 6000 0112 3456 7890 189',
  bic: 'AGRIFRPP',
  sepa_creditor_id: 'FR72ZZZ123456',
};

/** A tenant with complete seller settings and one business customer, and its owner's token. */
export async function billingTenant(app: App, admin: pg.Pool) {
  const owner = await createTenant(admin);
  const token = await signAccessToken(owner);
  const { send, ok } = client(app);
  await ok(send('PATCH', '/settings', token, SELLER_SETTINGS));
  const customer = await ok(
    send('POST', '/customers', token, {
      legal_name: 'Boulangerie Martin SARL',
      address_line1: '3 place du Marché',
      postal_code: '75011',
      city: 'Paris',
      siren: '542065479',
      vat_number: 'FR61542065479',
      email: 'compta@boulangerie-martin.example',
    }),
    201,
  );
  return { owner, token, customer };
}
