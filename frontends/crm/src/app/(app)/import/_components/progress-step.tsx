'use client';
/**
 * @module progress-step
 * The import under way: a progress bar fed by polling `GET /imports/{id}` (rows done of the
 * total), then the result: counts, the reason of a failure, and the rows not imported as a CSV
 * download.
 */
import type { Import } from '@comptoir/contracts/crm/imports';
import {
  Alert,
  apiDownload,
  apiRequest,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Progress,
  saveDownload,
} from '@comptoir/ui';
import { CircleCheck, Download, Upload, Users } from 'lucide-react';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { importCancelPath, importPath, importRejectionsCsvPath } from '@/lib/endpoints';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);

/** Whether an import has stopped for good. */
export const isFinished = (imported: Pick<Import, 'status'>) => FINISHED.has(imported.status);

/** Props of {@link ProgressStep}. */
export interface ProgressStepProps {
  imported: Import;
  onChanged: (imported: Import) => void;
  onAnother: () => void;
}

/** The progress bar while it runs, the result once it has finished. */
export function ProgressStep({ imported, onChanged, onAnother }: ProgressStepProps) {
  const finished = isFinished(imported);
  const [error, setError] = useState<string | null>(null);
  const [cancelling, setCancelling] = useState(false);

  useEffect(() => {
    if (finished) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const poll = async () => {
      const result = await apiRequest<Import>(importPath(imported.id));
      if (stopped) return;
      if (result.ok) {
        onChanged(result.data);
        if (isFinished(result.data)) return;
      } else setError(result.message);
      timer = setTimeout(poll, 1000);
    };
    timer = setTimeout(poll, 700);
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [finished, imported.id, onChanged]);

  const { progress, counts } = imported;
  const total = progress.total_rows;
  const done = progress.rows_done;
  const valueText =
    total === null
      ? `${done} rows done, counting the total`
      : `${done} of ${total} rows (${Math.round(progress.percent)}%)`;

  if (!finished) {
    return (
      <Card>
        <CardHeader>
          <CardTitle>{imported.status === 'queued' ? 'Waiting to start…' : 'Importing…'}</CardTitle>
          <CardDescription>
            You can leave this page: the import goes on, and its result stays here.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-3">
          <Progress
            label="Import progress"
            value={total === null ? null : done}
            max={total ?? 100}
            valueText={valueText}
          />
          <p className="text-muted-foreground text-sm tabular-nums" aria-hidden="true">
            {valueText}
          </p>
          {error ? <Alert variant="warning">{error} We keep trying.</Alert> : null}
          <div>
            <Button
              variant="outline"
              size="sm"
              pending={cancelling}
              onClick={async () => {
                setCancelling(true);
                const result = await apiRequest<Import>(importCancelPath(imported.id), { method: 'POST' });
                setCancelling(false);
                if (result.ok) onChanged(result.data);
                else setError(result.message);
              }}
            >
              {cancelling ? 'Cancelling…' : 'Cancel import'}
            </Button>
          </div>
        </CardContent>
      </Card>
    );
  }

  const notImported = counts.rejected + counts.skipped;
  async function download(outcome?: 'warning') {
    setError(null);
    const result = await apiDownload(
      `${importRejectionsCsvPath(imported.id)}${outcome ? `?outcome=${outcome}` : ''}`,
    );
    if (!result.ok) setError(result.message);
    else
      saveDownload(
        result.data,
        `${(imported.filename ?? 'import').replace(/\.[^.]+$/, '')}-${outcome ? 'warnings' : 'not-imported'}.csv`,
      );
  }

  return (
    <div className="grid gap-6">
      <Card>
        <CardHeader>
          <CardTitle className="flex items-center gap-2">
            {imported.status === 'completed' ? (
              <>
                <CircleCheck aria-hidden="true" className="size-5 text-success" />
                Import finished
              </>
            ) : imported.status === 'cancelled' ? (
              'Import cancelled'
            ) : (
              'Import failed'
            )}
          </CardTitle>
          <CardDescription>
            {imported.filename ?? 'Your file'}: {done} {done === 1 ? 'row' : 'rows'} read.
          </CardDescription>
        </CardHeader>
        <CardContent className="grid gap-4">
          <Progress label="Import progress" value={done} max={total ?? done} valueText={valueText} />
          {imported.status === 'failed' ? (
            <Alert variant="error" title="The import stopped">
              {imported.error ?? 'Something went wrong while importing. What was written before stays.'}
            </Alert>
          ) : null}
          {imported.status === 'cancelled' ? (
            <Alert variant="warning">The import was cancelled. The rows written before stay.</Alert>
          ) : null}
          <dl aria-label="Result" className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
            {[
              ['Created', counts.created],
              ['Updated', counts.updated],
              ['Skipped', counts.skipped],
              ['Rejected', counts.rejected],
              ['With a warning', counts.warnings],
              ['Companies created', counts.companies_created],
            ].map(([label, value]) => (
              <div key={label} className="rounded-lg border p-3">
                <dt className="text-muted-foreground text-xs">{label}</dt>
                <dd className="font-semibold text-2xl tabular-nums">{value}</dd>
              </div>
            ))}
          </dl>
          {error ? <Alert variant="error">{error}</Alert> : null}
          <div className="flex flex-wrap gap-2">
            {notImported > 0 ? (
              <Button variant="outline" onClick={() => download()}>
                <Download aria-hidden="true" />
                Download rejected rows (CSV)
              </Button>
            ) : null}
            {counts.warnings > 0 ? (
              <Button variant="outline" onClick={() => download('warning')}>
                <Download aria-hidden="true" />
                Download rows with a warning (CSV)
              </Button>
            ) : null}
            <Button variant="outline" asChild>
              <Link href="/contacts?sort=-created_at">
                <Users aria-hidden="true" />
                See the contacts
              </Link>
            </Button>
            <Button variant="ghost" onClick={onAnother}>
              <Upload aria-hidden="true" />
              Import another file
            </Button>
          </div>
        </CardContent>
      </Card>
    </div>
  );
}
