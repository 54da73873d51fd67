'use client';
/**
 * @module deal-details
 * A deal's fields, each editable where it is shown (`PATCH /deals/{id}`); its stage changes with
 * `POST /deals/{id}/move` (asking why when it goes to a lost stage). Amounts stay integer minor
 * units: typed text is parsed straight into them.
 */
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import { type DealDetail, DealUpdateSchema } from '@comptoir/contracts/crm/deals';
import type { Pipeline } from '@comptoir/contracts/crm/pipelines';
import {
  apiRequest,
  Badge,
  Button,
  COMMON_CURRENCIES,
  type ComboboxOption,
  Field,
  Input,
  NativeSelect,
} from '@comptoir/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState, useTransition } from 'react';
import { formatDay, formatMoney, minorToInput, parseMoney } from '@/lib/format';
import { useCan, useSession } from '@/lib/session';
import { InlineField } from '../../../_components/inline-field';
import { CompanyPicker, ContactPicker } from '../../../_components/pickers';
import {
  CustomValueField,
  NotesField,
  none,
  OwnerField,
  TagsField,
  TextField,
} from '../../../_components/record-fields';

/** Props of {@link DealDetails}. */
export interface DealDetailsProps {
  deal: DealDetail;
  pipelines: readonly Pipeline[];
  company: ComboboxOption | null;
  contact: ComboboxOption | null;
  customFields: readonly CustomField[];
}

/** The details card's description list, the stage first. */
export function DealDetails({ deal, pipelines, company, contact, customFields }: DealDetailsProps) {
  const { tenant } = useSession();
  const common = {
    endpoint: `/api/crm/deals/${deal.id}`,
    schema: DealUpdateSchema,
    editable: useCan('deals:update') && !deal.deleted_at,
  };
  const currencies = COMMON_CURRENCIES.includes(deal.currency)
    ? COMMON_CURRENCIES
    : [deal.currency, ...COMMON_CURRENCIES];
  return (
    <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2">
      <StageField deal={deal} pipelines={pipelines} editable={common.editable} />
      <TextField label="Title" field="title" value={deal.title} required {...common} />
      <InlineField
        label="Amount"
        display={
          <span className="font-semibold tabular-nums">
            {formatMoney(deal.amount_minor, deal.currency, tenant.locale)}
          </span>
        }
        initial={{ text: minorToInput(deal.amount_minor, deal.currency), currency: deal.currency }}
        editor={(v, set, control) => (
          <div className="grid grid-cols-[1fr_6rem] gap-2">
            <Input
              {...control}
              inputMode="decimal"
              value={v.text}
              onChange={(e) => set({ ...v, text: e.target.value })}
            />
            <NativeSelect
              aria-label="Currency"
              value={v.currency}
              onChange={(e) => set({ ...v, currency: e.target.value })}
            >
              {currencies.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </NativeSelect>
          </div>
        )}
        toBody={(v) => {
          const minor = v.text.trim() ? parseMoney(v.text, v.currency) : 0;
          // An unreadable amount goes as -1 so the schema rejects it with its own message.
          return { amount_minor: minor ?? -1, currency: v.currency };
        }}
        errorPath="amount_minor"
        {...common}
      />
      <InlineField
        label="Expected close"
        display={deal.expected_close_date ? formatDay(deal.expected_close_date, tenant.locale) : none}
        initial={deal.expected_close_date ?? ''}
        editor={(v, set, control) => (
          <Input {...control} type="date" value={v} onChange={(e) => set(e.target.value)} />
        )}
        toBody={(v) => ({ expected_close_date: v || null })}
        {...common}
      />
      <InlineField
        label="Company"
        display={
          company ? (
            <Link href={`/companies/${company.value}`} className="underline underline-offset-4">
              {company.label}
            </Link>
          ) : (
            none
          )
        }
        initial={company}
        editor={(v, set, control) => <CompanyPicker {...control} value={v} onChange={set} />}
        toBody={(v) => ({ company_id: v?.value ?? null })}
        {...common}
      />
      <InlineField
        label="Contact"
        display={
          contact ? (
            <Link href={`/contacts/${contact.value}`} className="underline underline-offset-4">
              {contact.label}
            </Link>
          ) : (
            none
          )
        }
        initial={contact}
        editor={(v, set, control) => <ContactPicker {...control} value={v} onChange={set} />}
        toBody={(v) => ({ contact_id: v?.value ?? null })}
        {...common}
      />
      <OwnerField value={deal.owner_id} {...common} />
      <TagsField value={deal.tags} {...common} />
      {deal.status === 'lost' ? (
        <TextField
          label="Lost reason"
          field="lost_reason"
          value={deal.lost_reason}
          maxLength={500}
          {...common}
        />
      ) : null}
      {customFields.map((field) => (
        <CustomValueField key={field.key} field={field} value={deal.custom[field.key]} {...common} />
      ))}
      <NotesField value={deal.notes} {...common} />
    </dl>
  );
}

/** The deal's stage: a badge, and a select moving it (with a lost reason for lost stages). */
function StageField({
  deal,
  pipelines,
  editable,
}: {
  deal: DealDetail;
  pipelines: readonly Pipeline[];
  editable: boolean;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [editing, setEditing] = useState(false);
  const [stageId, setStageId] = useState(deal.stage_id);
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const stages = pipelines.flatMap((p) => p.stages.map((s) => ({ ...s, pipeline: p.name })));
  const current = stages.find((s) => s.id === deal.stage_id);
  const target = stages.find((s) => s.id === stageId);
  const several = pipelines.length > 1;

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (stageId === deal.stage_id) return setEditing(false);
    setPending(true);
    setError(null);
    const result = await apiRequest(`/api/crm/deals/${deal.id}/move`, {
      method: 'POST',
      body: { stage_id: stageId, ...(target?.kind === 'lost' ? { lost_reason: reason.trim() || null } : {}) },
    });
    setPending(false);
    if (!result.ok) return setError(result.message);
    setEditing(false);
    startTransition(() => router.refresh());
  }

  return (
    <div className="grid gap-1 sm:col-span-2">
      <dt className="text-muted-foreground text-xs">Stage</dt>
      <dd className="text-sm">
        {editing ? (
          <form onSubmit={submit} className="grid gap-2 sm:max-w-md" aria-label="Change stage">
            <Field label="New stage">
              <NativeSelect value={stageId} onChange={(e) => setStageId(e.target.value)} autoFocus>
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {several ? `${s.pipeline}: ` : ''}
                    {s.name}
                    {s.kind === 'won' ? ' (won)' : s.kind === 'lost' ? ' (lost)' : ` (${s.probability}%)`}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            {target?.kind === 'lost' && stageId !== deal.stage_id ? (
              <Field label="Lost reason" optional>
                <Input value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
              </Field>
            ) : null}
            {error ? (
              <p role="alert" className="text-destructive text-xs">
                {error}
              </p>
            ) : null}
            <div className="flex gap-2">
              <Button type="submit" size="sm" pending={pending}>
                {pending ? 'Moving…' : 'Move'}
              </Button>
              <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
                Cancel
              </Button>
            </div>
          </form>
        ) : (
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium">
              {several && current ? `${current.pipeline}: ` : ''}
              {current?.name ?? 'Unknown stage'}
            </span>
            {deal.status === 'won' ? <Badge variant="success">Won</Badge> : null}
            {deal.status === 'lost' ? <Badge variant="destructive">Lost</Badge> : null}
            {deal.status === 'open' && current ? (
              <Badge variant="secondary">{current.probability}% likely</Badge>
            ) : null}
            {editable ? (
              <Button
                variant="outline"
                size="sm"
                onClick={() => {
                  setStageId(deal.stage_id);
                  setReason('');
                  setError(null);
                  setEditing(true);
                }}
              >
                Change stage
              </Button>
            ) : null}
          </div>
        )}
      </dd>
    </div>
  );
}
