/**
 * Importing contacts from a CSV or vCard file (the wizard), and the recent imports. `?id=`
 * resumes an import at its step.
 */
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import type { Import } from '@comptoir/contracts/crm/imports';
import { Alert, Badge, Card, CardContent, CardHeader, CardTitle, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import type { Metadata } from 'next';
import Link from 'next/link';
import { load, requireMe } from '@/lib/api';
import { formatDate } from '@/lib/format';
import { ImportWizard } from './_components/import-wizard';

export const metadata: Metadata = { title: 'Import contacts' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STATUS: Record<
  string,
  { label: string; variant: 'success' | 'secondary' | 'destructive' | 'warning' | 'default' }
> = {
  ready: { label: 'Not run yet', variant: 'secondary' },
  queued: { label: 'Waiting', variant: 'default' },
  running: { label: 'Running', variant: 'default' },
  completed: { label: 'Finished', variant: 'success' },
  failed: { label: 'Failed', variant: 'destructive' },
  cancelled: { label: 'Cancelled', variant: 'warning' },
};

export default async function ImportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { id } = await searchParams;
  const me = await requireMe();
  if (!can(me, 'contacts:import')) {
    return (
      <div className="grid gap-6">
        <PageHeader title="Import contacts" />
        <Alert>Your role does not allow importing contacts.</Alert>
      </div>
    );
  }
  const resume = typeof id === 'string' && UUID.test(id) ? id : undefined;
  const [current, fields, recent] = await Promise.all([
    resume ? load<Import>(`/imports/${resume}`) : null,
    load<{ data: CustomField[] }>('/custom-fields', { entity: 'contact' }),
    load<{ data: Import[] }>('/imports', { limit: 8 }),
  ]);
  const tenant = { locale: me.tenant.locale, time_zone: me.tenant.time_zone };

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Import contacts"
        description="From a CSV file (any spreadsheet or CRM export) or vCard cards (phones, Apple, Google, Outlook)."
      />
      {current && !current.ok ? (
        <Alert variant="error" title="This import could not be loaded">
          {current.message}
        </Alert>
      ) : null}
      <ImportWizard
        key={resume ?? 'new'}
        initial={current?.ok ? current.data : null}
        customFields={fields.ok ? fields.data.data : []}
      />
      {recent.ok && recent.data.data.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Recent imports</CardTitle>
          </CardHeader>
          <CardContent>
            <ul className="grid divide-y">
              {recent.data.data.map((i) => {
                const status = STATUS[i.status] ?? { label: i.status, variant: 'secondary' as const };
                return (
                  <li key={i.id} className="flex flex-wrap items-center justify-between gap-2 py-2 text-sm">
                    <Link
                      href={`/import?id=${i.id}`}
                      className="min-w-0 truncate font-medium underline-offset-4 hover:underline"
                    >
                      {i.filename ?? 'Untitled file'}
                    </Link>
                    <span className="flex flex-wrap items-center gap-2 text-muted-foreground text-xs">
                      {i.status === 'completed'
                        ? `${i.counts.created} created · ${i.counts.updated} updated · ${i.counts.rejected} rejected`
                        : null}
                      <Badge variant={status.variant}>{status.label}</Badge>
                      <time dateTime={i.created_at}>{formatDate(i.created_at, tenant, true)}</time>
                    </span>
                  </li>
                );
              })}
            </ul>
          </CardContent>
        </Card>
      ) : null}
    </div>
  );
}
