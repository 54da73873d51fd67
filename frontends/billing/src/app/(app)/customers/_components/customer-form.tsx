'use client';
/**
 * @module customer-form
 * The customer form (create and edit): the billing identity printed on invoices — legal name,
 * business or individual, e-mail, postal address, country, VAT number, SIREN/SIRET — and the
 * payment terms and currency invoices start with. Checked with the contracts' schemas, then by
 * the API; errors next to their fields.
 */
import {
  type Customer,
  CustomerCreateSchema,
  CustomerUpdateSchema,
} from '@comptoir/contracts/billing/customers';
import {
  Alert,
  apiRequest,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  COMMON_CURRENCIES,
  Field,
  type FieldErrors,
  fieldErrorsOf,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
  NativeSelect,
  Textarea,
} from '@comptoir/ui';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { parseDays } from '@/lib/invoice-form';
import { useSession } from '@/lib/session';

/** Props of {@link CustomerForm}. */
export interface CustomerFormProps {
  /** The customer being edited; a new one without it. */
  customer?: Customer;
  /** After creating: open a new invoice for the customer instead of its page (`?then=invoice`). */
  thenInvoice?: boolean;
}

/** Creates (`POST /customers`) or updates (`PATCH /customers/{id}`) a customer, then opens it. */
export function CustomerForm({ customer, thenInvoice = false }: CustomerFormProps) {
  const router = useRouter();
  const { tenant } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [values, setValues] = useState({
    kind: customer?.kind ?? 'business',
    legal_name: customer?.legal_name ?? '',
    trading_name: customer?.trading_name ?? '',
    email: customer?.email ?? '',
    address_line1: customer?.address_line1 ?? '',
    address_line2: customer?.address_line2 ?? '',
    postal_code: customer?.postal_code ?? '',
    city: customer?.city ?? '',
    country_code: customer?.country_code ?? 'FR',
    vat_number: customer?.vat_number ?? '',
    siren: customer?.siren ?? '',
    siret: customer?.siret ?? '',
    payment_terms_days:
      customer?.payment_terms_days === null || customer?.payment_terms_days === undefined
        ? ''
        : String(customer.payment_terms_days),
    default_currency: customer?.default_currency ?? tenant.currency,
    notes: customer?.notes ?? '',
  });
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const set = (key: keyof typeof values) => (value: string) => setValues((v) => ({ ...v, [key]: value }));
  const bind = (key: keyof typeof values) => ({
    value: values[key],
    onChange: (event: { target: { value: string } }) => set(key)(event.target.value),
  });

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const orNull = (text: string) => text.trim() || null;
    const days = parseDays(values.payment_terms_days);
    const input = {
      kind: values.kind,
      legal_name: values.legal_name.trim(),
      trading_name: orNull(values.trading_name),
      email: orNull(values.email),
      address_line1: values.address_line1.trim(),
      address_line2: orNull(values.address_line2),
      postal_code: values.postal_code.trim(),
      city: values.city.trim(),
      country_code: values.country_code.trim(),
      vat_number: orNull(values.vat_number),
      siren: orNull(values.siren),
      siret: orNull(values.siret),
      payment_terms_days: days ?? null,
      default_currency: values.default_currency,
      notes: orNull(values.notes),
    };
    const parsed = customer ? CustomerUpdateSchema.safeParse(input) : CustomerCreateSchema.safeParse(input);
    if (!parsed.success || days === undefined) {
      const found = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
      if (days === undefined) found.payment_terms_days = 'Enter a number of days from 0 to 365';
      setErrors(found);
      setMessage('Some fields need your attention.');
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<Customer>(
      customer ? `/api/billing/customers/${customer.id}` : '/api/billing/customers',
      { method: customer ? 'PATCH' : 'POST', body: parsed.data },
    );
    if (!result.ok) {
      setErrors(fieldErrorsOf(result.problem));
      setMessage(result.message);
      setPending(false);
      focusFirstInvalid(formRef.current);
      return;
    }
    router.push(
      !customer && thenInvoice ? `/invoices/new?customer=${result.data.id}` : `/customers/${result.data.id}`,
    );
    router.refresh();
  }

  const business = values.kind === 'business';
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-6">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Card>
        <CardHeader>
          <CardTitle>Identity</CardTitle>
          <CardDescription>As printed on invoices.</CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-2">
          <fieldset className="grid gap-2 sm:col-span-2">
            <legend className="mb-1 font-medium text-sm">Kind</legend>
            <div className="flex flex-wrap gap-4">
              {(
                [
                  ['business', 'Business', 'Gets the B2B mentions (40 € recovery fee)'],
                  ['individual', 'Individual', 'A private person'],
                ] as const
              ).map(([value, label, description]) => (
                <label key={value} className="flex cursor-pointer items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name="kind"
                    value={value}
                    checked={values.kind === value}
                    onChange={() => set('kind')(value)}
                    className="mt-0.5 size-4 accent-primary"
                  />
                  <span className="grid gap-0.5">
                    <span className="font-medium leading-none">{label}</span>
                    <span className="text-muted-foreground text-xs">{description}</span>
                  </span>
                </label>
              ))}
            </div>
          </fieldset>
          <Field label={business ? 'Legal name' : 'Full name'} error={errors.legal_name}>
            <Input {...bind('legal_name')} maxLength={200} autoComplete="off" />
          </Field>
          <Field label="Trading name" optional error={errors.trading_name}>
            <Input {...bind('trading_name')} maxLength={200} autoComplete="off" />
          </Field>
          <Field
            label="Email"
            optional
            hint="Where invoices are sent."
            error={errors.email}
            className="sm:col-span-2"
          >
            <Input {...bind('email')} type="email" inputMode="email" spellCheck={false} maxLength={254} />
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Address</CardTitle>
          <CardDescription>
            Street, postal code and city are needed before issuing an invoice.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-[8rem_1fr_6rem]">
          <Field label="Address" error={errors.address_line1} className="sm:col-span-3">
            <Input {...bind('address_line1')} maxLength={200} autoComplete="off" />
          </Field>
          <Field label="Address line 2" optional error={errors.address_line2} className="sm:col-span-3">
            <Input {...bind('address_line2')} maxLength={200} autoComplete="off" />
          </Field>
          <Field label="Postal code" error={errors.postal_code}>
            <Input {...bind('postal_code')} maxLength={20} autoComplete="off" />
          </Field>
          <Field label="City" error={errors.city}>
            <Input {...bind('city')} maxLength={100} autoComplete="off" />
          </Field>
          <Field label="Country" hint="e.g. FR" error={errors.country_code}>
            <Input
              value={values.country_code}
              onChange={(e) => set('country_code')(e.target.value.toUpperCase())}
              maxLength={2}
              autoComplete="off"
              className="uppercase"
            />
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Tax identifiers and terms</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4 sm:grid-cols-3">
          <Field
            label="VAT number"
            optional
            hint="With its country prefix, e.g. FR40303265045"
            error={errors.vat_number}
          >
            <Input {...bind('vat_number')} maxLength={20} spellCheck={false} autoComplete="off" />
          </Field>
          <Field label="SIREN" optional hint="9 digits (French companies)" error={errors.siren}>
            <Input {...bind('siren')} inputMode="numeric" maxLength={11} autoComplete="off" />
          </Field>
          <Field label="SIRET" optional hint="14 digits, starts with the SIREN" error={errors.siret}>
            <Input {...bind('siret')} inputMode="numeric" maxLength={17} autoComplete="off" />
          </Field>
          <Field
            label="Payment terms"
            optional
            hint="Days after issue; empty: your default terms"
            error={errors.payment_terms_days}
          >
            <Input {...bind('payment_terms_days')} inputMode="numeric" maxLength={3} />
          </Field>
          <Field label="Currency" error={errors.default_currency}>
            <NativeSelect {...bind('default_currency')}>
              {[...new Set([values.default_currency, ...COMMON_CURRENCIES])].map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label="Notes" optional error={errors.notes} className="sm:col-span-3">
            <Textarea {...bind('notes')} rows={3} maxLength={5000} />
          </Field>
        </CardContent>
      </Card>
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" asChild>
          <Link href={customer ? `/customers/${customer.id}` : '/customers'}>Cancel</Link>
        </Button>
        <Button type="submit" pending={pending}>
          {pending ? 'Saving…' : customer ? 'Save changes' : 'Create customer'}
        </Button>
      </div>
    </form>
  );
}
