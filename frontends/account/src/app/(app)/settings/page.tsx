/**
 * Company (tenant) settings: name, time zone and currency. Editable by roles holding
 * `tenant:update` (owners and admins); read-only for the others.
 */
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import type { Metadata } from 'next';
import { requireMe } from '@/lib/api';
import { PageHeader } from '../_components/page-header';
import { TenantSettingsForm } from './_components/tenant-settings-form';

export const metadata: Metadata = { title: 'Company settings' };

export default async function TenantSettingsPage() {
  const me = await requireMe();
  const editable = can(me, 'tenant:update');
  return (
    <div className="grid max-w-2xl grid-cols-1 gap-6">
      <PageHeader
        title="Company settings"
        description={`How ${me.tenant.name} appears and counts across Comptoir.`}
      />
      <Card>
        <CardHeader>
          <CardTitle>General</CardTitle>
          <CardDescription>Dates show in the time zone; amounts default to the currency.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          {editable ? null : <Alert variant="info">Only owners and admins can change these settings.</Alert>}
          <TenantSettingsForm
            tenant={{ name: me.tenant.name, time_zone: me.tenant.time_zone, currency: me.tenant.currency }}
            editable={editable}
          />
        </CardContent>
      </Card>
    </div>
  );
}
