/**
 * @module jobs/deal-won
 * Consumer of `crm.deal.won`: drafts a quote for the won deal's company (one per deal, see
 * `draftQuoteFromDeal`). It acts for the event's tenant as the system (RLS scopes it to that
 * tenant; the audit log shows a system actor), recording the member who won the deal as the
 * quote's author. Delivery is at least once: a redelivered event finds the quote and does nothing.
 */
import { RequestDb } from '@comptoir/db/request-db';
import type { DB } from '@comptoir/db/schema/billing';
import type { DomainEvent } from '@comptoir/service-kit/jobs';
import { subscribeToEvent } from '@comptoir/service-kit/jobs';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { draftQuoteFromDeal, type WonDeal } from '../db/quotes.js';

/** The queue of this consumer. */
export const DEAL_WON_QUEUE = 'billing.quote-from-deal';

type DealWonPayload = WonDeal & { won_by?: string | null };

/**
 * Handles one `crm.deal.won` event in its own transaction.
 *
 * @returns the id of the drafted quote, or null when there was nothing to do.
 * @throws on a database error (the job is retried).
 */
export async function handleDealWon(
  deps: { pool: pg.Pool; logger: Logger },
  event: DomainEvent<DealWonPayload>,
): Promise<string | null> {
  const rdb = new RequestDb<DB>({
    pool: deps.pool,
    role: 'billing_authenticated',
    claims: { role: 'authenticated', app_metadata: { tenant_id: event.tenant_id } },
    requestId: `event:${event.id}`,
    mode: 'write',
  });
  try {
    const quoteId = await draftQuoteFromDeal(rdb.db, event.payload, event.payload.won_by ?? null);
    await rdb.finish('commit');
    deps.logger.info(
      { event_id: event.id, tenant_id: event.tenant_id, deal_id: event.payload.deal_id, quote_id: quoteId },
      'deal won',
    );
    return quoteId;
  } catch (error) {
    await rdb.finish('rollback');
    throw error;
  }
}

/** Subscribes {@link DEAL_WON_QUEUE} to `crm.deal.won` and works it. */
export function registerDealWonConsumer(
  boss: PgBoss,
  deps: { pool: pg.Pool; logger: Logger },
): Promise<void> {
  return subscribeToEvent<DealWonPayload>(boss, 'crm.deal.won', DEAL_WON_QUEUE, (event) =>
    handleDealWon(deps, event).then(() => undefined),
  );
}
