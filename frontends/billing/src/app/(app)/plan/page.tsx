/**
 * The tenant's Comptoir plan (`GET /plan`): the plan and its subscription status, a warning when
 * the last payment failed, this month's usage of each quota (used of limit, "unlimited", the day
 * it resets), and the plans on offer with their prices and features, upgraded through Stripe
 * Checkout by owners. Stripe sends the browser back here with `?checkout=success|cancelled`.
 */
import type { TenantPlan } from '@comptoir/contracts/billing/plans';
import {
  Alert,
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  PageHeader,
  Progress,
} from '@comptoir/ui';
import type { Metadata } from 'next';
import { load, requireMe } from '@/lib/api';
import { formatDay, formatInstant } from '@/lib/dates';
import { formatMoney } from '@/lib/money';
import { one } from '@/lib/paging';
import { featureLabel, metricLabel, usageDisplay } from '@/lib/plans';
import { ManageSubscriptionButton, PlanOffers } from './_components/plan-offers';

export const metadata: Metadata = { title: 'Plan' };

/** Stripe's subscription statuses, in words. */
const STATUS_LABELS: Record<
  string,
  { label: string; tone: 'success' | 'warning' | 'destructive' | 'outline' }
> = {
  active: { label: 'Active', tone: 'success' },
  trialing: { label: 'Trial', tone: 'success' },
  past_due: { label: 'Payment overdue', tone: 'destructive' },
  unpaid: { label: 'Unpaid', tone: 'destructive' },
  incomplete: { label: 'Awaiting payment', tone: 'warning' },
  incomplete_expired: { label: 'Expired', tone: 'outline' },
  canceled: { label: 'Cancelled', tone: 'outline' },
  paused: { label: 'Paused', tone: 'warning' },
};

export default async function PlanPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const checkout = one(await searchParams, 'checkout');
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const loaded = await load<TenantPlan>('/plan');

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Plan"
        description={`The Comptoir plan of ${me.tenant.name}, this month's usage and the plans on offer.`}
      />
      {checkout === 'success' ? (
        <Alert variant="success" title="Thank you">
          Your payment went through. The new plan shows here as soon as Stripe confirms it, usually within a
          minute.
        </Alert>
      ) : checkout === 'cancelled' ? (
        <Alert>Checkout was cancelled: nothing was charged and your plan is unchanged.</Alert>
      ) : null}
      {!loaded.ok ? (
        <Alert variant="error" title="The plan could not be loaded">
          {loaded.message}
        </Alert>
      ) : (
        <PlanView plan={loaded.data} locale={locale} timeZone={me.tenant.time_zone} />
      )}
    </div>
  );
}

/** The plan, its usage and the offers. */
function PlanView({ plan, locale, timeZone }: { plan: TenantPlan; locale: string; timeZone: string }) {
  const number = (n: number) => new Intl.NumberFormat(locale).format(n);
  const status = STATUS_LABELS[plan.status] ?? { label: plan.status, tone: 'outline' as const };
  const offer = plan.plans.find((p) => p.code === plan.plan);
  const subscribed = plan.plan !== 'FREE';
  return (
    <>
      {plan.payment_failed ? (
        <Alert variant="error" title="The last payment of your subscription failed">
          Update your payment method in "Manage subscription" so that your plan carries on.
        </Alert>
      ) : null}
      <div className="grid grid-cols-1 gap-6 lg:grid-cols-3">
        <Card>
          <CardHeader>
            <CardDescription>Current plan</CardDescription>
            <div className="flex flex-wrap items-center gap-2">
              <CardTitle className="text-2xl">{plan.name}</CardTitle>
              <Badge variant={status.tone}>{status.label}</Badge>
            </div>
          </CardHeader>
          <CardContent className="grid gap-4 text-sm">
            <p>
              {offer && offer.monthly_price_minor > 0
                ? `${formatMoney(offer.monthly_price_minor, offer.currency, locale)} / month excl. VAT`
                : 'Free of charge'}
              {plan.current_period_end ? (
                <span className="block text-muted-foreground">
                  {plan.cancel_at_period_end ? 'Ends on ' : 'Renews on '}
                  {formatInstant(plan.current_period_end, { locale, time_zone: timeZone })}
                </span>
              ) : null}
            </p>
            <ul aria-label="Features of your plan" className="flex flex-wrap gap-1">
              {plan.features.map((f) => (
                <li key={f}>
                  <Badge variant="secondary">{featureLabel(f)}</Badge>
                </li>
              ))}
            </ul>
            {subscribed ? <ManageSubscriptionButton stripeEnabled={plan.stripe_enabled} /> : null}
          </CardContent>
        </Card>
        <Card className="lg:col-span-2">
          <CardHeader>
            <CardTitle>Usage this month</CardTitle>
            <CardDescription>
              {plan.usage[0]
                ? `Counted since ${formatDay(plan.usage[0].period_start, locale)}; the counters reset on ${formatDay(plan.usage[0].period_end, locale)}.`
                : 'Counters reset on the first of each month.'}
            </CardDescription>
          </CardHeader>
          <CardContent>
            <ul aria-label="Usage" className="grid gap-5">
              {plan.usage.map((u) => {
                const display = usageDisplay(u, number);
                const name = metricLabel(u.metric);
                return (
                  <li key={u.metric} className="grid gap-1.5">
                    <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
                      <span className="font-medium">{name}</span>
                      <span
                        className={
                          display.level === 'full'
                            ? 'font-medium text-destructive tabular-nums'
                            : display.level === 'near'
                              ? 'font-medium text-warning tabular-nums'
                              : 'text-muted-foreground tabular-nums'
                        }
                      >
                        {display.text}
                      </span>
                    </div>
                    {u.limit === null ? (
                      <p className="text-muted-foreground text-xs">Unlimited on your plan.</p>
                    ) : (
                      <Progress
                        label={`${name} used this month`}
                        value={Math.min(u.used, u.limit)}
                        max={Math.max(u.limit, 1)}
                        valueText={`${display.text}, resets on ${formatDay(u.period_end, locale)}`}
                        className={
                          display.level === 'full'
                            ? '[&>div]:bg-destructive'
                            : display.level === 'near'
                              ? '[&>div]:bg-warning'
                              : undefined
                        }
                      />
                    )}
                    {display.level === 'full' ? (
                      <p className="text-destructive text-xs">
                        Limit reached until {formatDay(u.period_end, locale)}: upgrade to carry on.
                      </p>
                    ) : null}
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
      </div>
      <section aria-labelledby="plans-heading" className="grid gap-4">
        <h2 id="plans-heading" className="font-semibold text-lg">
          Plans
        </h2>
        <PlanOffers
          current={plan.plan}
          plans={plan.plans}
          stripeEnabled={plan.stripe_enabled}
          subscribed={subscribed}
        />
      </section>
    </>
  );
}
