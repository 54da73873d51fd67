/**
 * The tenant's custom fields on contacts, companies and deals (admins define them; every form
 * and detail page shows them).
 */
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { Alert, Card, CardContent, CardDescription, CardHeader, CardTitle, PageHeader } from '@comptoir/ui';
import { can } from '@comptoir/ui/server';
import type { Metadata } from 'next';
import { load, requireMe } from '@/lib/api';
import { CustomFieldRow, NewCustomFieldForm } from './_components/custom-field-forms';

export const metadata: Metadata = { title: 'Custom fields' };

const ENTITIES = [
  {
    entity: 'contact',
    title: 'Contacts',
    description: 'Fields of every person, e.g. a customer segment or a birthday.',
  },
  { entity: 'company', title: 'Companies', description: 'Fields of every organisation, e.g. a VAT number.' },
  { entity: 'deal', title: 'Deals', description: 'Fields of every deal, e.g. a lead source.' },
] as const;

export default async function CustomFieldsPage() {
  const me = await requireMe();
  if (!can(me, 'custom_fields:manage')) {
    return (
      <div className="grid gap-6">
        <PageHeader title="Custom fields" />
        <Alert>Only admins define custom fields.</Alert>
      </div>
    );
  }
  const fields = await load<{ data: CustomField[] }>('/custom-fields');
  return (
    <div className="mx-auto grid w-full max-w-4xl grid-cols-1 gap-6">
      <PageHeader
        title="Custom fields"
        description={`The extra information ${me.tenant.name} keeps about contacts, companies and deals.`}
      />
      {!fields.ok ? (
        <Alert variant="error" title="The custom fields could not be loaded">
          {fields.message}
        </Alert>
      ) : (
        ENTITIES.map(({ entity, title, description }) => {
          const own = fields.data.data.filter((f) => f.entity === entity);
          return (
            <Card key={entity}>
              <CardHeader>
                <CardTitle>{title}</CardTitle>
                <CardDescription>{description}</CardDescription>
              </CardHeader>
              <CardContent className="grid gap-4">
                {own.length === 0 ? (
                  <p className="text-muted-foreground text-sm">No custom field yet.</p>
                ) : (
                  <ul className="grid divide-y">
                    {own.map((f) => (
                      <CustomFieldRow key={f.id} field={f} />
                    ))}
                  </ul>
                )}
                <NewCustomFieldForm
                  entity={entity}
                  position={own.reduce((max, f) => Math.max(max, f.position + 1), 0)}
                />
              </CardContent>
            </Card>
          );
        })
      )}
    </div>
  );
}
