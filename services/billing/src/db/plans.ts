/**
 * @module db/plans
 * A tenant's plan (billing.subscriptions, FREE until a Stripe subscription says otherwise) and
 * its monthly quotas (billing.quota_usage), in the request's transaction under RLS.
 *
 * Quotas count per calendar month of the tenant's time zone. Consuming is one atomic upsert that
 * only adds when the result stays within the limit, so concurrent consumers never overshoot.
 */
import {
  PLANS,
  type PlanCode,
  QUOTA_METRICS,
  type QuotaMetric,
  type QuotaUsage,
} from '@comptoir/contracts/billing/plans';
import type { DB } from '@comptoir/db/schema/billing';
import { HttpProblem } from '@comptoir/service-kit';
import { type Kysely, type Selectable, sql } from 'kysely';

type SubscriptionRow = Selectable<DB['billing.subscriptions']>;

/** The tenant's subscription row, created as FREE on first use. */
export async function loadSubscription(db: Kysely<DB>): Promise<SubscriptionRow> {
  const existing = await db.selectFrom('billing.subscriptions').selectAll().executeTakeFirst();
  if (existing) return existing;
  // The request role may only create its tenant's FREE row; plans are the webhook's to change.
  await db
    .insertInto('billing.subscriptions')
    .values({ tenant_id: sql<string>`private.current_tenant_id()` })
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  return db.selectFrom('billing.subscriptions').selectAll().executeTakeFirstOrThrow();
}

/** The month being counted, in the tenant's time zone: `[start, end)` as `YYYY-MM-DD`. */
async function currentPeriod(db: Kysely<DB>): Promise<{ start: string; end: string }> {
  const { rows } = await sql<{ start: string; end: string }>`
    select to_char(m, 'YYYY-MM-DD') as start, to_char(m + interval '1 month', 'YYYY-MM-DD') as end
    from (select date_trunc('month', now() at time zone t.time_zone)::date as m
          from platform.tenants t where t.id = private.current_tenant_id()) p`.execute(db);
  return rows[0]!;
}

function usageOf(
  metric: QuotaMetric,
  plan: PlanCode,
  used: number,
  period: { start: string; end: string },
): QuotaUsage {
  const limit = PLANS[plan].quotas[metric];
  return {
    metric,
    used,
    limit,
    remaining: limit === null ? null : Math.max(limit - used, 0),
    period_start: period.start,
    period_end: period.end,
  };
}

/** Every quota of the tenant's plan with this month's usage. */
export async function quotaUsage(db: Kysely<DB>, plan: PlanCode): Promise<QuotaUsage[]> {
  const period = await currentPeriod(db);
  const rows = await db
    .selectFrom('billing.quota_usage')
    .select(['metric', 'used'])
    .where('period_start', '=', period.start)
    .execute();
  return QUOTA_METRICS.map((metric) =>
    usageOf(metric, plan, rows.find((r) => r.metric === metric)?.used ?? 0, period),
  );
}

function exhausted(usage: QuotaUsage, amount: number): HttpProblem {
  return new HttpProblem(402, {
    type: 'quota-exhausted',
    title: 'Quota exhausted',
    detail: `The ${usage.metric.replaceAll('_', ' ')} quota of this plan is used up for this month (${usage.used} of ${usage.limit}; ${amount} more asked). It resets on ${usage.period_end}; upgrade the plan for more.`,
    extensions: { metric: usage.metric, used: usage.used, limit: usage.limit, reset_on: usage.period_end },
  });
}

/**
 * Whether `amount` more of a metric fits this month's quota.
 *
 * @throws {HttpProblem} 402 when it does not.
 */
export async function checkQuota(db: Kysely<DB>, metric: QuotaMetric, amount: number): Promise<QuotaUsage> {
  const subscription = await loadSubscription(db);
  const usage = (await quotaUsage(db, subscription.plan as PlanCode)).find((u) => u.metric === metric)!;
  if (usage.limit !== null && usage.used + amount > usage.limit) throw exhausted(usage, amount);
  return usage;
}

/**
 * Counts `amount` of a metric against this month's quota, atomically: the counter only moves
 * when the result stays within the limit.
 *
 * @returns the usage after consuming.
 * @throws {HttpProblem} 402 when the quota cannot take `amount` more.
 */
export async function consumeQuota(db: Kysely<DB>, metric: QuotaMetric, amount: number): Promise<QuotaUsage> {
  const subscription = await loadSubscription(db);
  const plan = subscription.plan as PlanCode;
  const limit = PLANS[plan].quotas[metric];
  const period = await currentPeriod(db);
  if (limit !== null && amount > limit) throw exhausted(usageOf(metric, plan, 0, period), amount);
  const { rows } = await sql<{ used: number }>`
    insert into billing.quota_usage as u (metric, period_start, used) values (${metric}, ${period.start}::date, ${amount})
    on conflict (tenant_id, metric, period_start)
    do update set used = u.used + excluded.used, updated_at = now()
      where ${limit}::int is null or u.used + excluded.used <= ${limit}::int
    returning used`.execute(db);
  if (rows[0]) return usageOf(metric, plan, rows[0].used, period);
  const current = (await quotaUsage(db, plan)).find((u) => u.metric === metric)!;
  throw exhausted(current, amount);
}
