'use client';
/**
 * @module import-wizard
 * Importing contacts in four steps: upload (CSV or vCard), review the detection and the column
 * mapping, preview every row (dry run), then run it with a progress bar and read the result.
 * The import's id lives in the URL (`/import?id=`), so a reload or a later visit comes back to
 * the right step.
 */
import type { CustomField } from '@comptoir/contracts/crm/custom-fields';
import type { Import, ImportDryRun } from '@comptoir/contracts/crm/imports';
import { Alert, apiRequest, cn } from '@comptoir/ui';
import { Check } from 'lucide-react';
import { usePathname, useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState } from 'react';
import { importDryRunPath, importRunPath } from '@/lib/endpoints';
import { MappingStep } from './mapping-step';
import { PreviewStep } from './preview-step';
import { isFinished, ProgressStep } from './progress-step';
import { UploadStep } from './upload-step';

type Step = 'upload' | 'map' | 'preview' | 'run';

const STEPS: { key: Step; label: string }[] = [
  { key: 'upload', label: 'Upload' },
  { key: 'map', label: 'Mapping' },
  { key: 'preview', label: 'Preview' },
  { key: 'run', label: 'Import' },
];

const stepOf = (imported: Import | null): Step =>
  !imported ? 'upload' : imported.status === 'ready' ? 'map' : 'run';

/** Props of {@link ImportWizard}. */
export interface ImportWizardProps {
  /** An import to resume (from `?id=`). */
  initial: Import | null;
  customFields: readonly CustomField[];
}

/** The wizard. */
export function ImportWizard({ initial, customFields }: ImportWizardProps) {
  const router = useRouter();
  const pathname = usePathname();
  const [imported, setImported] = useState<Import | null>(initial);
  const [step, setStep] = useState<Step>(stepOf(initial));
  const [dryRun, setDryRun] = useState<ImportDryRun | null>(null);
  const [previewing, setPreviewing] = useState(false);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  // Each new step moves the focus to its heading, so screen readers hear where they are.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step]);

  const onChanged = useCallback((next: Import) => setImported(next), []);

  // When the import finishes, the page's other parts (recent imports) reload.
  const wasFinished = useRef(initial ? isFinished(initial) : false);
  useEffect(() => {
    const finished = imported ? isFinished(imported) : false;
    if (finished && !wasFinished.current) router.refresh();
    wasFinished.current = finished;
  }, [imported, router]);

  async function preview() {
    if (!imported) return;
    setPreviewing(true);
    setError(null);
    const result = await apiRequest<ImportDryRun>(importDryRunPath(imported.id), { method: 'POST' });
    setPreviewing(false);
    if (!result.ok) return setError(result.message);
    setDryRun(result.data);
    setStep('preview');
  }

  async function run() {
    if (!imported) return;
    setRunning(true);
    setError(null);
    const result = await apiRequest<Import>(importRunPath(imported.id), { method: 'POST' });
    setRunning(false);
    if (!result.ok) return setError(result.message);
    setImported(result.data);
    setStep('run');
  }

  const index = STEPS.findIndex((s) => s.key === step);
  const title =
    step === 'upload'
      ? 'Choose a file'
      : step === 'map'
        ? 'Check the columns'
        : step === 'preview'
          ? 'Preview'
          : imported && isFinished(imported)
            ? 'Result'
            : 'Importing';

  return (
    <div className="grid gap-6">
      <ol aria-label="Import steps" className="flex flex-wrap items-center gap-2 text-sm">
        {STEPS.map((s, i) => (
          <li key={s.key} aria-current={i === index ? 'step' : undefined} className="flex items-center gap-2">
            <span
              className={cn(
                'flex size-6 items-center justify-center rounded-full border font-medium text-xs',
                i < index && 'border-primary bg-primary text-primary-foreground',
                i === index && 'border-primary text-primary',
                i > index && 'text-muted-foreground',
              )}
            >
              {i < index ? <Check aria-hidden="true" className="size-3.5" /> : i + 1}
            </span>
            <span className={cn(i === index ? 'font-medium' : 'text-muted-foreground')}>
              {s.label}
              {i < index ? <span className="sr-only"> (done)</span> : null}
            </span>
            {i < STEPS.length - 1 ? <span aria-hidden="true" className="mx-1 h-px w-6 bg-border" /> : null}
          </li>
        ))}
      </ol>
      <h2 ref={heading} tabIndex={-1} className="font-semibold text-xl outline-none">
        {title}
      </h2>
      {error ? <Alert variant="error">{error}</Alert> : null}
      {step === 'upload' ? (
        <UploadStep
          onUploaded={(next) => {
            setImported(next);
            setDryRun(null);
            setStep('map');
            router.replace(`${pathname}?id=${next.id}`, { scroll: false });
          }}
        />
      ) : null}
      {step === 'map' && imported ? (
        <MappingStep
          key={imported.id}
          imported={imported}
          customFields={customFields}
          onChanged={onChanged}
          onPreview={preview}
          previewing={previewing}
        />
      ) : null}
      {step === 'preview' && dryRun ? (
        <PreviewStep dryRun={dryRun} onBack={() => setStep('map')} onRun={run} running={running} />
      ) : null}
      {step === 'run' && imported ? (
        <ProgressStep
          imported={imported}
          onChanged={onChanged}
          onAnother={() => {
            setImported(null);
            setDryRun(null);
            setStep('upload');
            router.replace(pathname, { scroll: false });
            router.refresh();
          }}
        />
      ) : null}
    </div>
  );
}
