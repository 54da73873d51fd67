/**
 * @module lib/issue-problems
 * Why an invoice could not be issued, in plain words with the place to fix each reason. The
 * API answers a refused issue with a 422 whose `errors` point at the seller's settings
 * (`#/settings/siren`), the customer (`#/customer/city`), the lines or the issue date.
 */
import type { Problem } from '@comptoir/contracts/problem';

/** One reason, and where to fix it when that is another page. */
export interface IssueProblem {
  detail: string;
  href?: string;
  linkLabel?: string;
}

/**
 * The reasons of a refused issue, one per error (the problem's `detail` alone when it has none).
 *
 * @example issueProblems({ errors: [{ pointer: '#/settings/siren', detail: '…' }] }, id)
 *   // [{ detail: '…', href: '/settings#settings-siren', linkLabel: 'Open the billing settings' }]
 */
export function issueProblems(problem: Partial<Problem>, customerId: string | null): IssueProblem[] {
  const errors = problem.errors ?? [];
  if (errors.length === 0) return problem.detail ? [{ detail: problem.detail }] : [];
  return errors.map((error) => {
    const [, section, field] = error.pointer.replace(/^#/, '').split('/');
    if (section === 'settings' && field) {
      return {
        detail: error.detail,
        href: `/settings#settings-${field}`,
        linkLabel: 'Open the billing settings',
      };
    }
    if (section === 'customer' && customerId) {
      return { detail: error.detail, href: `/customers/${customerId}/edit`, linkLabel: 'Edit the customer' };
    }
    return { detail: error.detail };
  });
}
