/**
 * @module events
 * What billing must do about a Stripe event, decided by a pure function: no I/O, no clock, no
 * throw. The input is the verified event body (`verifyStripeSignature`), read defensively because
 * its shape depends on the API version the webhook endpoint renders with (Stripe docs, "API
 * upgrades" and the changelog), e.g. since `2025-03-31.basil` `current_period_end` lives on
 * subscription items and an invoice's subscription is under `parent.subscription_details`.
 *
 * Handled types (Stripe docs, "Using webhooks with subscriptions",
 * https://docs.stripe.com/billing/subscriptions/webhooks): `checkout.session.completed`,
 * `customer.subscription.created|updated|deleted`, `invoice.payment_failed`, `invoice.paid`.
 * Anything else, and any handled event missing a field billing needs, becomes
 * `{ kind: 'ignored', reason }`, so the route can acknowledge it (2xx) and log the reason.
 *
 * Stripe delivers at least once and in no guaranteed order: every action carries `eventId` (to
 * deduplicate) and `eventCreatedAt` (to drop a stale update).
 */

/** The plan a tenant falls back to when its subscription ends. */
export const FREE_PLAN = 'FREE';

/** Stripe subscription statuses (API reference, "The Subscription object", `status`). */
export type StripeSubscriptionStatus =
  | 'incomplete'
  | 'incomplete_expired'
  | 'trialing'
  | 'active'
  | 'past_due'
  | 'canceled'
  | 'unpaid'
  | 'paused';

const SUBSCRIPTION_STATUSES: ReadonlySet<string> = new Set<StripeSubscriptionStatus>([
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
]);

/** Fields every non-ignored action carries. */
interface EventRef {
  /** Stripe event id (`evt_…`), for idempotency. */
  eventId: string;
  /** When Stripe created the event, ISO 8601 UTC. */
  eventCreatedAt: string;
}

/**
 * A Checkout Session in `subscription` mode completed: link the Stripe customer and subscription
 * to the tenant. `tenantId` comes from `client_reference_id`, else `metadata.tenant_id`; both are
 * set by us when creating the session server-side. Do not create sessions whose
 * `client_reference_id` a browser can choose (Payment Links accept it in the URL).
 * The payment may still be pending (`payment_status: 'unpaid'` with SEPA debit): access follows
 * the subscription events, not this one.
 */
export interface CheckoutCompletedAction extends EventRef {
  kind: 'checkout_completed';
  tenantId: string;
  customerId: string;
  subscriptionId: string;
  /** `metadata.plan` of the session when we set one, else `null` (the subscription events carry the price). */
  plan: string | null;
}

/** A subscription was created or changed: apply its status, plan and period to the tenant. */
export interface SubscriptionChangedAction extends EventRef {
  kind: 'subscription_changed';
  customerId: string;
  subscriptionId: string;
  status: StripeSubscriptionStatus;
  /** Our plan code from the price (see {@link InterpretStripeEventOptions.planFromPrice}); `null` when the mapping knows none of the price's keys. */
  plan: string | null;
  /** The price the plan was read from (`price_…`, or a legacy plan id). */
  priceId: string;
  /** End of the current billing period, ISO 8601 UTC. */
  currentPeriodEnd: string;
  /** The subscription ends at `currentPeriodEnd` instead of renewing. */
  cancelAtPeriodEnd: boolean;
}

/** A subscription ended (canceled immediately or at period end): move the tenant to {@link FREE_PLAN}. */
export interface SubscriptionDeletedAction extends EventRef {
  kind: 'subscription_deleted';
  customerId: string;
  subscriptionId: string;
  plan: typeof FREE_PLAN;
}

/** Fields shared by the two invoice actions. */
interface InvoiceRef extends EventRef {
  customerId: string;
  invoiceId: string;
  /** The subscription the invoice bills, `null` for a one-off invoice. */
  subscriptionId: string | null;
  /** ISO 4217 code, upper case (Stripe sends it lower case). */
  currency: string;
}

/**
 * Collecting an invoice failed: start or continue dunning. Amounts are in the currency's smallest
 * unit as Stripe counts it (cents for EUR; Stripe docs, "Zero-decimal currencies", lists the few
 * currencies where that differs from ISO 4217).
 */
export interface InvoicePaymentFailedAction extends InvoiceRef {
  kind: 'invoice_payment_failed';
  amountDueMinor: number;
  /** Number of collection attempts so far (1 after the first failure). */
  attemptCount: number;
  /** Next automatic retry, ISO 8601 UTC; `null` when Stripe will not retry (dunning exhausted). */
  nextPaymentAttempt: string | null;
}

/** An invoice was paid (also for 0-amount invoices): record the payment, end dunning. */
export interface InvoicePaidAction extends InvoiceRef {
  kind: 'invoice_paid';
  amountPaidMinor: number;
  /** `status_transitions.paid_at`, ISO 8601 UTC, `null` when absent. */
  paidAt: string | null;
}

/** Nothing to do: an unhandled type, not an event, or a handled event lacking a needed field. */
export interface IgnoredAction {
  kind: 'ignored';
  /** The event type, `null` when the input is not an event. */
  type: string | null;
  eventId: string | null;
  /** Why, in English, for the log. */
  reason: string;
}

/** What billing must do about a Stripe event; discriminated by `kind`. */
export type StripeAction =
  | CheckoutCompletedAction
  | SubscriptionChangedAction
  | SubscriptionDeletedAction
  | InvoicePaymentFailedAction
  | InvoicePaidAction
  | IgnoredAction;

/** The keys of a Stripe price a plan can be recognised by. */
export interface StripePriceKeys {
  /** Price id (`price_…`), or the plan id of a legacy Plan. */
  id: string;
  /** `lookup_key` of the price (`null` for legacy plans and prices without one). */
  lookupKey: string | null;
  /** `metadata.plan` of the price, if any. */
  metadataPlan: string | null;
  /** Product id (`prod_…`), if known. */
  productId: string | null;
}

/**
 * Maps a price to our plan code: either a function, or a record whose keys are tried in order
 * `lookup_key`, `metadata.plan`, price id. Without it, the plan is the first of those present.
 */
export type PlanFromPrice =
  | ((price: StripePriceKeys) => string | null | undefined)
  | Readonly<Record<string, string>>;

/** Options of {@link interpretStripeEvent}. */
export interface InterpretStripeEventOptions {
  /** @see PlanFromPrice */
  planFromPrice?: PlanFromPrice;
}

type Json = Record<string, unknown>;

function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** An id that may be expanded into an object (`"cus_1"` or `{ id: "cus_1", … }`). */
function idOf(value: unknown): string | null {
  return nonEmptyString(value) ?? (isRecord(value) ? nonEmptyString(value.id) : null);
}

function unixToIso(value: unknown): string | null {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) return null;
  return new Date(value * 1000).toISOString();
}

function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function currencyOf(value: unknown): string | null {
  return typeof value === 'string' && /^[a-zA-Z]{3}$/.test(value) ? value.toUpperCase() : null;
}

/** The first subscription item, with its price (or legacy plan). */
function firstItem(subscription: Json): Json | null {
  const items = isRecord(subscription.items) ? subscription.items.data : null;
  if (!Array.isArray(items)) return null;
  return (
    items.find((item): item is Json => isRecord(item) && (isRecord(item.price) || isRecord(item.plan))) ??
    null
  );
}

function priceKeys(item: Json): StripePriceKeys | null {
  const price = isRecord(item.price) ? item.price : isRecord(item.plan) ? item.plan : null;
  const id = price ? nonEmptyString(price.id) : null;
  if (!price || !id) return null;
  return {
    id,
    lookupKey: nonEmptyString(price.lookup_key),
    metadataPlan: isRecord(price.metadata) ? nonEmptyString(price.metadata.plan) : null,
    productId: idOf(price.product),
  };
}

function resolvePlan(keys: StripePriceKeys, mapping: PlanFromPrice | undefined): string | null {
  const candidates = [keys.lookupKey, keys.metadataPlan, keys.id].filter((k): k is string => k !== null);
  if (mapping === undefined) return candidates[0] ?? null;
  if (typeof mapping === 'function') return nonEmptyString(mapping(keys));
  for (const key of candidates) if (Object.hasOwn(mapping, key)) return mapping[key] ?? null;
  return null;
}

/** The subscription an invoice bills: `subscription` before basil, `parent.subscription_details.subscription` since. */
function invoiceSubscription(invoice: Json): string | null {
  const legacy = idOf(invoice.subscription);
  if (legacy) return legacy;
  const parent = isRecord(invoice.parent) ? invoice.parent : null;
  const details = parent && isRecord(parent.subscription_details) ? parent.subscription_details : null;
  return details ? idOf(details.subscription) : null;
}

/**
 * Decides what billing must do about a Stripe event. Pure; never throws.
 *
 * | event type                          | action                                                   |
 * |-------------------------------------|----------------------------------------------------------|
 * | `checkout.session.completed`        | `checkout_completed` (subscription mode only)            |
 * | `customer.subscription.created`     | `subscription_changed`                                   |
 * | `customer.subscription.updated`     | `subscription_changed`                                   |
 * | `customer.subscription.deleted`     | `subscription_deleted` (→ {@link FREE_PLAN})             |
 * | `invoice.payment_failed`            | `invoice_payment_failed`                                 |
 * | `invoice.paid`                      | `invoice_paid`                                           |
 * | anything else, or not an event      | `ignored` with a reason                                  |
 *
 * Plan of a subscription: the first item that has a price (or a legacy `plan`), mapped through
 * `options.planFromPrice`. `currentPeriodEnd`: the subscription's `current_period_end` (API
 * versions before `2025-03-31.basil`), else that item's (basil and later).
 *
 * @param event the verified body, typically from `verifyStripeSignature`; any value is accepted.
 * @example
 * const action = interpretStripeEvent(event, { planFromPrice: { pro_monthly: 'PRO', team_monthly: 'TEAM' } });
 * if (action.kind === 'ignored') logger.info({ reason: action.reason }, 'stripe event ignored');
 */
export function interpretStripeEvent(
  event: unknown,
  options: InterpretStripeEventOptions = {},
): StripeAction {
  if (!isRecord(event) || event.object !== 'event') {
    const object = isRecord(event) ? JSON.stringify(event.object ?? null).slice(0, 40) : typeof event;
    return { kind: 'ignored', type: null, eventId: null, reason: `not a Stripe event (object: ${object})` };
  }
  const type = nonEmptyString(event.type);
  const eventId = nonEmptyString(event.id);
  const ignore = (reason: string): IgnoredAction => ({ kind: 'ignored', type, eventId, reason });
  if (!type) return ignore('event has no type');
  const handled = HANDLERS.get(type);
  if (!handled) return ignore(`event type ${type} is not handled by billing`);
  if (!eventId) return ignore('event has no id');
  const eventCreatedAt = unixToIso(event.created);
  if (!eventCreatedAt) return ignore('event has no valid created timestamp');
  const object = isRecord(event.data) && isRecord(event.data.object) ? event.data.object : null;
  if (!object) return ignore('event has no data.object');
  if (object.object !== handled.object)
    return ignore(`data.object is ${JSON.stringify(object.object ?? null)}, expected "${handled.object}"`);
  return handled.interpret(object, { eventId, eventCreatedAt }, ignore, options);
}

interface Handler {
  /** Expected `data.object.object`. */
  object: 'checkout.session' | 'subscription' | 'invoice';
  interpret(
    object: Json,
    ref: EventRef,
    ignore: (reason: string) => IgnoredAction,
    options: InterpretStripeEventOptions,
  ): StripeAction;
}

const checkoutCompleted: Handler = {
  object: 'checkout.session',
  interpret(session, ref, ignore) {
    if (session.mode !== 'subscription')
      return ignore(`checkout session mode is ${JSON.stringify(session.mode ?? null)}, not "subscription"`);
    const metadata = isRecord(session.metadata) ? session.metadata : {};
    const tenantId = nonEmptyString(session.client_reference_id) ?? nonEmptyString(metadata.tenant_id);
    if (!tenantId) return ignore('checkout session has neither client_reference_id nor metadata.tenant_id');
    const customerId = idOf(session.customer);
    if (!customerId) return ignore('checkout session has no customer');
    const subscriptionId = idOf(session.subscription);
    if (!subscriptionId) return ignore('checkout session has no subscription');
    return {
      kind: 'checkout_completed',
      ...ref,
      tenantId,
      customerId,
      subscriptionId,
      plan: nonEmptyString(metadata.plan),
    };
  },
};

const subscriptionChanged: Handler = {
  object: 'subscription',
  interpret(subscription, ref, ignore, options) {
    const subscriptionId = idOf(subscription.id);
    if (!subscriptionId) return ignore('subscription has no id');
    const customerId = idOf(subscription.customer);
    if (!customerId) return ignore('subscription has no customer');
    const status = subscription.status;
    if (typeof status !== 'string' || !SUBSCRIPTION_STATUSES.has(status))
      return ignore(`subscription status ${JSON.stringify(status ?? null)} is unknown`);
    const item = firstItem(subscription);
    const keys = item ? priceKeys(item) : null;
    if (!item || !keys) return ignore('subscription has no item with a price');
    const currentPeriodEnd = unixToIso(subscription.current_period_end) ?? unixToIso(item.current_period_end);
    if (!currentPeriodEnd)
      return ignore('subscription has no current_period_end, neither on itself nor on its item');
    if (typeof subscription.cancel_at_period_end !== 'boolean')
      return ignore('subscription has no cancel_at_period_end flag');
    return {
      kind: 'subscription_changed',
      ...ref,
      customerId,
      subscriptionId,
      status: status as StripeSubscriptionStatus,
      plan: resolvePlan(keys, options.planFromPrice),
      priceId: keys.id,
      currentPeriodEnd,
      cancelAtPeriodEnd: subscription.cancel_at_period_end,
    };
  },
};

const subscriptionDeleted: Handler = {
  object: 'subscription',
  interpret(subscription, ref, ignore) {
    const subscriptionId = idOf(subscription.id);
    if (!subscriptionId) return ignore('subscription has no id');
    const customerId = idOf(subscription.customer);
    if (!customerId) return ignore('subscription has no customer');
    return { kind: 'subscription_deleted', ...ref, customerId, subscriptionId, plan: FREE_PLAN };
  },
};

/** Customer, invoice and currency, common to both invoice events; a string is the reason to ignore. */
function invoiceRef(invoice: Json, ref: EventRef): InvoiceRef | string {
  const invoiceId = idOf(invoice.id);
  if (!invoiceId) return 'invoice has no id';
  const customerId = idOf(invoice.customer);
  if (!customerId) return 'invoice has no customer';
  const currency = currencyOf(invoice.currency);
  if (!currency)
    return `invoice currency ${JSON.stringify(invoice.currency ?? null)} is not an ISO 4217 code`;
  return { ...ref, customerId, invoiceId, subscriptionId: invoiceSubscription(invoice), currency };
}

const invoicePaymentFailed: Handler = {
  object: 'invoice',
  interpret(invoice, ref, ignore) {
    const common = invoiceRef(invoice, ref);
    if (typeof common === 'string') return ignore(common);
    if (!isAmount(invoice.amount_due)) return ignore('invoice has no integer amount_due');
    if (!isAmount(invoice.attempt_count)) return ignore('invoice has no attempt_count');
    return {
      kind: 'invoice_payment_failed',
      ...common,
      amountDueMinor: invoice.amount_due,
      attemptCount: invoice.attempt_count,
      nextPaymentAttempt: unixToIso(invoice.next_payment_attempt),
    };
  },
};

const invoicePaid: Handler = {
  object: 'invoice',
  interpret(invoice, ref, ignore) {
    const common = invoiceRef(invoice, ref);
    if (typeof common === 'string') return ignore(common);
    if (!isAmount(invoice.amount_paid)) return ignore('invoice has no integer amount_paid');
    const transitions = isRecord(invoice.status_transitions) ? invoice.status_transitions : {};
    return {
      kind: 'invoice_paid',
      ...common,
      amountPaidMinor: invoice.amount_paid,
      paidAt: unixToIso(transitions.paid_at),
    };
  },
};

// A Map, not an object literal: an event type such as "constructor" must not find a prototype member.
const HANDLERS: ReadonlyMap<string, Handler> = new Map([
  ['checkout.session.completed', checkoutCompleted],
  ['customer.subscription.created', subscriptionChanged],
  ['customer.subscription.updated', subscriptionChanged],
  ['customer.subscription.deleted', subscriptionDeleted],
  ['invoice.payment_failed', invoicePaymentFailed],
  ['invoice.paid', invoicePaid],
]);

/** The event types {@link interpretStripeEvent} acts on; subscribe the webhook endpoint to these. */
export const HANDLED_STRIPE_EVENT_TYPES: readonly string[] = [...HANDLERS.keys()];
