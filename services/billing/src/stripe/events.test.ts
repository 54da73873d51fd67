/**
 * `interpretStripeEvent` over every file of the shared corpus (`../shared/corpus/stripe/`, next to
 * the repository, see its PROVENANCE.md), with a table of what each became printed in the output.
 *
 * The corpus holds three shapes, told apart explicitly:
 * - `event`: a whole event (`object: "event"`), interpreted as is;
 * - `data envelope`: the pay-rails fixtures (`pay__*` except `account.updated`) are only an event's
 *   `data` (`{ object, previous_attributes? }`), the type being the file name; they are wrapped in
 *   an event of that type (`subscription.*` → `customer.subscription.*`) before interpretation;
 * - `bare object`: an API object (invoice, subscription, checkout session, deleted customer) that
 *   is not an event; interpreted as is it must be ignored as "not a Stripe event".
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FREE_PLAN, HANDLED_STRIPE_EVENT_TYPES, interpretStripeEvent, type StripeAction } from './events.js';

/**
 * `/work/main/../shared/corpus`: walks up from this file to the repository root (the folder holding
 * `pnpm-workspace.yaml`), then goes to its sibling `shared/corpus`. `null` when not found.
 */
function findCorpus(): string | null {
  let dir = new URL('./', import.meta.url);
  for (let depth = 0; depth < 10; depth++) {
    if (existsSync(fileURLToPath(new URL('pnpm-workspace.yaml', dir)))) {
      const corpus = fileURLToPath(new URL('../shared/corpus/', dir));
      return existsSync(corpus) ? corpus : null;
    }
    dir = new URL('../', dir);
  }
  return null;
}

const STRIPE_DIR = (() => {
  const corpus = findCorpus();
  return corpus && existsSync(join(corpus, 'stripe')) ? join(corpus, 'stripe') : null;
})();
const FILES = STRIPE_DIR
  ? readdirSync(STRIPE_DIR)
      .filter((f) => f.endsWith('.json'))
      .sort()
  : [];

/** 2023-11-14T22:13:20Z, the `created` of the synthetic events wrapped around corpus data. */
const CREATED = 1_700_000_000;
const CREATED_ISO = '2023-11-14T22:13:20.000Z';

type Shape = 'event' | 'data envelope' | 'bare object';

function readCorpus(file: string): any {
  return JSON.parse(readFileSync(join(STRIPE_DIR!, file), 'utf8'));
}

function shapeOf(json: any): Shape {
  if (json?.object === 'event') return 'event';
  // `{ object: {…}, previous_attributes?: {…} }` and nothing else: an event's `data`. (The charge of
  // pay__charge.refunded.json lacks its own `object: "charge"`, so the inner object is not checked.)
  const keys = json && typeof json === 'object' ? Object.keys(json) : [];
  if (
    typeof json?.object === 'object' &&
    json.object !== null &&
    keys.every((key) => key === 'object' || key === 'previous_attributes')
  )
    return 'data envelope';
  return 'bare object';
}

/** What each corpus file must become; a file added to the corpus later only has to not throw. */
const EXPECTED_KIND: Record<string, StripeAction['kind']> = {
  'dj-stripe__event_account_application_deauthorized.json': 'ignored',
  'dj-stripe__event_account_updated_standard.json': 'ignored',
  'dj-stripe__event_external_account_card_deleted.json': 'ignored',
  'dj-stripe__invoice_in_fakefakefakefakefake0004.json': 'ignored',
  'dj-stripe__subscription_sub_fakefakefakefakefake0001.json': 'ignored',
  'lago__2020-08-27_payment_intent_succeeded.json': 'ignored',
  'lago__basil_charge_dispute_closed.json': 'ignored',
  'lago__basil_customer_updated.json': 'ignored',
  'lago__basil_payment_intent_payment_failed.json': 'ignored',
  'pay__account.updated.json': 'ignored',
  'pay__charge.refunded.json': 'ignored',
  // Handled type, but the fixture names no tenant: see the dedicated test below.
  'pay__checkout.session.completed.json': 'ignored',
  'pay__customer.updated.json': 'ignored',
  'pay__invoice.payment_failed.json': 'invoice_payment_failed',
  'pay__subscription.created.json': 'subscription_changed',
  'pay__subscription.deleted.json': 'subscription_deleted',
  'pay__subscription.updated.json': 'subscription_changed',
  'stripe-openapi__fixtures3_checkout_session.json': 'ignored',
  'stripe-openapi__fixtures3_deleted_customer.json': 'ignored',
  'stripe-openapi__fixtures3_event.json': 'ignored',
  'stripe-openapi__fixtures3_invoice.json': 'ignored',
  'stripe-openapi__fixtures3_subscription.json': 'ignored',
};

/** pay-rails names its fixtures after the event type, without the `customer.` of subscription events. */
function eventTypeFromFileName(file: string): string {
  const name = file.replace(/^pay__/, '').replace(/\.json$/, '');
  return name.startsWith('subscription.') ? `customer.${name}` : name;
}

/** An event of `type` around `object`, as Stripe would deliver it. */
function wrap(type: string, object: unknown, id = `evt_corpus_${type}`, extra: Record<string, unknown> = {}) {
  return { id, object: 'event', type, created: CREATED, livemode: false, data: { object, ...extra } };
}

/** Interprets a corpus file the way its shape requires. */
function interpretFile(
  file: string,
  options = {},
): { shape: Shape; type: string | null; action: StripeAction } {
  const json = readCorpus(file);
  const shape = shapeOf(json);
  if (shape === 'data envelope') {
    const type = eventTypeFromFileName(file);
    return { shape, type, action: interpretStripeEvent(wrap(type, json.object, undefined, json), options) };
  }
  return { shape, type: shape === 'event' ? json.type : null, action: interpretStripeEvent(json, options) };
}

const rows: { file: string; shape: Shape; type: string; kind: string; detail: string }[] = [];

function detailOf(action: StripeAction): string {
  switch (action.kind) {
    case 'ignored':
      return action.reason;
    case 'checkout_completed':
      return `tenant ${action.tenantId}, ${action.subscriptionId}`;
    case 'subscription_changed':
      return `${action.subscriptionId} ${action.status} plan ${action.plan} until ${action.currentPeriodEnd}`;
    case 'subscription_deleted':
      return `${action.subscriptionId} → ${action.plan}`;
    case 'invoice_payment_failed':
      return `${action.invoiceId} ${action.amountDueMinor} ${action.currency} attempt ${action.attemptCount}`;
    case 'invoice_paid':
      return `${action.invoiceId} ${action.amountPaidMinor} ${action.currency}`;
  }
}

function table(): string {
  const header = ['file', 'shape', 'type', 'action kind', 'detail'];
  const lines = rows.map((r) => [r.file, r.shape, r.type, r.kind, r.detail]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => Math.min(l[i]!.length, 80))));
  const format = (cells: string[]) =>
    `| ${cells.map((c, i) => c.slice(0, 80).padEnd(widths[i]!)).join(' | ')} |`;
  return [format(header), format(widths.map((w) => '-'.repeat(w))), ...lines.map(format)].join('\n');
}

// Skipped when ../shared/corpus/stripe (third-party payloads beside the repository, never copied
// into it) is absent, e.g. in a checkout without ../shared: the table then has no row.
describe.skipIf(FILES.length === 0)(
  'interpretStripeEvent on the shared corpus (../shared/corpus/stripe)',
  () => {
    afterAll(() => {
      if (rows.length) console.log(`\nStripe corpus (${STRIPE_DIR})\n${table()}\n`);
    });

    it.each(FILES)('interprets %s without throwing, shape told apart explicitly', (file) => {
      const { shape, type, action } = interpretFile(file);
      rows.push({ file, shape, type: type ?? '-', kind: action.kind, detail: detailOf(action) });
      if (shape === 'bare object') {
        expect(action).toMatchObject({ kind: 'ignored', type: null, eventId: null });
        expect((action as any).reason).toMatch(/^not a Stripe event/);
      } else if (type && !HANDLED_STRIPE_EVENT_TYPES.includes(type)) {
        expect(action).toEqual({
          kind: 'ignored',
          type,
          eventId: expect.any(String),
          reason: `event type ${type} is not handled by billing`,
        });
      } else if (action.kind === 'ignored') {
        expect(action.reason).toBeTruthy();
      } else {
        expect(action.eventCreatedAt).toEqual(shape === 'event' ? expect.any(String) : CREATED_ISO);
      }
      if (file in EXPECTED_KIND) expect(action.kind).toBe(EXPECTED_KIND[file]);
    });

    it('finds the three shapes: whole events, pay-rails data envelopes and bare API objects', () => {
      const shapes = Object.fromEntries(FILES.map((f) => [f, shapeOf(readCorpus(f))]));
      expect(shapes['pay__account.updated.json']).toBe('event');
      expect(shapes['lago__basil_customer_updated.json']).toBe('event');
      expect(shapes['pay__checkout.session.completed.json']).toBe('data envelope');
      expect(shapes['pay__invoice.payment_failed.json']).toBe('data envelope');
      expect(shapes['pay__charge.refunded.json']).toBe('data envelope');
      expect(shapes['stripe-openapi__fixtures3_invoice.json']).toBe('bare object');
      expect(shapes['dj-stripe__subscription_sub_fakefakefakefakefake0001.json']).toBe('bare object');
    });

    describe('pay-rails checkout and subscription events', () => {
      it('checkout.session.completed: ignored, the session names no tenant (client_reference_id null, metadata {})', () => {
        expect(interpretFile('pay__checkout.session.completed.json').action).toEqual({
          kind: 'ignored',
          type: 'checkout.session.completed',
          eventId: 'evt_corpus_checkout.session.completed',
          reason: 'checkout session has neither client_reference_id nor metadata.tenant_id',
        });
      });

      it('checkout.session.completed: links tenant, customer and subscription once the tenant is set', () => {
        const session = readCorpus('pay__checkout.session.completed.json').object;
        const withReference = { ...session, client_reference_id: '0f8fad5b-d9cb-469f-a165-70867728950e' };
        expect(interpretStripeEvent(wrap('checkout.session.completed', withReference, 'evt_1'))).toEqual({
          kind: 'checkout_completed',
          eventId: 'evt_1',
          eventCreatedAt: CREATED_ISO,
          tenantId: '0f8fad5b-d9cb-469f-a165-70867728950e',
          customerId: 'cus_M5wW9RPFk9xNZ5',
          subscriptionId: 'sub_1LNkeSKXBGcbgpbZ7jMqOPSi',
          plan: null,
        });
        const withMetadata = { ...session, metadata: { tenant_id: 't-42', plan: 'PRO' } };
        expect(interpretStripeEvent(wrap('checkout.session.completed', withMetadata))).toMatchObject({
          kind: 'checkout_completed',
          tenantId: 't-42',
          plan: 'PRO',
        });
      });

      it('customer.subscription.created: active, plan from the price id, period end at the top level (old API)', () => {
        expect(interpretFile('pay__subscription.created.json').action).toEqual({
          kind: 'subscription_changed',
          eventId: 'evt_corpus_customer.subscription.created',
          eventCreatedAt: CREATED_ISO,
          customerId: 'cus_00000000000000',
          subscriptionId: 'sub_00000000000000',
          status: 'active',
          plan: 'FFBEGINNER_00000000000000',
          priceId: 'FFBEGINNER_00000000000000',
          currentPeriodEnd: '2017-03-08T15:45:24.000Z',
          cancelAtPeriodEnd: false,
        });
      });

      it('customer.subscription.updated: period end read from the item (basil and later), status canceled', () => {
        const { action } = interpretFile('pay__subscription.updated.json');
        expect(readCorpus('pay__subscription.updated.json').object.current_period_end).toBeUndefined();
        expect(action).toMatchObject({
          kind: 'subscription_changed',
          subscriptionId: 'sub_00000000000000',
          status: 'canceled',
          currentPeriodEnd: '2017-03-08T15:45:24.000Z',
          cancelAtPeriodEnd: false,
        });
      });

      it('maps the price to our plan with planFromPrice (record or function), null when unknown', () => {
        const file = 'pay__subscription.created.json';
        expect(
          interpretFile(file, { planFromPrice: { FFBEGINNER_00000000000000: 'STARTER' } }).action,
        ).toMatchObject({
          plan: 'STARTER',
        });
        expect(interpretFile(file, { planFromPrice: { pro_monthly: 'PRO' } }).action).toMatchObject({
          plan: null,
        });
        expect(
          interpretFile(file, {
            planFromPrice: (p: { productId: string | null }) =>
              p.productId === 'prod_00000000000000' ? 'BASIC' : null,
          }).action,
        ).toMatchObject({ plan: 'BASIC' });
      });

      it('customer.subscription.deleted: back to FREE', () => {
        expect(interpretFile('pay__subscription.deleted.json').action).toEqual({
          kind: 'subscription_deleted',
          eventId: 'evt_corpus_customer.subscription.deleted',
          eventCreatedAt: CREATED_ISO,
          customerId: 'cus_00000000000000',
          subscriptionId: 'sub_00000000000000',
          plan: FREE_PLAN,
        });
      });

      it('invoice.payment_failed: amount due in cents, upper-case currency, next retry, subscription from parent', () => {
        expect(interpretFile('pay__invoice.payment_failed.json').action).toEqual({
          kind: 'invoice_payment_failed',
          eventId: 'evt_corpus_invoice.payment_failed',
          eventCreatedAt: CREATED_ISO,
          customerId: 'cus_1234',
          invoiceId: 'in_1234',
          subscriptionId: 'sub_1234',
          amountDueMinor: 24_900,
          currency: 'USD',
          attemptCount: 1,
          nextPaymentAttempt: '2025-04-25T03:46:23.000Z',
        });
      });

      it('customer.updated and charge.refunded envelopes, and the account.updated event, are ignored', () => {
        for (const file of [
          'pay__customer.updated.json',
          'pay__charge.refunded.json',
          'pay__account.updated.json',
        ]) {
          expect(interpretFile(file).action).toMatchObject({
            kind: 'ignored',
            reason: expect.stringMatching(/not handled/),
          });
        }
      });
    });

    describe('bare API objects, wrapped in the event billing would receive', () => {
      it('a paid invoice (dj-stripe, API 2020) → invoice_paid with the legacy subscription field', () => {
        const invoice = readCorpus('dj-stripe__invoice_in_fakefakefakefakefake0004.json');
        expect(interpretStripeEvent(wrap('invoice.paid', invoice, 'evt_2'))).toEqual({
          kind: 'invoice_paid',
          eventId: 'evt_2',
          eventCreatedAt: CREATED_ISO,
          customerId: 'cus_6lsBvm5rJ0zyHc',
          invoiceId: 'in_fakefakefakefakefake0004',
          subscriptionId: 'sub_fakefakefakefakefake0002',
          amountPaidMinor: 4_000,
          currency: 'USD',
          paidAt: '2020-06-27T02:46:25.000Z',
        });
      });

      it('the current OpenAPI invoice fixture → payment failed, subscription under parent.subscription_details', () => {
        const invoice = readCorpus('stripe-openapi__fixtures3_invoice.json');
        expect(interpretStripeEvent(wrap('invoice.payment_failed', invoice))).toMatchObject({
          kind: 'invoice_payment_failed',
          invoiceId: 'in_1Pgc6tB7WZ01zgkWu9fdqL6I',
          subscriptionId: 'subscription',
          amountDueMinor: 1_000,
          attemptCount: 0,
          nextPaymentAttempt: '2009-02-13T23:31:30.000Z',
        });
      });

      it('the current OpenAPI subscription fixture → period end from its item, cancel at period end', () => {
        const subscription = readCorpus('stripe-openapi__fixtures3_subscription.json');
        expect(subscription.current_period_end).toBeUndefined();
        expect(interpretStripeEvent(wrap('customer.subscription.updated', subscription))).toMatchObject({
          kind: 'subscription_changed',
          subscriptionId: 'sub_1Pgc6rB7WZ01zgkWNy0Cn5nw',
          customerId: 'cus_QXg1o8vcGmoR32',
          status: 'active',
          priceId: 'price_1PgafmB7WZ01zgkW6dKueIc5',
          currentPeriodEnd: '2000-12-08T15:02:53.000Z',
          cancelAtPeriodEnd: true,
        });
      });

      it('the dj-stripe subscription (API 2019, price and legacy plan) → top-level period end', () => {
        const subscription = readCorpus('dj-stripe__subscription_sub_fakefakefakefakefake0001.json');
        expect(interpretStripeEvent(wrap('customer.subscription.created', subscription))).toMatchObject({
          kind: 'subscription_changed',
          customerId: 'cus_6lsBvm5rJ0zyHc',
          status: 'active',
          currentPeriodEnd: new Date(1_560_673_576_000).toISOString(),
        });
      });

      it('a payment-mode checkout session → ignored, there is no subscription to link', () => {
        const session = readCorpus('stripe-openapi__fixtures3_checkout_session.json');
        expect(interpretStripeEvent(wrap('checkout.session.completed', session))).toMatchObject({
          kind: 'ignored',
          reason: 'checkout session mode is "payment", not "subscription"',
        });
      });
    });

    it('never throws when any single field of a handled object is removed or nulled', () => {
      const cases: [string, string][] = [
        ['pay__checkout.session.completed.json', 'checkout.session.completed'],
        ['pay__subscription.created.json', 'customer.subscription.updated'],
        ['pay__subscription.deleted.json', 'customer.subscription.deleted'],
        ['pay__invoice.payment_failed.json', 'invoice.payment_failed'],
        ['pay__invoice.payment_failed.json', 'invoice.paid'],
      ];
      for (const [file, type] of cases) {
        const object = readCorpus(file).object;
        for (const key of Object.keys(object)) {
          const { [key]: _removed, ...without } = object;
          for (const variant of [without, { ...object, [key]: null }, { ...object, [key]: [] }]) {
            const action = interpretStripeEvent(wrap(type, variant));
            if (action.kind === 'ignored') expect(action.reason).toBeTruthy();
          }
        }
      }
    });
  },
);

describe('interpretStripeEvent on malformed input', () => {
  it.each([
    [null],
    [undefined],
    ['evt_1'],
    [42],
    [[]],
    [{}],
    [{ object: 'v2.core.event', type: 'v1.billing.meter.error_report_triggered' }],
  ])('ignores %j as not a Stripe event', (input) => {
    expect(interpretStripeEvent(input)).toMatchObject({
      kind: 'ignored',
      type: null,
      reason: expect.stringMatching(/^not a Stripe event/),
    });
  });

  it('explains what is missing on a handled type', () => {
    const subscription = {
      id: 'sub_1',
      object: 'subscription',
      customer: 'cus_1',
      status: 'active',
      cancel_at_period_end: false,
    };
    expect(
      interpretStripeEvent({ id: 'evt_1', object: 'event', created: CREATED, type: 'invoice.paid' }),
    ).toMatchObject({
      reason: 'event has no data.object',
    });
    expect(interpretStripeEvent(wrap('invoice.paid', subscription))).toMatchObject({
      reason: 'data.object is "subscription", expected "invoice"',
    });
    expect(interpretStripeEvent(wrap('customer.subscription.updated', subscription))).toMatchObject({
      reason: 'subscription has no item with a price',
    });
    const withItem = {
      ...subscription,
      items: { data: [{ price: { id: 'price_1', lookup_key: 'pro_monthly' } }] },
    };
    expect(interpretStripeEvent(wrap('customer.subscription.updated', withItem))).toMatchObject({
      reason: 'subscription has no current_period_end, neither on itself nor on its item',
    });
    expect(
      interpretStripeEvent(
        wrap('customer.subscription.updated', {
          ...withItem,
          current_period_end: 1_700_000_000,
          status: 'sleeping',
        }),
      ),
    ).toMatchObject({ reason: 'subscription status "sleeping" is unknown' });
    expect(
      interpretStripeEvent(
        wrap('customer.subscription.updated', { ...withItem, current_period_end: 1_700_000_000 }),
        {
          planFromPrice: { pro_monthly: 'PRO' },
        },
      ),
    ).toMatchObject({ kind: 'subscription_changed', plan: 'PRO', priceId: 'price_1' });
    expect(interpretStripeEvent({ ...wrap('invoice.paid', {}), id: undefined })).toMatchObject({
      reason: 'event has no id',
    });
  });

  it('does not mistake an inherited property name for a handled type', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      expect(interpretStripeEvent(wrap(type, {}))).toMatchObject({
        kind: 'ignored',
        reason: `event type ${type} is not handled by billing`,
      });
    }
  });

  it('accepts expanded customer and subscription objects', () => {
    const session = {
      object: 'checkout.session',
      mode: 'subscription',
      client_reference_id: 't-1',
      customer: { id: 'cus_9', object: 'customer' },
      subscription: { id: 'sub_9', object: 'subscription' },
    };
    expect(interpretStripeEvent(wrap('checkout.session.completed', session))).toMatchObject({
      customerId: 'cus_9',
      subscriptionId: 'sub_9',
    });
  });
});
