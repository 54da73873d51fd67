/**
 * @module lib/plans
 * The plans page's arithmetic and words: quota usage as a bar (used of limit, "Unlimited" for a
 * null limit), feature and metric names, which plans are upgrades of the current one, and
 * whether the member can start one (only OWNERs hold `plan:manage`; Stripe must be configured).
 */
import { PLAN_CODES, type PlanCode, type QuotaUsage } from '@comptoir/contracts/billing/plans';

/** Names of the quota metrics. */
export const METRIC_LABELS: Readonly<Record<string, string>> = {
  ai_requests: 'AI requests',
  invoices: 'Invoices',
  seats: 'Seats',
};

/** Names of the plan features. */
export const FEATURE_LABELS: Readonly<Record<string, string>> = {
  crm: 'CRM',
  billing: 'Invoices and quotes',
  sepa_direct_debit: 'SEPA direct debit',
  dunning: 'Automatic payment reminders',
  accounting: 'Accounting',
  scheduling: 'Scheduling',
  ai_agents: 'AI agents',
  sso: 'Single sign-on',
  audit_export: 'Audit log export',
};

/** The name of a metric ("AI requests"); unknown ones with spaces for underscores. */
export function metricLabel(metric: string): string {
  return METRIC_LABELS[metric] ?? metric.replaceAll('_', ' ');
}

/** The name of a feature ("SEPA direct debit"); unknown ones with spaces for underscores. */
export function featureLabel(feature: string): string {
  return FEATURE_LABELS[feature] ?? feature.replaceAll('_', ' ');
}

/** A quota's bar and words. */
export interface UsageDisplay {
  /** 0–100, or null for an unlimited quota (no bar). */
  percent: number | null;
  /** "3 of 10", "42 (unlimited)". */
  text: string;
  /** `full` at the limit, `near` from 80 %. */
  level: 'ok' | 'near' | 'full';
}

/**
 * How full a quota is.
 *
 * @example usageDisplay({ used: 8, limit: 10 }) // { percent: 80, text: '8 of 10', level: 'near' }
 */
export function usageDisplay(
  usage: Pick<QuotaUsage, 'used' | 'limit'>,
  formatNumber: (n: number) => string = String,
): UsageDisplay {
  if (usage.limit === null) {
    return { percent: null, text: `${formatNumber(usage.used)} used · unlimited`, level: 'ok' };
  }
  const percent =
    usage.limit <= 0 ? 100 : Math.min(100, Math.max(0, Math.round((usage.used / usage.limit) * 100)));
  const level = usage.used >= usage.limit ? 'full' : percent >= 80 ? 'near' : 'ok';
  return { percent, text: `${formatNumber(usage.used)} of ${formatNumber(usage.limit)}`, level };
}

/** A quota limit in words: "10 / month", "Unlimited". */
export function quotaLimitLabel(limit: number | null, formatNumber: (n: number) => string = String): string {
  return limit === null ? 'Unlimited' : `${formatNumber(limit)} / month`;
}

/** Position of a plan in the catalogue (FREE 0 … ENTERPRISE 3); -1 when unknown. */
export function planRank(code: string): number {
  return (PLAN_CODES as readonly string[]).indexOf(code);
}

/** Whether `target` is a paid plan above `current` (what "Upgrade" offers). */
export function isUpgrade(current: string, target: string): target is Exclude<PlanCode, 'FREE'> {
  return target !== 'FREE' && planRank(target) > planRank(current);
}

/** Whether the upgrade buttons work, and why not. */
export interface UpgradeAvailability {
  enabled: boolean;
  /** Why they are disabled, in plain words; null when enabled. */
  reason: string | null;
}

/**
 * Whether the member can start an upgrade: they must hold `plan:manage` (OWNERs), Stripe must be
 * configured (`stripe_enabled`, or a 503 `stripe-not-configured` already seen, whose detail is
 * then the reason), and a tenant already subscribed changes plan in the customer portal.
 */
export function upgradeAvailability(input: {
  canManage: boolean;
  stripeEnabled: boolean;
  /** Detail of a 503 `stripe-not-configured` problem answered earlier on this page. */
  stripeProblem?: string | null;
  subscribed: boolean;
}): UpgradeAvailability {
  if (!input.canManage)
    return { enabled: false, reason: 'Only an owner of the account can change the plan.' };
  if (input.stripeProblem) return { enabled: false, reason: input.stripeProblem };
  if (!input.stripeEnabled) {
    return {
      enabled: false,
      reason:
        'Online payments are not configured on this platform, so the plan cannot be changed here. Ask your platform administrator.',
    };
  }
  if (input.subscribed) {
    return {
      enabled: false,
      reason: 'You already have a subscription: change plan in "Manage subscription".',
    };
  }
  return { enabled: true, reason: null };
}
