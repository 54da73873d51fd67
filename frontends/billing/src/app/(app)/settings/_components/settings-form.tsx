'use client';
/**
 * @module settings-form
 * The seller's billing settings (`PATCH /settings`): identity and registration, address, bank
 * details, VAT regime, payment terms and late-payment text, numbering prefixes and colour.
 * Fields still needed before issuing (the API's `missing`) are marked as such; ids are
 * `settings-<field>`, so `/settings#settings-siren` lands on the field.
 */
import { type BillingSettings, BillingSettingsUpdateSchema } from '@comptoir/contracts/billing/settings';
import {
  Alert,
  apiRequest,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Field,
  type FieldErrors,
  fieldErrorsOf,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  InlineStatus,
  Input,
  NativeSelect,
  Textarea,
} from '@comptoir/ui';
import { useRouter } from 'next/navigation';
import { type FormEvent, type ReactNode, useRef, useState } from 'react';
import { useCan } from '@/lib/session';

const TEXT_FIELDS = [
  'legal_name',
  'trading_name',
  'legal_form',
  'registration',
  'address_line1',
  'address_line2',
  'postal_code',
  'city',
  'country_code',
  'siren',
  'siret',
  'vat_number',
  'email',
  'iban',
  'bic',
  'sepa_creditor_id',
  'late_penalty_text',
  'invoice_prefix',
  'credit_note_prefix',
  'quote_prefix',
  'primary_color',
] as const;
type TextField = (typeof TEXT_FIELDS)[number];

/** Fields the API takes as null when emptied. */
const NULLABLE = new Set<string>([
  'trading_name',
  'legal_form',
  'registration',
  'address_line2',
  'siren',
  'siret',
  'vat_number',
  'email',
  'iban',
  'bic',
  'sepa_creditor_id',
]);

/** The form; read-only for members who may not change the settings. */
export function SettingsForm({ settings }: { settings: BillingSettings }) {
  const router = useRouter();
  const canEdit = useCan('billing_settings:update');
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState<Record<TextField, string>>(
    () => Object.fromEntries(TEXT_FIELDS.map((f) => [f, settings[f] ?? ''])) as Record<TextField, string>,
  );
  const [vatRegime, setVatRegime] = useState(settings.vat_regime);
  const [terms, setTerms] = useState(String(settings.default_payment_terms_days));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const missing = new Set(settings.missing);

  const error = (field: string) =>
    errors[field] ?? (missing.has(field) ? 'Needed before issuing an invoice' : undefined);
  const text = (field: TextField, props: Record<string, unknown> = {}) => (
    <Input
      id={`settings-${field}`}
      value={values[field]}
      onChange={(e) => setValues((v) => ({ ...v, [field]: e.target.value }))}
      autoComplete="off"
      {...props}
    />
  );
  const field = (
    name: TextField,
    label: ReactNode,
    extra: { hint?: string; optional?: boolean; className?: string; props?: Record<string, unknown> } = {},
  ) => (
    <Field
      label={label}
      hint={extra.hint}
      optional={extra.optional}
      error={error(name)}
      className={extra.className}
    >
      {text(name, extra.props)}
    </Field>
  );

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !canEdit) return;
    const input: Record<string, unknown> = {};
    for (const f of TEXT_FIELDS) {
      const value = values[f].trim();
      input[f] = value === '' && NULLABLE.has(f) ? null : value;
    }
    input.vat_regime = vatRegime;
    input.default_payment_terms_days = /^\d{1,3}$/.test(terms.trim()) ? Number(terms.trim()) : Number.NaN;
    const parsed = BillingSettingsUpdateSchema.safeParse(input);
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      setMessage('Some fields need your attention.');
      setSaved(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    setSaved(null);
    const result = await apiRequest<BillingSettings>('/api/billing/settings', {
      method: 'PATCH',
      body: parsed.data,
    });
    setPending(false);
    if (!result.ok) {
      setErrors(fieldErrorsOf(result.problem));
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setSaved(result.data.complete ? 'Settings saved' : 'Saved; some fields are still needed before issuing');
    router.refresh();
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-6">
      {canEdit ? null : <Alert>Only owners and admins can change the billing settings.</Alert>}
      {message ? <Alert variant="error">{message}</Alert> : null}
      <fieldset disabled={!canEdit} className="grid min-w-0 gap-6">
        <Card>
          <CardHeader>
            <CardTitle>Seller</CardTitle>
            <CardDescription>Your identity as every invoice prints it.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            {field('legal_name', 'Legal name', { props: { maxLength: 200 } })}
            {field('trading_name', 'Trading name', { optional: true, props: { maxLength: 200 } })}
            {field('legal_form', 'Legal form and share capital', {
              optional: true,
              hint: 'e.g. SAS au capital de 10 000 €',
              props: { maxLength: 200 },
            })}
            {field('registration', 'Registration', {
              optional: true,
              hint: 'e.g. RCS Lyon 303 265 045',
              props: { maxLength: 200 },
            })}
            {field('siren', 'SIREN', {
              optional: true,
              hint: '9 digits',
              props: { inputMode: 'numeric', maxLength: 11 },
            })}
            {field('siret', 'SIRET', {
              optional: true,
              hint: '14 digits',
              props: { inputMode: 'numeric', maxLength: 17 },
            })}
            {field('vat_number', 'VAT number', {
              optional: true,
              hint: 'With its country prefix, e.g. FR40303265045',
              props: { maxLength: 20, spellCheck: false },
            })}
            {field('email', 'Billing e-mail', {
              optional: true,
              props: { type: 'email', inputMode: 'email', maxLength: 254, spellCheck: false },
            })}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Address</CardTitle>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-[8rem_1fr_6rem]">
            {field('address_line1', 'Address', { className: 'sm:col-span-3', props: { maxLength: 200 } })}
            {field('address_line2', 'Address line 2', {
              optional: true,
              className: 'sm:col-span-3',
              props: { maxLength: 200 },
            })}
            {field('postal_code', 'Postal code', { props: { maxLength: 20 } })}
            {field('city', 'City', { props: { maxLength: 100 } })}
            <Field label="Country" hint="e.g. FR" error={error('country_code')}>
              <Input
                id="settings-country_code"
                value={values.country_code}
                maxLength={2}
                className="uppercase"
                autoComplete="off"
                onChange={(e) => setValues((v) => ({ ...v, country_code: e.target.value.toUpperCase() }))}
              />
            </Field>
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Bank</CardTitle>
            <CardDescription>Printed so customers can pay by transfer.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-2">
            {field('iban', 'IBAN', {
              optional: true,
              className: 'sm:col-span-2',
              props: { maxLength: 42, spellCheck: false },
            })}
            {field('bic', 'BIC', { optional: true, props: { maxLength: 14, spellCheck: false } })}
            {field('sepa_creditor_id', 'SEPA creditor identifier', {
              optional: true,
              hint: 'For direct debits, e.g. FR72ZZZ123456',
              props: { maxLength: 40, spellCheck: false },
            })}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Invoices</CardTitle>
            <CardDescription>VAT regime, terms, numbering and colour of your documents.</CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4 sm:grid-cols-3">
            <Field label="VAT regime" error={error('vat_regime')} className="sm:col-span-2">
              <NativeSelect
                id="settings-vat_regime"
                value={vatRegime}
                onChange={(e) => setVatRegime(e.target.value as BillingSettings['vat_regime'])}
              >
                <option value="normal">Charging VAT</option>
                <option value="franchise">VAT franchise (art. 293 B du CGI): no VAT charged</option>
              </NativeSelect>
            </Field>
            <Field
              label="Default payment terms"
              hint="Days after issue"
              error={error('default_payment_terms_days')}
            >
              <Input
                id="settings-default_payment_terms_days"
                inputMode="numeric"
                maxLength={3}
                value={terms}
                onChange={(e) => setTerms(e.target.value)}
              />
            </Field>
            <Field
              label="Late-payment penalties"
              hint="Printed on every invoice (Code de commerce L441-10)."
              error={error('late_penalty_text')}
              className="sm:col-span-3"
            >
              <Textarea
                id="settings-late_penalty_text"
                rows={2}
                maxLength={500}
                value={values.late_penalty_text}
                onChange={(e) => setValues((v) => ({ ...v, late_penalty_text: e.target.value }))}
              />
            </Field>
            {field('invoice_prefix', 'Invoice prefix', {
              hint: `Numbers read ${values.invoice_prefix || 'F'}-2026-000001`,
              props: { maxLength: 10, className: 'uppercase' },
            })}
            {field('credit_note_prefix', 'Credit note prefix', {
              props: { maxLength: 10, className: 'uppercase' },
            })}
            {field('quote_prefix', 'Quote prefix', { props: { maxLength: 10, className: 'uppercase' } })}
            <Field label="Colour" hint={values.primary_color} error={error('primary_color')}>
              <Input
                id="settings-primary_color"
                type="color"
                value={/^#[0-9a-fA-F]{6}$/.test(values.primary_color) ? values.primary_color : '#1d4ed8'}
                onChange={(e) => setValues((v) => ({ ...v, primary_color: e.target.value }))}
                className="w-20 p-1"
              />
            </Field>
          </CardContent>
        </Card>
      </fieldset>
      {canEdit ? (
        <div className="flex flex-col-reverse items-stretch gap-2 sm:flex-row sm:items-center sm:justify-end">
          <InlineStatus message={saved} onDismiss={() => setSaved(null)} />
          <Button type="submit" pending={pending}>
            {pending ? 'Saving…' : 'Save settings'}
          </Button>
        </div>
      ) : null}
    </form>
  );
}
