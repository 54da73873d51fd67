'use client';
/**
 * @module plan-offers
 * The plans on offer with their monthly price (EUR, excluding VAT), quotas and features, an
 * "Upgrade" button per plan above the current one (`POST /plan/checkout` → the browser goes to
 * Stripe Checkout), and "Manage subscription" (`POST /plan/portal` → the Stripe customer portal)
 * once subscribed. Only OWNERs hold `plan:manage`. The buttons are disabled, with the reason in
 * plain words, when Stripe is not configured: known in advance from `stripe_enabled`, or learnt
 * from a 503 `stripe-not-configured` answer, whose detail is then shown.
 */
import type { TenantPlan } from '@comptoir/contracts/billing/plans';
import {
  Alert,
  apiRequest,
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  InlineStatus,
} from '@comptoir/ui';
import { Check, CreditCard, Sparkles } from 'lucide-react';
import { useState } from 'react';
import { formatMoney } from '@/lib/money';
import { featureLabel, isUpgrade, metricLabel, quotaLimitLabel, upgradeAvailability } from '@/lib/plans';
import { useCan, useSession } from '@/lib/session';

type Offer = TenantPlan['plans'][number];

/** Props of {@link PlanOffers}. */
export interface PlanOffersProps {
  current: TenantPlan['plan'];
  plans: readonly Offer[];
  stripeEnabled: boolean;
  /** The tenant pays a plan (changes go through the customer portal). */
  subscribed: boolean;
}

/** Whether a failed call means Stripe is not configured (503 `stripe-not-configured`). */
const stripeMissing = (status: number, type: string | undefined) =>
  status === 503 && (!type || type.endsWith('stripe-not-configured'));

/** The offers grid, with the reason the buttons are disabled above it. */
export function PlanOffers({ current, plans, stripeEnabled, subscribed }: PlanOffersProps) {
  const { tenant } = useSession();
  const canManage = useCan('plan:manage');
  const [stripeProblem, setStripeProblem] = useState<string | null>(null);
  const [pending, setPending] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const availability = upgradeAvailability({ canManage, stripeEnabled, stripeProblem, subscribed });
  const number = (n: number) => new Intl.NumberFormat(tenant.locale).format(n);

  async function upgrade(plan: Offer['code']) {
    setPending(plan);
    setError(null);
    const result = await apiRequest<{ url: string }>('/api/billing/plan/checkout', {
      method: 'POST',
      body: { plan },
    });
    if (result.ok) {
      window.location.assign(result.data.url);
      return;
    }
    setPending(null);
    if (stripeMissing(result.status, result.problem.type)) setStripeProblem(result.message);
    else setError(result.message);
  }

  return (
    <div className="grid gap-4">
      {availability.reason ? (
        <Alert
          id="upgrade-unavailable"
          variant={canManage ? 'warning' : 'info'}
          role="status"
          title="Upgrades unavailable"
        >
          {availability.reason}
        </Alert>
      ) : null}
      <InlineStatus message={error} tone="error" onDismiss={() => setError(null)} />
      <ul aria-label="Plans" className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {plans.map((offer) => {
          const isCurrent = offer.code === current;
          const higher = isUpgrade(current, offer.code);
          return (
            <li key={offer.code}>
              <Card className={isCurrent ? 'h-full border-primary ring-1 ring-primary' : 'h-full'}>
                <CardHeader>
                  <div className="flex flex-wrap items-center justify-between gap-2">
                    <CardTitle as="h3">{offer.name}</CardTitle>
                    {isCurrent ? <Badge>Current plan</Badge> : null}
                  </div>
                  <p>
                    {offer.monthly_price_minor === 0 ? (
                      <span className="font-semibold text-2xl">Free</span>
                    ) : (
                      <>
                        <span className="font-semibold text-2xl tabular-nums">
                          {formatMoney(offer.monthly_price_minor, offer.currency, tenant.locale)}
                        </span>
                        <span className="text-muted-foreground text-sm"> / month excl. VAT</span>
                      </>
                    )}
                  </p>
                </CardHeader>
                <CardContent className="grid gap-4">
                  <ul aria-label={`Quotas of ${offer.name}`} className="grid gap-1 text-sm">
                    {Object.entries(offer.quotas).map(([metric, limit]) => (
                      <li key={metric} className="flex justify-between gap-2">
                        <span className="text-muted-foreground">{metricLabel(metric)}</span>
                        <span className="tabular-nums">{quotaLimitLabel(limit, number)}</span>
                      </li>
                    ))}
                  </ul>
                  <ul aria-label={`Features of ${offer.name}`} className="grid gap-1 text-sm">
                    {offer.features.map((feature) => (
                      <li key={feature} className="flex items-start gap-2">
                        <Check aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-success" />
                        {featureLabel(feature)}
                      </li>
                    ))}
                  </ul>
                  {higher ? (
                    <Button
                      disabled={!availability.enabled}
                      pending={pending === offer.code}
                      aria-describedby={availability.reason ? 'upgrade-unavailable' : undefined}
                      onClick={() => upgrade(offer.code)}
                    >
                      <Sparkles aria-hidden="true" />
                      {pending === offer.code ? 'Opening checkout…' : `Upgrade to ${offer.name}`}
                    </Button>
                  ) : null}
                </CardContent>
              </Card>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** "Manage subscription": payment method, invoices, plan changes and cancellation at Stripe. */
export function ManageSubscriptionButton({ stripeEnabled }: { stripeEnabled: boolean }) {
  const canManage = useCan('plan:manage');
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!canManage) return null;
  return (
    <div className="grid gap-2">
      <div>
        <Button
          variant="outline"
          pending={pending}
          disabled={!stripeEnabled}
          onClick={async () => {
            setPending(true);
            setError(null);
            const result = await apiRequest<{ url: string }>('/api/billing/plan/portal', { method: 'POST' });
            if (result.ok) {
              window.location.assign(result.data.url);
              return;
            }
            setPending(false);
            setError(result.message);
          }}
        >
          <CreditCard aria-hidden="true" />
          {pending ? 'Opening…' : 'Manage subscription'}
        </Button>
      </div>
      <InlineStatus message={error} tone="error" onDismiss={() => setError(null)} />
    </div>
  );
}
