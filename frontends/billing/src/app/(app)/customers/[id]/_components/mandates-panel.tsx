'use client';
/**
 * @module mandates-panel
 * A customer's SEPA direct debit mandates (`GET /sepa/mandates?customer_id=`), newest first: the
 * unique mandate reference, the debtor's IBAN and BIC, signature date, type, what the next
 * collection will be (FRST, RCUR, OOFF) and its state. Managers record a signed mandate
 * (`POST /sepa/mandates`; the IBAN's check digits are checked here first, the API checks the
 * rest and its errors land next to their fields) and revoke one (`POST /sepa/mandates/{id}/revoke`).
 */
import { type SepaMandate, SepaMandateCreateSchema } from '@comptoir/contracts/billing/sepa';
import {
  Alert,
  apiRequest,
  Badge,
  Button,
  ConfirmButton,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  EmptyState,
  Field,
  type FieldErrors,
  fieldErrorsOf,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
  NativeSelect,
} from '@comptoir/ui';
import { Landmark, Plus } from 'lucide-react';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { formatDay, formatInstant, todayIn } from '@/lib/dates';
import {
  bicShapeValid,
  formatIban,
  ibanChecksumValid,
  mandateTypeLabel,
  normalizeBic,
  normalizeIban,
  sequenceLabel,
} from '@/lib/sepa';
import { useCan, useSession } from '@/lib/session';

/** Props of {@link MandatesPanel}. */
export interface MandatesPanelProps {
  customerId: string;
  customerName: string;
  mandates: readonly SepaMandate[];
  /** The customer is archived: no new mandate. */
  archived: boolean;
}

/** The list of mandates with "Add mandate" and "Revoke". */
export function MandatesPanel({ customerId, customerName, mandates, archived }: MandatesPanelProps) {
  const router = useRouter();
  const { tenant } = useSession();
  const canManage = useCan('sepa:manage');
  const addButton =
    canManage && !archived ? <AddMandateDialog customerId={customerId} customerName={customerName} /> : null;
  if (mandates.length === 0) {
    return (
      <EmptyState
        headingLevel={3}
        icon={<Landmark />}
        title="No SEPA mandate"
        description={`Record the mandate ${customerName} signed to collect its invoices by direct debit.`}
        action={addButton}
        className="py-8"
      />
    );
  }
  return (
    <div className="grid gap-4">
      {addButton ? <div>{addButton}</div> : null}
      <ul aria-label="SEPA mandates" className="grid gap-3">
        {mandates.map((m) => (
          <li key={m.id} className="grid gap-2 rounded-lg border p-3 text-sm">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="break-all font-medium font-mono">{m.reference}</span>
              {m.status === 'active' ? (
                <Badge variant="success">Active</Badge>
              ) : (
                <Badge variant="outline">Revoked</Badge>
              )}
            </div>
            <dl className="grid gap-x-4 gap-y-1 sm:grid-cols-2">
              <div className="grid">
                <dt className="text-muted-foreground text-xs">IBAN</dt>
                <dd className="break-all font-mono tabular-nums">{formatIban(m.debtor_iban)}</dd>
              </div>
              <div className="grid">
                <dt className="text-muted-foreground text-xs">Debtor</dt>
                <dd>
                  {m.debtor_name}
                  {m.debtor_bic ? <span className="text-muted-foreground"> · {m.debtor_bic}</span> : null}
                </dd>
              </div>
              <div className="grid">
                <dt className="text-muted-foreground text-xs">Signed</dt>
                <dd>
                  {formatDay(m.signed_on, tenant.locale)} · {mandateTypeLabel(m.type)}
                </dd>
              </div>
              <div className="grid">
                <dt className="text-muted-foreground text-xs">Collections</dt>
                <dd>
                  {m.collections_presented} presented ·{' '}
                  {m.status === 'active'
                    ? sequenceLabel(m.next_sequence_type)
                    : `revoked ${formatInstant(m.revoked_at, tenant)}`}
                </dd>
              </div>
            </dl>
            {canManage && m.status === 'active' ? (
              <div>
                <ConfirmButton
                  variant="ghost"
                  aria-label={`Revoke mandate ${m.reference}`}
                  title={`Revoke mandate ${m.reference}?`}
                  description="No further collection can be made with it. Collections already presented stay as they are. This cannot be undone: the customer would sign a new mandate."
                  confirmLabel="Revoke mandate"
                  pendingLabel="Revoking…"
                  onConfirm={async () => {
                    const result = await apiRequest(`/api/billing/sepa/mandates/${m.id}/revoke`, {
                      method: 'POST',
                    });
                    if (!result.ok) return result.message;
                    router.refresh();
                    return null;
                  }}
                >
                  Revoke
                </ConfirmButton>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The form's fields, by the API's names. */
const FIELDS = new Set(['debtor_iban', 'debtor_bic', 'signed_on', 'type', 'debtor_name', 'reference']);

/** "Add mandate" and its form. */
function AddMandateDialog({ customerId, customerName }: { customerId: string; customerName: string }) {
  const router = useRouter();
  const { tenant } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [open, setOpen] = useState(false);
  const blank = () => ({
    signed_on: todayIn(tenant.time_zone),
    debtor_iban: '',
    debtor_bic: '',
    type: 'recurrent',
    debtor_name: '',
    reference: '',
  });
  const [values, setValues] = useState(blank);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [settingsNeeded, setSettingsNeeded] = useState(false);
  const [pending, setPending] = useState(false);
  const set = (key: keyof ReturnType<typeof blank>) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const input = {
      customer_id: customerId,
      signed_on: values.signed_on,
      type: values.type,
      debtor_iban: normalizeIban(values.debtor_iban),
      debtor_bic: normalizeBic(values.debtor_bic) || null,
      ...(values.debtor_name.trim() ? { debtor_name: values.debtor_name.trim() } : {}),
      ...(values.reference.trim() ? { reference: values.reference.trim() } : {}),
    };
    const parsed = SepaMandateCreateSchema.safeParse(input);
    const found: FieldErrors = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
    if (!input.debtor_iban) found.debtor_iban = 'Enter the IBAN written on the mandate';
    else if (!ibanChecksumValid(input.debtor_iban))
      found.debtor_iban =
        'This IBAN does not add up (its check digits are wrong): check it against the mandate';
    if (input.debtor_bic && !bicShapeValid(input.debtor_bic))
      found.debtor_bic = 'A BIC has 8 or 11 letters and digits';
    if (!values.signed_on) found.signed_on = 'Enter the day the customer signed';
    if (!parsed.success || Object.keys(found).length > 0) {
      setErrors(found);
      setMessage(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setErrors({});
    setMessage(null);
    setSettingsNeeded(false);
    const result = await apiRequest<SepaMandate>('/api/billing/sepa/mandates', {
      method: 'POST',
      body: parsed.data,
    });
    setPending(false);
    if (!result.ok) {
      const fieldErrors = fieldErrorsOf(result.problem);
      setErrors(fieldErrors);
      const settings = (result.problem.errors ?? []).find((e) => e.pointer.startsWith('#/settings'));
      setSettingsNeeded(Boolean(settings));
      // Errors shown next to their fields are not repeated above the form.
      const besideFields = Object.keys(fieldErrors).some((field) => FIELDS.has(field));
      setMessage(settings?.detail ?? (besideFields ? null : result.message));
      focusFirstInvalid(formRef.current);
      return;
    }
    setOpen(false);
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (next) {
          setValues(blank());
          setErrors({});
          setMessage(null);
          setSettingsNeeded(false);
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <Plus aria-hidden="true" />
          Add mandate
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>Add a SEPA mandate</DialogTitle>
          <DialogDescription>
            Copy it from the mandate {customerName} signed: it lets you collect their invoices by direct
            debit.
          </DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
          {message ? (
            <Alert variant="error">
              {message}
              {settingsNeeded ? (
                <>
                  {' '}
                  <Link href="/settings#settings-sepa_creditor_id">Open the billing settings</Link>
                </>
              ) : null}
            </Alert>
          ) : null}
          <Field
            label="Debtor IBAN"
            hint="The account to debit, as on the mandate."
            error={errors.debtor_iban}
          >
            <Input
              value={values.debtor_iban}
              onChange={set('debtor_iban')}
              autoComplete="off"
              spellCheck={false}
              maxLength={50}
              className="font-mono uppercase"
            />
          </Field>
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label="BIC"
              optional
              hint="Not needed for an account in the EEA."
              error={errors.debtor_bic}
            >
              <Input
                value={values.debtor_bic}
                onChange={set('debtor_bic')}
                autoComplete="off"
                spellCheck={false}
                maxLength={20}
                className="font-mono uppercase"
              />
            </Field>
            <Field label="Signed on" error={errors.signed_on}>
              <Input
                type="date"
                value={values.signed_on}
                max={todayIn(tenant.time_zone)}
                onChange={set('signed_on')}
              />
            </Field>
            <Field
              label="Type"
              hint={
                values.type === 'one_off' ? 'Allows a single collection.' : 'Allows repeated collections.'
              }
              error={errors.type}
            >
              <NativeSelect value={values.type} onChange={set('type')}>
                <option value="recurrent">Recurrent</option>
                <option value="one_off">One-off</option>
              </NativeSelect>
            </Field>
            <Field
              label="Account holder"
              optional
              hint={`Default: ${customerName}`}
              error={errors.debtor_name}
            >
              <Input
                value={values.debtor_name}
                onChange={set('debtor_name')}
                maxLength={70}
                autoComplete="off"
              />
            </Field>
          </div>
          <Field
            label="Mandate reference"
            optional
            hint="The unique reference printed on the mandate; generated when empty."
            error={errors.reference}
          >
            <Input value={values.reference} onChange={set('reference')} maxLength={35} autoComplete="off" />
          </Field>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              {pending ? 'Adding…' : 'Add mandate'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
