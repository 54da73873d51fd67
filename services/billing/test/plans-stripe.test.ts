/**
 * Plans, quotas and Stripe through the real HTTP handlers: FREE by default, monthly quotas
 * consumed atomically with 402 when exhausted, Checkout and portal (503 without Stripe), and the
 * webhook applied to real Stripe payloads of the shared corpus, signed here with a test secret:
 * a wrong signature, an old timestamp and a replay change nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addMember, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem, readJson } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import type { StripeClient } from '../src/routes/plans.js';
import { signStripePayload } from '../src/stripe/webhook.js';
import { client, useBillingService } from './helpers.js';

const admin = useAdminPool();
const WEBHOOK_SECRET = 'whsec_testsecret0123456789';

/** A stand-in for the Stripe API (a third party, unreachable here) that records what it was asked. */
function fakeStripe() {
  const calls: Array<{ method: string; params: any }> = [];
  const stripe = {
    prices: {
      list: async (params: any) => {
        calls.push({ method: 'prices.list', params });
        return { data: [{ id: `price_${params.lookup_keys[0]}` }] };
      },
    },
    checkout: {
      sessions: {
        create: async (params: any) => {
          calls.push({ method: 'checkout.sessions.create', params });
          return { url: 'https://checkout.stripe.com/c/pay/cs_test_1' };
        },
      },
    },
    billingPortal: {
      sessions: {
        create: async (params: any) => {
          calls.push({ method: 'billingPortal.sessions.create', params });
          return { url: 'https://billing.stripe.com/p/session/test_1' };
        },
      },
    },
  } as unknown as StripeClient;
  return { stripe, calls };
}

const fake = fakeStripe();
const withStripe = useBillingService({ stripe: { client: fake.stripe, webhookSecret: WEBHOOK_SECRET } });
const withoutStripe = useBillingService();
const api = client(withStripe.app);

async function owner() {
  const member = await createTenant(admin);
  return { member, token: await signAccessToken(member) };
}

describe('plan and quotas', () => {
  it('a tenant starts on FREE with its quotas unused', async () => {
    const { token } = await owner();
    const plan = await api.ok(api.get('/plan', token));
    expect(plan).toMatchObject({
      plan: 'FREE',
      status: 'active',
      payment_failed: false,
      stripe_enabled: true,
    });
    expect(plan.usage.find((u: any) => u.metric === 'invoices')).toMatchObject({
      used: 0,
      limit: 10,
      remaining: 10,
    });
    expect(plan.plans.map((p: any) => p.code)).toEqual(['FREE', 'STARTER', 'PRO', 'ENTERPRISE']);
  });

  it('consumes a quota up to its limit, then answers 402 with the reset date, and check agrees', async () => {
    const { member, token } = await owner();
    for (let i = 0; i < 9; i++) await api.ok(api.send('POST', '/quotas/invoices/consume', token, {}));
    expect(await api.ok(api.send('POST', '/quotas/invoices/check', token, { amount: 1 }))).toMatchObject({
      used: 9,
      remaining: 1,
    });
    await expectProblem(await api.send('POST', '/quotas/invoices/check', token, { amount: 2 }), 402);
    // A CLIENT member's action counts too.
    const clientToken = await signAccessToken(await addMember(admin, member.tenantId, 'CLIENT'));
    expect(await api.ok(api.send('POST', '/quotas/invoices/consume', clientToken, {}))).toMatchObject({
      used: 10,
      remaining: 0,
    });
    const problem = await expectProblem(await api.send('POST', '/quotas/invoices/consume', token, {}), 402);
    expect(problem).toMatchObject({ metric: 'invoices', used: 10, limit: 10 });
    expect(problem.detail).toMatch(/resets on \d{4}-\d{2}-01/);
    // Another tenant's counter is its own.
    const other = await owner();
    await api.ok(api.send('POST', '/quotas/invoices/consume', other.token, {}));
  });

  it('never counts past the limit under 15 concurrent consumers', async () => {
    const { member, token } = await owner();
    const results = await Promise.all(
      Array.from({ length: 15 }, () => api.send('POST', '/quotas/invoices/consume', token, {})),
    );
    expect(results.filter((r) => r.status === 200)).toHaveLength(10);
    expect(results.filter((r) => r.status === 402)).toHaveLength(5);
    const { rows } = await admin.query('select used from billing.quota_usage where tenant_id = $1', [
      member.tenantId,
    ]);
    expect(rows).toEqual([{ used: 10 }]);
  });

  it('refuses unknown metrics and bad amounts with 4xx', async () => {
    const { token } = await owner();
    await expectProblem(await api.send('POST', '/quotas/bananas/consume', token, {}), 422);
    await expectProblem(await api.send('POST', '/quotas/invoices/consume', token, { amount: 0 }), 422);
  });
});

describe('Stripe Checkout and portal', () => {
  it('answer 503 with a clear problem when Stripe is not configured', async () => {
    const { token } = await owner();
    const off = client(withoutStripe.app);
    expect(
      (await expectProblem(await off.send('POST', '/plan/checkout', token, { plan: 'PRO' }), 503)).detail,
    ).toMatch(/STRIPE_SECRET_KEY/);
    await expectProblem(await off.send('POST', '/plan/portal', token), 503);
    expect((await off.ok(off.get('/plan', token))).stripe_enabled).toBe(false);
    await expectProblem(
      await withoutStripe.app.request('/stripe/webhook', { method: 'POST', body: '{}' }),
      503,
    );
  });

  it('create a Checkout session for the plan price, tied to the tenant, by owners only', async () => {
    const { member, token } = await owner();
    const manager = await signAccessToken(await addMember(admin, member.tenantId, 'ADMIN'));
    await expectProblem(await api.send('POST', '/plan/checkout', manager, { plan: 'PRO' }), 403);
    const { url } = await api.ok(api.send('POST', '/plan/checkout', token, { plan: 'PRO' }));
    expect(url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    const call = fake.calls.filter((c) => c.method === 'checkout.sessions.create').at(-1)!;
    expect(call.params).toMatchObject({
      mode: 'subscription',
      client_reference_id: member.tenantId,
      line_items: [{ price: 'price_pro', quantity: 1 }],
      success_url: 'http://billing.comptoir.localhost:8080/plan?checkout=success',
    });
    await expectProblem(await api.send('POST', '/plan/portal', token), 409);
  });
});

/** The corpus lives beside the repository (../shared), never in it. */
const STRIPE_CORPUS = fileURLToPath(new URL('../../../../shared/corpus/stripe/', import.meta.url));
const HAS_CORPUS = existsSync(STRIPE_CORPUS);

/** A corpus payload (some are the event's `data` only) as a whole event, with overrides. */
function corpusEvent(
  file: string,
  type: string,
  id: string,
  createdSeconds: number,
  patch: (o: any) => void,
) {
  const raw = JSON.parse(readFileSync(`${STRIPE_CORPUS}${file}`, 'utf8'));
  const object = structuredClone(raw.object ?? raw);
  patch(object);
  return JSON.stringify({
    id,
    object: 'event',
    api_version: '2024-06-20',
    created: createdSeconds,
    type,
    data: { object },
  });
}

function deliver(payload: string, signature = signStripePayload(payload, WEBHOOK_SECRET)) {
  return withStripe.app.request('/stripe/webhook', {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'stripe-signature': signature },
    body: payload,
  });
}

// Skipped only when ../shared/corpus is absent (a checkout without the shared corpus).
describe.skipIf(!HAS_CORPUS)('Stripe webhook on the corpus payloads', () => {
  it('links the tenant at checkout, applies plan and status, puts it back on FREE when deleted', async () => {
    const { member, token } = await owner();
    const now = Math.floor(Date.now() / 1000);
    const customer = `cus_T${member.tenantId.slice(0, 8)}`;
    const subscription = `sub_T${member.tenantId.slice(0, 8)}`;
    const checkout = corpusEvent(
      'pay__checkout.session.completed.json',
      'checkout.session.completed',
      `evt_c${member.tenantId.slice(0, 8)}`,
      now - 30,
      (o) => {
        o.client_reference_id = member.tenantId;
        o.customer = customer;
        o.subscription = subscription;
      },
    );
    expect(await readJson(await deliver(checkout))).toEqual({
      received: true,
      duplicate: false,
      outcome: 'checkout_completed',
    });

    const created = corpusEvent(
      'pay__subscription.created.json',
      'customer.subscription.created',
      `evt_s${member.tenantId.slice(0, 8)}`,
      now - 20,
      (o) => {
        o.id = subscription;
        o.customer = customer;
        for (const item of o.items.data) item.price.lookup_key = 'pro';
      },
    );
    expect((await readJson(await deliver(created))).outcome).toBe('subscription_changed');
    expect(await api.ok(api.get('/plan', token))).toMatchObject({ plan: 'PRO', status: 'active' });
    const { rows: tenant } = await admin.query('select plan from platform.tenants where id = $1', [
      member.tenantId,
    ]);
    expect(tenant[0].plan).toBe('PRO');
    expect(
      (await api.ok(api.get('/plan', token))).usage.find((u: any) => u.metric === 'invoices').limit,
    ).toBe(1000);

    // A replay is acknowledged and changes nothing.
    expect(await readJson(await deliver(created))).toMatchObject({ duplicate: true });

    const failed = corpusEvent(
      'pay__invoice.payment_failed.json',
      'invoice.payment_failed',
      `evt_f${member.tenantId.slice(0, 8)}`,
      now - 10,
      (o) => {
        o.customer = customer;
        o.subscription = subscription;
      },
    );
    expect((await readJson(await deliver(failed))).outcome).toBe('invoice_payment_failed');
    expect(await api.ok(api.get('/plan', token))).toMatchObject({ status: 'past_due', payment_failed: true });
    const { rows: events } = await admin.query(
      `select count(*)::int as n from platform.outbox where tenant_id = $1 and event_type = 'billing.subscription.payment_failed'`,
      [member.tenantId],
    );
    expect(events[0].n).toBe(1);

    const deleted = corpusEvent(
      'pay__subscription.deleted.json',
      'customer.subscription.deleted',
      `evt_d${member.tenantId.slice(0, 8)}`,
      now,
      (o) => {
        o.id = subscription;
        o.customer = customer;
      },
    );
    expect((await readJson(await deliver(deleted))).outcome).toBe('subscription_deleted');
    expect(await api.ok(api.get('/plan', token))).toMatchObject({ plan: 'FREE', status: 'canceled' });

    // An older event delivered late does not resurrect the subscription.
    const late = corpusEvent(
      'pay__subscription.updated.json',
      'customer.subscription.updated',
      `evt_l${member.tenantId.slice(0, 8)}`,
      now - 15,
      (o) => {
        o.id = subscription;
        o.customer = customer;
      },
    );
    const lateResult = await deliver(late);
    expect(lateResult.status, await lateResult.clone().text()).toBe(200);
    expect((await readJson(lateResult)).outcome).toMatch(/^ignored: older/);
    expect((await api.ok(api.get('/plan', token))).plan).toBe('FREE');
  });

  it('asks Stripe to retry an event of an unknown customer, ignores events of an older subscription, and refuses a second Checkout', async () => {
    const { member, token } = await owner();
    const now = Math.floor(Date.now() / 1000);
    const tag = member.tenantId.slice(0, 8);
    const customer = `cus_R${tag}`;
    const current = `sub_N${tag}`;
    const created = corpusEvent(
      'pay__subscription.created.json',
      'customer.subscription.created',
      `evt_r1${tag}`,
      now - 50,
      (o) => {
        o.id = current;
        o.customer = customer;
        for (const item of o.items.data) item.price.lookup_key = 'starter';
      },
    );
    // Before checkout.session.completed links the customer: 503, nothing recorded, Stripe retries.
    const early = await deliver(created);
    expect(early.status).toBe(503);
    const checkout = corpusEvent(
      'pay__checkout.session.completed.json',
      'checkout.session.completed',
      `evt_r2${tag}`,
      now - 40,
      (o) => {
        o.client_reference_id = member.tenantId;
        o.customer = customer;
        o.subscription = current;
      },
    );
    await deliver(checkout);
    expect((await readJson(await deliver(created))).outcome).toBe('subscription_changed');
    expect((await api.ok(api.get('/plan', token))).plan).toBe('STARTER');

    // The customer's older subscription ends: the tenant keeps its current plan.
    const oldDeleted = corpusEvent(
      'pay__subscription.deleted.json',
      'customer.subscription.deleted',
      `evt_r3${tag}`,
      now - 30,
      (o) => {
        o.id = `sub_O${tag}`;
        o.customer = customer;
      },
    );
    expect((await readJson(await deliver(oldDeleted))).outcome).toMatch(
      /^ignored: about another subscription/,
    );
    expect((await api.ok(api.get('/plan', token))).plan).toBe('STARTER');

    // Subscribed: a second Checkout would bill twice; the portal is where plans change.
    await expectProblem(await api.send('POST', '/plan/checkout', token, { plan: 'PRO' }), 409);
    expect((await api.ok(api.send('POST', '/plan/portal', token))).url).toMatch(
      /^https:\/\/billing\.stripe\.com\//,
    );
  });

  it('refuses a wrong signature, a wrong secret, an old timestamp and a missing header, writing nothing', async () => {
    const { member } = await owner();
    const payload = corpusEvent(
      'pay__checkout.session.completed.json',
      'checkout.session.completed',
      `evt_x${member.tenantId.slice(0, 8)}`,
      Math.floor(Date.now() / 1000),
      (o) => {
        o.client_reference_id = member.tenantId;
      },
    );
    const signature = signStripePayload(payload, WEBHOOK_SECRET);
    await expectProblem(await deliver(payload, signature.replace(/v1=[0-9a-f]{4}/, 'v1=0000')), 400);
    await expectProblem(await deliver(payload, signStripePayload(payload, 'whsec_another0123456789')), 400);
    await expectProblem(
      await deliver(payload, signStripePayload(payload, WEBHOOK_SECRET, new Date(Date.now() - 6 * 60_000))),
      400,
    );
    await expectProblem(await deliver(`${payload} `, signature), 400);
    const res = await withStripe.app.request('/stripe/webhook', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: payload,
    });
    await expectProblem(res, 400);
    const { rows } = await admin.query('select count(*)::int as n from billing.stripe_events where id = $1', [
      `evt_x${member.tenantId.slice(0, 8)}`,
    ]);
    expect(rows[0].n).toBe(0);
    const { rows: subs } = await admin.query(
      'select count(*)::int as n from billing.subscriptions where tenant_id = $1',
      [member.tenantId],
    );
    expect(subs[0].n).toBe(0);
  });

  it('acknowledges events it does not handle, and a checkout naming no tenant', async () => {
    const payload = corpusEvent(
      'pay__charge.refunded.json',
      'charge.refunded',
      'evt_refund0001',
      Math.floor(Date.now() / 1000),
      () => {},
    );
    expect((await readJson(await deliver(payload))).outcome).toMatch(/^ignored/);
    const anonymous = corpusEvent(
      'pay__checkout.session.completed.json',
      'checkout.session.completed',
      'evt_anon0001',
      Math.floor(Date.now() / 1000),
      () => {},
    );
    expect((await readJson(await deliver(anonymous))).outcome).toMatch(/^ignored/);
  });
});
