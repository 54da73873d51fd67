'use client';
/**
 * @module new-deal-dialog
 * "New deal": title, amount (typed as people write amounts, kept in minor units), currency,
 * pipeline and stage, expected close date, company, contact and owner; `POST /deals`.
 */
import { type Deal, DealCreateSchema } from '@comptoir/contracts/crm/deals';
import type { Pipeline } from '@comptoir/contracts/crm/pipelines';
import {
  Alert,
  apiRequest,
  Button,
  type ButtonProps,
  COMMON_CURRENCIES,
  type ComboboxOption,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
  NativeSelect,
} from '@comptoir/ui';
import { Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState, useTransition } from 'react';
import { fractionDigits, parseMoney } from '@/lib/format';
import { useSession } from '@/lib/session';
import { CompanyPicker, ContactPicker, MemberSelect } from './pickers';

/** Props of {@link NewDealDialog}. */
export interface NewDealDialogProps {
  pipelines: readonly Pick<Pipeline, 'id' | 'name' | 'stages'>[];
  /** Preselected pipeline and stage. */
  pipelineId?: string;
  stageId?: string;
  company?: ComboboxOption | null;
  contact?: ComboboxOption | null;
  variant?: ButtonProps['variant'];
  size?: ButtonProps['size'];
  /** Called with the new deal (the page reloads its data too). */
  onCreated?: (deal: Deal) => void;
}

/** The "New deal" button and its dialog. */
export function NewDealDialog({
  pipelines,
  pipelineId,
  stageId,
  company: presetCompany = null,
  contact: presetContact = null,
  variant = 'primary',
  size = 'md',
  onCreated,
}: NewDealDialogProps) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const { tenant, userId } = useSession();
  const [open, setOpen] = useState(false);
  const [pipeline, setPipeline] = useState(pipelineId ?? pipelines[0]?.id ?? '');
  const [stage, setStage] = useState(stageId ?? '');
  const [currency, setCurrency] = useState(tenant.currency);
  const [company, setCompany] = useState<ComboboxOption | null>(presetCompany);
  const [contact, setContact] = useState<ComboboxOption | null>(presetContact);
  const [owner, setOwner] = useState<string | null>(userId);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const stages = pipelines.find((p) => p.id === pipeline)?.stages ?? [];
  const currencies = COMMON_CURRENCIES.includes(tenant.currency)
    ? COMMON_CURRENCIES
    : [tenant.currency, ...COMMON_CURRENCIES];

  function reset() {
    setPipeline(pipelineId ?? pipelines[0]?.id ?? '');
    setStage(stageId ?? '');
    setCurrency(tenant.currency);
    setCompany(presetCompany);
    setContact(presetContact);
    setOwner(userId);
    setErrors({});
    setMessage(null);
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const data = new FormData(event.currentTarget);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    const amountText = text('amount');
    const amount = amountText ? parseMoney(amountText, currency) : 0;
    if (amount === null) {
      setErrors({
        amount_minor: `Type an amount such as ${fractionDigits(currency) > 0 ? '1 250.50' : '1 250'}`,
      });
      focusFirstInvalid(formRef.current);
      return;
    }
    const parsed = DealCreateSchema.safeParse({
      title: text('title'),
      pipeline_id: pipeline || undefined,
      stage_id: stage || undefined,
      amount_minor: amount,
      currency,
      expected_close_date: text('expected_close_date') || null,
      company_id: company?.value ?? null,
      contact_id: contact?.value ?? null,
      owner_id: owner,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<Deal>('/api/crm/deals', { method: 'POST', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setOpen(false);
    onCreated?.(result.data);
    startTransition(() => router.refresh());
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) reset();
      }}
    >
      <DialogTrigger asChild>
        <Button variant={variant} size={size}>
          <Plus aria-hidden="true" />
          New deal
        </Button>
      </DialogTrigger>
      <DialogContent className="max-w-xl">
        <DialogHeader>
          <DialogTitle>New deal</DialogTitle>
          <DialogDescription>An opportunity to sell: what, how much, and with whom.</DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={submit} noValidate className="grid gap-4">
          {message ? <Alert variant="error">{message}</Alert> : null}
          <Field label="Title" error={errors.title}>
            <Input name="title" maxLength={200} autoComplete="off" />
          </Field>
          <div className="grid gap-4 sm:grid-cols-[1fr_8rem]">
            <Field label="Amount" optional error={errors.amount_minor}>
              <Input name="amount" inputMode="decimal" autoComplete="off" placeholder="0" />
            </Field>
            <Field label="Currency" error={errors.currency}>
              <NativeSelect value={currency} onChange={(e) => setCurrency(e.target.value)}>
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          </div>
          <div className="grid gap-4 sm:grid-cols-2">
            {pipelines.length > 1 ? (
              <Field label="Pipeline" error={errors.pipeline_id}>
                <NativeSelect
                  value={pipeline}
                  onChange={(e) => {
                    setPipeline(e.target.value);
                    setStage('');
                  }}
                >
                  {pipelines.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.name}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
            ) : null}
            <Field label="Stage" error={errors.stage_id}>
              <NativeSelect value={stage} onChange={(e) => setStage(e.target.value)}>
                <option value="">First stage</option>
                {stages.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="Expected close" optional error={errors.expected_close_date}>
              <Input name="expected_close_date" type="date" />
            </Field>
            <Field label="Company" optional error={errors.company_id}>
              <CompanyPicker value={company} onChange={setCompany} />
            </Field>
            <Field label="Contact" optional error={errors.contact_id}>
              <ContactPicker value={contact} onChange={setContact} />
            </Field>
            <Field label="Owner" error={errors.owner_id}>
              <MemberSelect value={owner} onChange={setOwner} />
            </Field>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline">Cancel</Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              {pending ? 'Creating…' : 'Create deal'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
