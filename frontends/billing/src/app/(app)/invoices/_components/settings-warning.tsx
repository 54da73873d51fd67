/**
 * @module settings-warning
 * The warning shown while the seller's billing settings lack what an invoice must show: drafts
 * can be written, but not issued, until they are complete.
 */
import { Alert } from '@comptoir/ui';
import Link from 'next/link';
import { settingLabel } from '@/lib/settings-fields';

/** Nothing when `missing` is empty. */
export function SettingsWarning({ missing }: { missing: readonly string[] }) {
  if (missing.length === 0) return null;
  return (
    <Alert variant="warning" title="Complete the billing settings before issuing">
      Still missing: {missing.map(settingLabel).join(', ')}.{' '}
      <Link href="/settings">Open the billing settings</Link>
    </Alert>
  );
}
