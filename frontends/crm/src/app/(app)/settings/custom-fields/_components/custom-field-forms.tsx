'use client';
/**
 * @module custom-field-forms
 * Defining the tenant's custom fields (admins): a form adding one (label, key derived from it,
 * type, options of a select, required), and per field editing its label, options and whether it
 * is required, or removing it (its values go with it).
 */
import {
  CUSTOM_FIELD_TYPES,
  type CustomField,
  CustomFieldCreateSchema,
  CustomFieldUpdateSchema,
} from '@comptoir/contracts/crm/custom-fields';
import {
  Alert,
  apiRequest,
  Button,
  CheckboxField,
  ConfirmButton,
  Field,
  type FieldErrors,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
  NativeSelect,
  Textarea,
} from '@comptoir/ui';
import { Pencil, Plus, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState, useTransition } from 'react';

export const TYPE_LABELS: Record<string, string> = {
  text: 'Text',
  number: 'Number',
  date: 'Date',
  select: 'Choice from a list',
};

/** "Customer segment" → "customer_segment" (the key values are stored under). */
export function keyOf(label: string): string {
  const key = label
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/^(\d)/, 'f_$1')
    .slice(0, 40);
  return key || 'field';
}

const optionsOf = (text: string) =>
  text
    .split(/\n|,/)
    .map((o) => o.trim())
    .filter(Boolean);

/** The "Add a field" form for one entity. */
export function NewCustomFieldForm({
  entity,
  position,
}: {
  entity: 'contact' | 'company' | 'deal';
  position: number;
}) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [label, setLabel] = useState('');
  const [key, setKey] = useState('');
  const [keyTouched, setKeyTouched] = useState(false);
  const [type, setType] = useState<string>('text');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = CustomFieldCreateSchema.safeParse({
      entity,
      label: label.trim(),
      key: keyTouched ? key : keyOf(label),
      type,
      options: type === 'select' ? optionsOf(String(data.get('options') ?? '')) : [],
      required: data.get('required') === 'on',
      position,
    });
    if (!parsed.success) {
      setErrors(fieldErrorsOfIssues(parsed.error.issues));
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setMessage(null);
    const result = await apiRequest<CustomField>('/api/crm/custom-fields', {
      method: 'POST',
      body: parsed.data,
    });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(
        result.status === 409 ? 'A field with this key exists already; choose another key.' : result.message,
      );
      focusFirstInvalid(formRef.current);
      return;
    }
    setErrors({});
    setLabel('');
    setKey('');
    setKeyTouched(false);
    setType('text');
    formRef.current?.reset();
    setStatus(`Field “${result.data.label}” added.`);
    startTransition(() => router.refresh());
  }

  return (
    <form ref={formRef} onSubmit={submit} noValidate className="grid gap-3 rounded-lg border bg-muted/30 p-3">
      {message ? <Alert variant="error">{message}</Alert> : null}
      <div className="grid gap-3 sm:grid-cols-3">
        <Field label="Label" error={errors.label}>
          <Input
            value={label}
            onChange={(e) => setLabel(e.target.value)}
            maxLength={100}
            autoComplete="off"
          />
        </Field>
        <Field label="Key" hint="Used in imports, exports and the API" error={errors.key}>
          <Input
            value={keyTouched ? key : keyOf(label)}
            onChange={(e) => {
              setKeyTouched(true);
              setKey(e.target.value);
            }}
            maxLength={40}
            spellCheck={false}
            autoComplete="off"
          />
        </Field>
        <Field label="Type" error={errors.type}>
          <NativeSelect value={type} onChange={(e) => setType(e.target.value)}>
            {CUSTOM_FIELD_TYPES.map((t) => (
              <option key={t} value={t}>
                {TYPE_LABELS[t]}
              </option>
            ))}
          </NativeSelect>
        </Field>
      </div>
      {type === 'select' ? (
        <Field label="Choices" hint="One per line" error={errors.options}>
          <Textarea name="options" rows={3} />
        </Field>
      ) : null}
      <CheckboxField name="required" label="Required" description="Every record must have a value." />
      <div className="flex flex-wrap items-center gap-3">
        <Button type="submit" size="sm" pending={pending}>
          <Plus aria-hidden="true" />
          {pending ? 'Adding…' : 'Add field'}
        </Button>
        <span role="status" className="text-muted-foreground text-sm">
          {status}
        </span>
      </div>
    </form>
  );
}

/** One defined field: its description, an edit form and removal. */
export function CustomFieldRow({ field }: { field: CustomField }) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [editing, setEditing] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const parsed = CustomFieldUpdateSchema.safeParse({
      label: String(data.get('label') ?? '').trim(),
      required: data.get('required') === 'on',
      ...(field.type === 'select' ? { options: optionsOf(String(data.get('options') ?? '')) } : {}),
    });
    if (!parsed.success) return setErrors(fieldErrorsOfIssues(parsed.error.issues));
    setPending(true);
    const result = await apiRequest(`/api/crm/custom-fields/${field.id}`, {
      method: 'PATCH',
      body: parsed.data,
    });
    setPending(false);
    if (!result.ok) {
      setErrors(result.fieldErrors);
      setMessage(result.message);
      return;
    }
    setEditing(false);
    startTransition(() => router.refresh());
  }

  if (editing) {
    return (
      <li className="py-3">
        <form onSubmit={submit} noValidate className="grid gap-3" aria-label={`Edit ${field.label}`}>
          {message ? <Alert variant="error">{message}</Alert> : null}
          <Field label="Label" error={errors.label}>
            <Input name="label" defaultValue={field.label} maxLength={100} />
          </Field>
          {field.type === 'select' ? (
            <Field label="Choices" hint="One per line" error={errors.options}>
              <Textarea name="options" rows={4} defaultValue={field.options.join('\n')} />
            </Field>
          ) : null}
          <CheckboxField name="required" label="Required" defaultChecked={field.required} />
          <div className="flex gap-2">
            <Button type="submit" size="sm" pending={pending}>
              {pending ? 'Saving…' : 'Save'}
            </Button>
            <Button variant="ghost" size="sm" onClick={() => setEditing(false)}>
              Cancel
            </Button>
          </div>
        </form>
      </li>
    );
  }
  return (
    <li className="flex flex-wrap items-center justify-between gap-2 py-3">
      <div className="grid min-w-0">
        <span className="font-medium text-sm">
          {field.label}
          {field.required ? <span className="text-muted-foreground"> (required)</span> : null}
        </span>
        <span className="truncate text-muted-foreground text-xs">
          {TYPE_LABELS[field.type] ?? field.type} · key <code>{field.key}</code>
          {field.type === 'select' ? ` · ${field.options.join(', ')}` : ''}
        </span>
      </div>
      <div className="flex gap-1">
        <Button
          variant="ghost"
          size="icon-sm"
          aria-label={`Edit ${field.label}`}
          onClick={() => setEditing(true)}
        >
          <Pencil aria-hidden="true" />
        </Button>
        <ConfirmButton
          variant="ghost"
          size="icon-sm"
          aria-label={`Remove ${field.label}`}
          title={`Remove “${field.label}”?`}
          description="Its values are removed from every record. This cannot be undone."
          confirmLabel="Remove"
          pendingLabel="Removing…"
          onConfirm={async () => {
            const result = await apiRequest(`/api/crm/custom-fields/${field.id}`, { method: 'DELETE' });
            if (!result.ok) return result.message;
            startTransition(() => router.refresh());
            return null;
          }}
        >
          <Trash2 aria-hidden="true" />
        </ConfirmButton>
      </div>
    </li>
  );
}
