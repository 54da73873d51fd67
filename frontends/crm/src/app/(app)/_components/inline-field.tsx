'use client';
/**
 * @module inline-field
 * Editing one field of a record where it is shown: an "Edit <field>" button turns the value into
 * its control with Save and Cancel (Enter saves single-line controls, Escape cancels). The change
 * is checked with the contracts' update schema, sent as a PATCH, and the page reloads its data.
 */
import { apiRequest, Button, errorAt, pathErrorsOf, pathErrorsOfIssues } from '@comptoir/ui';
import { CircleAlert, Pencil } from 'lucide-react';
import { useRouter } from 'next/navigation';
import {
  type FormEvent,
  type KeyboardEvent,
  type ReactNode,
  useId,
  useRef,
  useState,
  useTransition,
} from 'react';

/** Minimal shape of a zod schema (`safeParse`), so any contracts schema fits. */
export interface ParseSchema {
  safeParse(
    input: unknown,
  ):
    | { success: true; data: unknown }
    | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/** What an editor gets to render its control. */
export interface EditorControl {
  id: string;
  autoFocus: boolean;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
  onKeyDown: (event: KeyboardEvent<HTMLElement>) => void;
}

/** Props of {@link InlineField}. */
export interface InlineFieldProps<V> {
  label: string;
  /** The value as shown when not editing. */
  display: ReactNode;
  /** The control's value when editing starts. */
  initial: V;
  /** The control, e.g. `(v, set, control) => <Input {...control} value={v} onChange={(e) => set(e.target.value)} />`. */
  editor: (value: V, setValue: (value: V) => void, control: EditorControl) => ReactNode;
  /** The PATCH body for a value, e.g. `{ job_title: v.trim() || null }`. */
  toBody: (value: V) => Record<string, unknown>;
  /** The record's API path, e.g. `/api/crm/contacts/<id>`. */
  endpoint: string;
  /** The contracts' update schema (checked before sending). */
  schema: ParseSchema;
  /** Path of the field in errors (default: the first key of the body). */
  errorPath?: string;
  /** Whether the member may edit (else the value only). */
  editable?: boolean;
  /** Multi-line controls: Enter does not save. */
  multiline?: boolean;
  /** Fills the whole row of a two-column list. */
  wide?: boolean;
  /** Called after a successful save (besides reloading the page's data). */
  onSaved?: (data: unknown) => void;
  /** Method (default PATCH). */
  method?: 'PATCH' | 'PUT' | 'POST';
  /** The editor labels its own controls (a list editor): the label is a plain heading. */
  group?: boolean;
}

/** A `<div>` of a description list: the label, the value and its "Edit" button or its editor. */
export function InlineField<V>({
  label,
  display,
  initial,
  editor,
  toBody,
  endpoint,
  schema,
  errorPath,
  editable = true,
  multiline = false,
  wide = false,
  onSaved,
  method = 'PATCH',
  group = false,
}: InlineFieldProps<V>) {
  const router = useRouter();
  const [, startTransition] = useTransition();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<V>(initial);
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);
  const [status, setStatus] = useState('');
  const editButton = useRef<HTMLButtonElement>(null);
  const id = useId();

  function start() {
    setValue(initial);
    setError(undefined);
    setStatus('');
    setEditing(true);
  }

  function stop() {
    setEditing(false);
    requestAnimationFrame(() => editButton.current?.focus());
  }

  async function save(event?: FormEvent) {
    event?.preventDefault();
    if (pending) return;
    const body = toBody(value);
    const path = errorPath ?? Object.keys(body)[0] ?? '';
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const errors = pathErrorsOfIssues(parsed.error.issues);
      setError(errorAt(errors, path) ?? errors._form ?? Object.values(errors)[0]);
      return;
    }
    setPending(true);
    const result = await apiRequest(endpoint, { method, body: parsed.data });
    setPending(false);
    if (!result.ok) {
      const errors = pathErrorsOf(result.problem);
      setError(errorAt(errors, path) ?? result.message);
      return;
    }
    onSaved?.(result.data);
    setStatus(`${label} saved.`);
    stop();
    startTransition(() => router.refresh());
  }

  const controlId = `inline-${id}`;
  const errorId = `${controlId}-error`;
  const control: EditorControl = {
    id: controlId,
    autoFocus: true,
    ...(error ? { 'aria-describedby': errorId, 'aria-invalid': true } : {}),
    onKeyDown: (event) => {
      if (event.key === 'Escape') {
        event.preventDefault();
        event.stopPropagation();
        stop();
      } else if (
        event.key === 'Enter' &&
        !multiline &&
        !event.defaultPrevented &&
        event.target instanceof HTMLInputElement
      ) {
        event.preventDefault();
        void save();
      }
    },
  };

  return (
    <div className={wide ? 'grid content-start gap-1 sm:col-span-2' : 'grid content-start gap-1'}>
      {editing ? (
        <>
          <dt className="font-medium text-xs">
            {group ? label : <label htmlFor={controlId}>{label}</label>}
          </dt>
          <dd>
            <form onSubmit={save} className="grid gap-2" noValidate>
              {editor(value, setValue, control)}
              {error ? (
                <p id={errorId} className="flex items-start gap-1 text-destructive text-xs">
                  <CircleAlert aria-hidden="true" className="mt-px size-3.5 shrink-0" />
                  <span>{error}</span>
                </p>
              ) : null}
              <div className="flex gap-2">
                <Button type="submit" size="sm" pending={pending}>
                  {pending ? 'Saving…' : 'Save'}
                </Button>
                <Button variant="ghost" size="sm" onClick={stop} disabled={pending}>
                  Cancel
                </Button>
              </div>
            </form>
          </dd>
        </>
      ) : (
        <>
          <dt className="text-muted-foreground text-xs">{label}</dt>
          <dd className="group flex min-w-0 items-start gap-1 text-sm">
            <div className="min-w-0 flex-1 break-words">{display}</div>
            {editable ? (
              <Button
                ref={editButton}
                variant="ghost"
                size="icon-sm"
                className="-my-1 shrink-0 text-muted-foreground opacity-70 group-hover:opacity-100"
                aria-label={`Edit ${label.toLowerCase()}`}
                onClick={start}
              >
                <Pencil aria-hidden="true" />
              </Button>
            ) : null}
          </dd>
        </>
      )}
      <span role="status" className="sr-only">
        {status}
      </span>
    </div>
  );
}
