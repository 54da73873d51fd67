/**
 * @module db/stripe
 * Applies a verified, interpreted Stripe event ({@link StripeAction}) to the tenants'
 * subscriptions, once per event id. Runs as `billing_webhook` (no tenant is known before the
 * event is read; that role reaches subscriptions, the event ledger, and appends audit rows and
 * outbox events, nothing else).
 *
 * Rules: the event id is recorded first, in the same transaction, so a redelivery is a no-op; an
 * event older than the last one applied to a subscription is not applied (Stripe does not
 * guarantee order: https://docs.stripe.com/webhooks#event-ordering); a deleted subscription puts
 * the tenant back on FREE.
 */
import { planOfLookupKey } from '@comptoir/contracts/billing/plans';
import type { DB } from '@comptoir/db/schema/billing';
import { type Kysely, sql } from 'kysely';
import type { StripeAction } from '../stripe/events.js';

/** What happened to one event. */
export interface StripeOutcome {
  duplicate: boolean;
  /**
   * The event names a Stripe customer no tenant has yet (a subscription event may arrive before
   * the `checkout.session.completed` that links the customer): the caller rolls back and answers
   * non-2xx, so Stripe delivers it again later (https://docs.stripe.com/webhooks#retries).
   */
  retry?: boolean;
  /** The action kind applied, or `ignored: <reason>`. */
  outcome: string;
  tenantId: string | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function subscriptionOf(db: Kysely<DB>, customerId: string) {
  return db
    .selectFrom('billing.subscriptions')
    .select(['tenant_id', 'last_event_at', 'plan', 'status', 'stripe_subscription_id'])
    .where('stripe_customer_id', '=', customerId)
    .forUpdate()
    .executeTakeFirst();
}

/**
 * Whether an event about `subscriptionId` concerns the tenant's current subscription: the same
 * one, or a new one once the previous one is over (a canceled subscription is replaced). An event
 * about another, older subscription of the same customer must not change the tenant's plan.
 */
function concernsCurrent(
  row: { stripe_subscription_id: string | null; status: string },
  subscriptionId: string | null,
): boolean {
  if (!subscriptionId || !row.stripe_subscription_id) return true;
  return (
    row.stripe_subscription_id === subscriptionId || ['canceled', 'incomplete_expired'].includes(row.status)
  );
}

const isOlder = (last: Date | string | null, created: string) =>
  last !== null && new Date(last) > new Date(created);

/**
 * Records the event and applies it.
 *
 * @param db a transaction as `billing_webhook`.
 * @throws on a database error (the webhook answers 500 and Stripe retries).
 */
export async function applyStripeAction(
  db: Kysely<DB>,
  type: string,
  action: StripeAction,
): Promise<StripeOutcome> {
  const eventId = action.eventId;
  const outcomeText = action.kind === 'ignored' ? `ignored: ${action.reason}`.slice(0, 200) : action.kind;
  if (eventId && /^evt_[A-Za-z0-9]+$/.test(eventId)) {
    const inserted = await db
      .insertInto('billing.stripe_events')
      .values({ id: eventId, type: type.slice(0, 100), outcome: outcomeText })
      .onConflict((oc) => oc.column('id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { duplicate: true, outcome: 'duplicate', tenantId: null };
  }
  const ignore = async (reason: string): Promise<StripeOutcome> => {
    if (eventId)
      await db
        .updateTable('billing.stripe_events')
        .set({ outcome: `ignored: ${reason}`.slice(0, 200) })
        .where('id', '=', eventId)
        .execute();
    return { duplicate: false, outcome: `ignored: ${reason}`, tenantId: null };
  };

  switch (action.kind) {
    case 'ignored':
      return { duplicate: false, outcome: outcomeText, tenantId: null };
    case 'checkout_completed': {
      const tenant = UUID.test(action.tenantId)
        ? await db
            .selectFrom('platform.tenants')
            .select('id')
            .where('id', '=', action.tenantId)
            .executeTakeFirst()
        : undefined;
      if (!tenant) return ignore('checkout session names no known tenant');
      const plan = planOfLookupKey(action.plan);
      await db
        .insertInto('billing.subscriptions')
        .values({
          tenant_id: tenant.id,
          stripe_customer_id: action.customerId,
          stripe_subscription_id: action.subscriptionId,
          ...(plan ? { plan } : {}),
        })
        .onConflict((oc) =>
          oc.column('tenant_id').doUpdateSet({
            stripe_customer_id: action.customerId,
            stripe_subscription_id: action.subscriptionId,
            ...(plan ? { plan } : {}),
          }),
        )
        .execute();
      return { duplicate: false, outcome: action.kind, tenantId: tenant.id };
    }
    case 'subscription_changed': {
      const row = await subscriptionOf(db, action.customerId);
      if (!row)
        return {
          duplicate: false,
          outcome: 'retry: no tenant has this Stripe customer yet',
          tenantId: null,
          retry: true,
        };
      if (!concernsCurrent(row, action.subscriptionId))
        return ignore('about another subscription of this customer');
      if (isOlder(row.last_event_at, action.eventCreatedAt))
        return ignore('older than the last event applied');
      const plan = planOfLookupKey(action.plan);
      await db
        .updateTable('billing.subscriptions')
        .set({
          ...(plan ? { plan } : {}),
          status: action.status,
          stripe_subscription_id: action.subscriptionId,
          current_period_end: action.currentPeriodEnd,
          cancel_at_period_end: action.cancelAtPeriodEnd,
          last_event_at: action.eventCreatedAt,
        })
        .where('tenant_id', '=', row.tenant_id)
        .execute();
      return { duplicate: false, outcome: action.kind, tenantId: row.tenant_id };
    }
    case 'subscription_deleted': {
      const row = await subscriptionOf(db, action.customerId);
      if (!row)
        return {
          duplicate: false,
          outcome: 'retry: no tenant has this Stripe customer yet',
          tenantId: null,
          retry: true,
        };
      // Only the end of the current subscription moves the tenant to FREE.
      if (row.stripe_subscription_id !== action.subscriptionId)
        return ignore('about another subscription of this customer');
      if (isOlder(row.last_event_at, action.eventCreatedAt))
        return ignore('older than the last event applied');
      await db
        .updateTable('billing.subscriptions')
        .set({
          plan: 'FREE',
          status: 'canceled',
          stripe_subscription_id: null,
          current_period_end: null,
          cancel_at_period_end: false,
          last_event_at: action.eventCreatedAt,
        })
        .where('tenant_id', '=', row.tenant_id)
        .execute();
      return { duplicate: false, outcome: action.kind, tenantId: row.tenant_id };
    }
    case 'invoice_payment_failed':
    case 'invoice_paid': {
      const row = await subscriptionOf(db, action.customerId);
      if (!row) return ignore('no tenant has this Stripe customer');
      if (!action.subscriptionId || row.stripe_subscription_id !== action.subscriptionId) {
        return ignore('not an invoice of the current subscription');
      }
      if (isOlder(row.last_event_at, action.eventCreatedAt))
        return ignore('older than the last event applied');
      const failed = action.kind === 'invoice_payment_failed';
      await db
        .updateTable('billing.subscriptions')
        .set(
          failed
            ? { payment_failed_at: sql<Date>`now()`, status: 'past_due' }
            : {
                payment_failed_at: null,
                status: sql<string>`case when status = 'past_due' then 'active' else status end`,
              },
        )
        .where('tenant_id', '=', row.tenant_id)
        .execute();
      // The tenant's owners hear of it through the outbox (the platform's e-mails and dunning).
      await sql`insert into platform.outbox (tenant_id, source, event_type, aggregate_type, aggregate_id, payload)
        values (${row.tenant_id}, 'billing', ${failed ? 'billing.subscription.payment_failed' : 'billing.subscription.paid'},
                'subscription', ${action.subscriptionId ?? action.customerId},
                ${JSON.stringify({ stripe_invoice_id: action.invoiceId, currency: action.currency, ...(failed ? { amount_due_minor: action.amountDueMinor, attempt_count: action.attemptCount, next_payment_attempt: action.nextPaymentAttempt } : { amount_paid_minor: action.amountPaidMinor }) })}::jsonb)`.execute(
        db,
      );
      return { duplicate: false, outcome: action.kind, tenantId: row.tenant_id };
    }
  }
}
