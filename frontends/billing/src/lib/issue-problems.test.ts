import { describe, expect, it } from 'vitest';
import { issueProblems } from './issue-problems';

describe('issueProblems', () => {
  it('Should point each refused-issue reason at the page that fixes it', () => {
    expect(
      issueProblems(
        {
          detail: 'Some fields need your attention.',
          errors: [
            { pointer: '#/settings/siren', detail: "Fill in the seller's siren in the billing settings" },
            { pointer: '#/customer/city', detail: "The customer's city is required on an invoice" },
            { pointer: '#/lines', detail: 'An invoice needs at least one line' },
          ],
        },
        'c1',
      ),
    ).toEqual([
      {
        detail: "Fill in the seller's siren in the billing settings",
        href: '/settings#settings-siren',
        linkLabel: 'Open the billing settings',
      },
      {
        detail: "The customer's city is required on an invoice",
        href: '/customers/c1/edit',
        linkLabel: 'Edit the customer',
      },
      { detail: 'An invoice needs at least one line' },
    ]);
  });

  it('Should fall back to the detail of a problem without field errors', () => {
    expect(issueProblems({ detail: 'Invoice F-2026-000001 is already issued' }, null)).toEqual([
      { detail: 'Invoice F-2026-000001 is already issued' },
    ]);
    expect(issueProblems({}, null)).toEqual([]);
  });
});
