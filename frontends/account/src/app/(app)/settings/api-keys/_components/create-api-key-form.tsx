'use client';
/**
 * @module create-api-key-form
 * Creates an API key (`POST /api/auth/api-keys`) and shows its secret once.
 */
import { ApiKeyCreateSchema } from '@comptoir/contracts/auth';
import {
  Alert,
  apiRequest,
  Button,
  CheckboxField,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
  NativeSelect,
} from '@comptoir/ui';
import { Check, Copy } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useId, useRef, useState, useTransition } from 'react';

/** Props of {@link CreateApiKeyForm}. */
export interface CreateApiKeyFormProps {
  /** The member's own permissions: the only ones a key may hold. */
  permissions: string[];
}

const EXPIRIES = [
  { value: '', label: 'Never' },
  { value: '30', label: 'In 30 days' },
  { value: '90', label: 'In 90 days' },
  { value: '365', label: 'In a year' },
];

/** Groups `contacts:read`, `contacts:create`, … by resource. */
function byResource(permissions: string[]): Array<[string, string[]]> {
  const groups = new Map<string, string[]>();
  for (const p of permissions) {
    const resource = p.split(':')[0] ?? p;
    groups.set(resource, [...(groups.get(resource) ?? []), p]);
  }
  return [...groups];
}

const resourceLabel = (r: string) => (r.charAt(0).toUpperCase() + r.slice(1)).replace(/_/g, ' ');

/**
 * "Name", the "Permissions" checkboxes (grouped by resource, none checked at first, with "Select
 * all"), "Expires" and "Create key". The created key appears once, read-only, with a "Copy"
 * button; afterwards only its prefix is ever shown.
 */
export function CreateApiKeyForm({ permissions }: CreateApiKeyFormProps) {
  const router = useRouter();
  const [pending, setPending] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [checked, setChecked] = useState<Set<string>>(new Set());
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [, startTransition] = useTransition();
  const formRef = useRef<HTMLFormElement>(null);
  const keyFieldId = useId();
  const permissionsErrorId = useId();

  function toggle(permission: string, on: boolean) {
    setChecked((current) => {
      const next = new Set(current);
      if (on) next.add(permission);
      else next.delete(permission);
      return next;
    });
  }

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const form = event.currentTarget;
    const data = new FormData(form);
    const days = Number(data.get('expires') || 0);
    const parsed = ApiKeyCreateSchema.safeParse({
      name: String(data.get('name') ?? ''),
      permissions: permissions.filter((p) => checked.has(p)),
      ...(days > 0 ? { expires_at: new Date(Date.now() + days * 86_400_000).toISOString() } : {}),
    });
    if (!parsed.success) {
      const fieldErrors = fieldErrorsOfIssues(parsed.error.issues);
      if (fieldErrors.permissions) fieldErrors.permissions = 'Choose at least one permission';
      setErrors(fieldErrors);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<{ name: string; key: string }>('/api/auth/api-keys', {
      method: 'POST',
      body: parsed.data,
    });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setChecked(new Set());
    form.reset();
    setCopied(false);
    setCreated({ name: result.data.name, key: result.data.key });
    startTransition(() => router.refresh());
  }

  if (created) {
    return (
      <div className="grid gap-4">
        <Alert variant="success" title={`Key "${created.name}" created`} role="status">
          Copy it now and keep it somewhere safe: it will not be shown again.
        </Alert>
        <div className="grid gap-1.5">
          <label htmlFor={keyFieldId} className="font-medium text-sm">
            Your new API key
          </label>
          <div className="flex gap-2">
            <Input
              id={keyFieldId}
              readOnly
              value={created.key}
              className="font-mono text-xs"
              onFocus={(e) => e.currentTarget.select()}
            />
            <Button
              variant="outline"
              onClick={async () => {
                try {
                  await navigator.clipboard.writeText(created.key);
                  setCopied(true);
                } catch {
                  document.getElementById(keyFieldId)?.focus();
                }
              }}
            >
              {copied ? <Check aria-hidden="true" /> : <Copy aria-hidden="true" />}
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <p role="status" className="sr-only">
            {copied ? 'Key copied to the clipboard' : ''}
          </p>
        </div>
        <div>
          <Button variant="secondary" onClick={() => setCreated(null)}>
            Done
          </Button>
        </div>
      </div>
    );
  }

  const allChecked = checked.size === permissions.length;
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-5">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <div className="grid gap-4 sm:grid-cols-[1fr_12rem]">
        <Field label="Name" error={errors.name} hint="Where it is used, e.g. “Invoices export script”">
          <Input name="name" required maxLength={100} autoComplete="off" />
        </Field>
        <Field label="Expires" error={errors.expires_at}>
          <NativeSelect name="expires" defaultValue="">
            {EXPIRIES.map((e) => (
              <option key={e.value} value={e.value}>
                {e.label}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      <fieldset
        className="grid gap-3"
        aria-describedby={errors.permissions ? permissionsErrorId : undefined}
        aria-invalid={errors.permissions ? true : undefined}
      >
        <legend className="mb-1 flex w-full items-center justify-between gap-2 font-medium text-sm">
          Permissions
          <Button
            variant="link"
            size="sm"
            onClick={() => setChecked(allChecked ? new Set() : new Set(permissions))}
          >
            {allChecked ? 'Clear all' : 'Select all'}
          </Button>
        </legend>
        {errors.permissions ? (
          <p id={permissionsErrorId} className="text-destructive text-xs">
            {errors.permissions}
          </p>
        ) : null}
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3">
          {byResource(permissions).map(([resource, list]) => (
            <div key={resource} className="grid content-start gap-2 rounded-lg border p-3">
              <p className="font-medium text-muted-foreground text-xs uppercase tracking-wide">
                {resourceLabel(resource)}
              </p>
              {list.map((p) => (
                <CheckboxField
                  key={p}
                  id={`perm-${p}`}
                  name="permissions"
                  value={p}
                  checked={checked.has(p)}
                  onChange={(e) => toggle(p, e.target.checked)}
                  label={p}
                  aria-invalid={errors.permissions ? true : undefined}
                />
              ))}
            </div>
          ))}
        </div>
      </fieldset>
      <div>
        <Button type="submit" pending={pending}>
          {pending ? 'Creating…' : 'Create key'}
        </Button>
      </div>
    </form>
  );
}
