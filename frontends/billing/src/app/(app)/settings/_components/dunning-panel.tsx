'use client';
/**
 * @module dunning-panel
 * The dunning settings: whether reminders go out at all, and the schedule (steps in days after the
 * due date, each a reminder or, last, a formal notice), saved whole with `PUT /dunning/schedule`
 * by admins; and "Run dunning now" (`POST /dunning/run`) for managers, which takes the steps due
 * at once instead of waiting for the hourly job and says what it did.
 */
import type { DunningRunResult } from '@comptoir/contracts/billing/dunning';
import {
  Alert,
  apiRequest,
  Button,
  CheckboxField,
  Field,
  type FieldErrors,
  focusFirstInvalid,
  InlineStatus,
  Input,
  NativeSelect,
  pathErrorsOf,
} from '@comptoir/ui';
import { Play, Plus, Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import {
  DUNNING_KIND_LABELS,
  type DunningKind,
  nextScheduleRow,
  readSchedule,
  type ScheduleRow,
  scheduleRows,
} from '@/lib/dunning';
import { useCan } from '@/lib/session';

/** The schedule as `GET /dunning/schedule` returns it. */
export interface DunningSchedule {
  enabled: boolean;
  data: ReadonlyArray<{ position: number; offset_days: number; kind: DunningKind }>;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "Checked 3 overdue invoices: 2 reminders sent, 1 skipped, none without an e-mail address." */
function runSummary(result: DunningRunResult): string {
  return [
    `Checked ${plural(result.invoices_checked, 'overdue invoice', 'overdue invoices')}:`,
    `${plural(result.steps_sent, 'reminder', 'reminders')} sent,`,
    `${result.steps_skipped} skipped,`,
    `${result.without_email} without an e-mail address.`,
  ].join(' ');
}

/** The form (read-only without `dunning:manage`) and the run button. */
export function DunningPanel({ schedule }: { schedule: DunningSchedule }) {
  const router = useRouter();
  const canManage = useCan('dunning:manage');
  const canRun = useCan('dunning:run');
  const formRef = useRef<HTMLFormElement>(null);
  const [enabled, setEnabled] = useState(schedule.enabled);
  const [rows, setRows] = useState<ScheduleRow[]>(() => scheduleRows(schedule.data));
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState<{ message: string; tone: 'success' | 'error' } | null>(null);
  const [saving, setSaving] = useState(false);
  const [running, setRunning] = useState(false);
  const [runResult, setRunResult] = useState<{ message: string; tone: 'success' | 'error' } | null>(null);

  const setRow = (index: number, patch: Partial<ScheduleRow>) =>
    setRows((all) => all.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving || !canManage) return;
    const read = readSchedule(rows);
    if (Object.keys(read.errors).length > 0) {
      setErrors(read.errors);
      setStatus({ message: 'Some steps need your attention.', tone: 'error' });
      focusFirstInvalid(formRef.current);
      return;
    }
    setSaving(true);
    setErrors({});
    setStatus(null);
    const result = await apiRequest<DunningSchedule>('/api/billing/dunning/schedule', {
      method: 'PUT',
      body: { enabled, steps: read.steps },
    });
    setSaving(false);
    if (!result.ok) {
      setErrors(pathErrorsOf(result.problem));
      setStatus({ message: result.message, tone: 'error' });
      focusFirstInvalid(formRef.current);
      return;
    }
    setRows(scheduleRows(result.data.data));
    setEnabled(result.data.enabled);
    setStatus({ message: 'Dunning schedule saved', tone: 'success' });
    router.refresh();
  }

  async function runNow() {
    setRunning(true);
    setRunResult(null);
    const result = await apiRequest<DunningRunResult>('/api/billing/dunning/run', { method: 'POST' });
    setRunning(false);
    setRunResult(
      result.ok
        ? { message: runSummary(result.data), tone: 'success' }
        : { message: result.message, tone: 'error' },
    );
  }

  return (
    <div className="grid gap-6">
      <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
        {canManage ? null : (
          <Alert>Only admins can change the schedule. Reminders follow it for every overdue invoice.</Alert>
        )}
        <CheckboxField
          id="dunning-enabled"
          label="Send reminders for overdue invoices"
          description="Off pauses dunning for every invoice; a disputed invoice always waits."
          checked={enabled}
          disabled={!canManage}
          onChange={(e) => setEnabled(e.target.checked)}
        />
        {errors.steps ? <Alert variant="error">{errors.steps}</Alert> : null}
        <ol aria-label="Dunning steps" className="grid gap-3">
          {rows.map((row, index) => {
            const n = index + 1;
            return (
              <li key={row.key}>
                <fieldset className="grid grid-cols-[1fr_auto] items-start gap-2 rounded-lg border p-3 sm:grid-cols-[10rem_12rem_auto]">
                  <legend className="sr-only">Step {n}</legend>
                  <Field
                    label={
                      <>
                        Days after the due date<span className="sr-only"> (step {n})</span>
                      </>
                    }
                    error={errors[`steps.${index}.offset_days`]}
                    className="col-span-2 sm:col-span-1"
                  >
                    <Input
                      inputMode="numeric"
                      autoComplete="off"
                      maxLength={3}
                      value={row.offset}
                      disabled={!canManage}
                      className="tabular-nums"
                      onChange={(e) => setRow(index, { offset: e.target.value })}
                    />
                  </Field>
                  <Field
                    label={
                      <>
                        Kind<span className="sr-only"> (step {n})</span>
                      </>
                    }
                    error={errors[`steps.${index}.kind`]}
                  >
                    <NativeSelect
                      value={row.kind}
                      disabled={!canManage}
                      onChange={(e) => setRow(index, { kind: e.target.value as DunningKind })}
                    >
                      {Object.entries(DUNNING_KIND_LABELS).map(([kind, label]) => (
                        <option key={kind} value={kind}>
                          {label}
                        </option>
                      ))}
                    </NativeSelect>
                  </Field>
                  {canManage ? (
                    <div className="flex h-full items-end">
                      <Button
                        variant="ghost"
                        size="icon"
                        aria-label={`Remove step ${n}`}
                        disabled={rows.length === 1}
                        onClick={() => {
                          setRows((all) => all.filter((_, i) => i !== index));
                          setErrors({});
                        }}
                      >
                        <Trash2 aria-hidden="true" />
                      </Button>
                    </div>
                  ) : null}
                </fieldset>
              </li>
            );
          })}
        </ol>
        {canManage ? (
          <div className="flex flex-wrap items-center justify-between gap-2">
            <Button
              variant="outline"
              size="sm"
              disabled={rows.length >= 20}
              onClick={() => setRows((all) => [...all, nextScheduleRow(all)])}
            >
              <Plus aria-hidden="true" />
              Add step
            </Button>
            <div className="flex flex-wrap items-center gap-2">
              <InlineStatus
                message={status?.message}
                tone={status?.tone ?? 'success'}
                onDismiss={() => setStatus(null)}
              />
              <Button type="submit" pending={saving}>
                {saving ? 'Saving…' : 'Save schedule'}
              </Button>
            </div>
          </div>
        ) : null}
      </form>
      {canRun ? (
        <div className="grid gap-3 border-t pt-4">
          <div className="flex flex-wrap items-center justify-between gap-2">
            <p className="text-muted-foreground text-sm">
              Dunning runs every hour. Run it now to send the reminders that are due at once.
            </p>
            <Button variant="outline" pending={running} onClick={runNow}>
              <Play aria-hidden="true" />
              {running ? 'Running…' : 'Run dunning now'}
            </Button>
          </div>
          {runResult ? (
            <Alert variant={runResult.tone === 'error' ? 'error' : 'success'} role="status">
              {runResult.message}
            </Alert>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
