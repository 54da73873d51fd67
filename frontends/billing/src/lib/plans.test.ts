import { describe, expect, it } from 'vitest';
import {
  featureLabel,
  isUpgrade,
  metricLabel,
  planRank,
  quotaLimitLabel,
  upgradeAvailability,
  usageDisplay,
} from './plans';

describe('quota usage', () => {
  it('Should show used of limit as a bar, fuller from 80 %', () => {
    expect(usageDisplay({ used: 3, limit: 10 })).toEqual({ percent: 30, text: '3 of 10', level: 'ok' });
    expect(usageDisplay({ used: 8, limit: 10 })).toMatchObject({ percent: 80, level: 'near' });
    expect(usageDisplay({ used: 12, limit: 10 })).toMatchObject({ percent: 100, level: 'full' });
    expect(usageDisplay({ used: 0, limit: 0 })).toMatchObject({ percent: 100, level: 'full' });
  });

  it('Should show an unlimited quota without a bar', () => {
    expect(usageDisplay({ used: 4200, limit: null }, (n) => n.toLocaleString('en'))).toEqual({
      percent: null,
      text: '4,200 used · unlimited',
      level: 'ok',
    });
    expect(quotaLimitLabel(null)).toBe('Unlimited');
    expect(quotaLimitLabel(500)).toBe('500 / month');
  });

  it('Should name metrics and features', () => {
    expect(metricLabel('ai_requests')).toBe('AI requests');
    expect(metricLabel('api_calls')).toBe('api calls');
    expect(featureLabel('sepa_direct_debit')).toBe('SEPA direct debit');
  });
});

describe('upgrades', () => {
  it('Should rank the plans and offer only higher paid ones', () => {
    expect(planRank('FREE')).toBe(0);
    expect(planRank('ENTERPRISE')).toBe(3);
    expect(planRank('GOLD')).toBe(-1);
    expect(isUpgrade('FREE', 'STARTER')).toBe(true);
    expect(isUpgrade('PRO', 'STARTER')).toBe(false);
    expect(isUpgrade('FREE', 'FREE')).toBe(false);
  });

  it('Should let only owners upgrade, with Stripe configured and no subscription yet', () => {
    const base = { canManage: true, stripeEnabled: true, subscribed: false };
    expect(upgradeAvailability(base)).toEqual({ enabled: true, reason: null });
    expect(upgradeAvailability({ ...base, canManage: false }).reason).toMatch(/owner/);
    expect(upgradeAvailability({ ...base, stripeEnabled: false }).reason).toMatch(/not configured/);
    expect(upgradeAvailability({ ...base, subscribed: true }).reason).toMatch(/Manage subscription/);
  });

  it("Should give the API's own words once it answered stripe-not-configured", () => {
    expect(
      upgradeAvailability({
        canManage: true,
        stripeEnabled: true,
        subscribed: false,
        stripeProblem: 'Online payments are not set up on this platform',
      }),
    ).toEqual({ enabled: false, reason: 'Online payments are not set up on this platform' });
  });
});
