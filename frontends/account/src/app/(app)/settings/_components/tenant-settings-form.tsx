'use client';
/**
 * @module tenant-settings-form
 * Edits the current tenant (`PATCH /api/auth/tenant`).
 */
import { TenantUpdateSchema } from '@comptoir/contracts/auth';
import {
  Alert,
  apiRequest,
  Button,
  currencies,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  InlineStatus,
  Input,
  NativeSelect,
  timeZones,
} from '@comptoir/ui';
import { useRouter } from 'next/navigation';
import { type FormEvent, useEffect, useRef, useState, useTransition } from 'react';

/** Props of {@link TenantSettingsForm}. */
export interface TenantSettingsFormProps {
  tenant: { name: string; time_zone: string; currency: string };
  /** False: the fields are read-only and there is no save button. */
  editable: boolean;
}

/**
 * "Company name", "Time zone", "Currency" and "Save changes". Validated with the contracts'
 * `TenantUpdateSchema`, then by the API; success announces "Saved" and refreshes the page (the
 * header shows the new name).
 */
export function TenantSettingsForm({ tenant, editable }: TenantSettingsFormProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState<string | null>(null);
  const [zones, setZones] = useState<string[]>([tenant.time_zone]);
  const [currencyList, setCurrencyList] = useState<string[]>([tenant.currency]);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);

  useEffect(() => {
    const all = timeZones();
    setZones(all.includes(tenant.time_zone) ? all : [tenant.time_zone, ...all]);
    const cs = currencies();
    setCurrencyList(cs.includes(tenant.currency) ? cs : [tenant.currency, ...cs]);
  }, [tenant.time_zone, tenant.currency]);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending || !editable) return;
    const data = new FormData(event.currentTarget);
    const parsed = TenantUpdateSchema.safeParse({
      name: String(data.get('name') ?? ''),
      time_zone: String(data.get('time_zone') ?? ''),
      currency: String(data.get('currency') ?? ''),
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      setStatus(null);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    setStatus(null);
    const result = await apiRequest('/api/auth/tenant', { method: 'PATCH', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setStatus('Saved.');
    startTransition(() => router.refresh());
  }

  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <Field label="Company name" error={errors.name}>
        <Input
          name="name"
          defaultValue={tenant.name}
          required
          maxLength={200}
          readOnly={!editable}
          autoComplete="organization"
        />
      </Field>
      <div className="grid gap-4 sm:grid-cols-[1fr_10rem]">
        <Field label="Time zone" error={errors.time_zone}>
          <NativeSelect name="time_zone" defaultValue={tenant.time_zone} disabled={!editable}>
            {zones.map((z) => (
              <option key={z} value={z}>
                {z.replace(/_/g, ' ')}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Currency" error={errors.currency}>
          <NativeSelect name="currency" defaultValue={tenant.currency} disabled={!editable}>
            {currencyList.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      {editable ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button type="submit" pending={pending}>
            {pending ? 'Saving…' : 'Save changes'}
          </Button>
          <InlineStatus message={status} />
        </div>
      ) : null}
    </form>
  );
}
