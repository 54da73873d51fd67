'use client';
/**
 * @module upload-step
 * The import wizard's first step: a drop zone and a file input for a CSV or vCard file, sent as
 * the raw body of `POST /imports` (the API detects encoding, delimiter, header and format).
 */
import type { Import } from '@comptoir/contracts/crm/imports';
import { Alert, apiRequest, Button, cn } from '@comptoir/ui';
import { FileUp, LoaderCircle } from 'lucide-react';
import { type DragEvent, useEffect, useId, useRef, useState } from 'react';
import { IMPORTS_PATH } from '@/lib/endpoints';

/** Largest file the API takes (100 MiB). */
const MAX_BYTES = 100 * 1024 * 1024;

/** The content type the API reads the format from. */
function contentTypeOf(file: File): string {
  const name = file.name.toLowerCase();
  if (name.endsWith('.vcf') || name.endsWith('.vcard')) return 'text/vcard';
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.tsv') || name.endsWith('.tab')) return 'text/tab-separated-values';
  if (name.endsWith('.txt')) return 'text/plain';
  return 'application/octet-stream';
}

/** Props of {@link UploadStep}. */
export interface UploadStepProps {
  onUploaded: (imported: Import) => void;
}

/** Drop a file or choose one; it is uploaded at once. */
export function UploadStep({ onUploaded }: UploadStepProps) {
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [uploading, setUploading] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function upload(file: File | undefined) {
    if (!file || uploading) return;
    setError(null);
    if (file.size === 0) return setError(`${file.name} is empty.`);
    if (file.size > MAX_BYTES)
      return setError(`${file.name} is larger than 100 MB; split it into smaller files.`);
    setUploading(file.name);
    const typed = new Blob([file], { type: contentTypeOf(file) });
    const result = await apiRequest<Import>(
      `${IMPORTS_PATH}?filename=${encodeURIComponent(file.name.slice(0, 255))}`,
      {
        method: 'POST',
        file: typed,
      },
    );
    setUploading(null);
    if (inputRef.current) inputRef.current.value = '';
    if (!result.ok) return setError(result.message);
    onUploaded(result.data);
  }

  // A file chosen before the page was interactive (slow connection) is uploaded once it is.
  const picked = useRef(false);
  useEffect(() => {
    const early = inputRef.current?.files?.[0];
    if (early && !picked.current) {
      picked.current = true;
      void upload(early);
    }
  }, []);

  function onDrop(event: DragEvent<HTMLDivElement>) {
    event.preventDefault();
    setOver(false);
    void upload(event.dataTransfer.files[0]);
  }

  return (
    <div className="grid gap-4">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: dropping is for pointers; the file input inside serves keyboards and screen readers. */}
      <div
        onDragOver={(event) => {
          event.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        className={cn(
          'flex flex-col items-center justify-center gap-3 rounded-xl border-2 border-dashed px-6 py-12 text-center transition-colors',
          over ? 'border-primary bg-primary/5' : 'border-border',
        )}
      >
        {uploading ? (
          <>
            <LoaderCircle aria-hidden="true" className="size-8 animate-spin text-primary" />
            <p role="status" className="font-medium">
              Uploading {uploading}…
            </p>
          </>
        ) : (
          <>
            <FileUp aria-hidden="true" className="size-8 text-muted-foreground" />
            <div className="grid gap-1">
              <p className="font-medium">Drop a CSV or vCard file here</p>
              <p className="text-muted-foreground text-sm">
                Exports of Google Contacts, Outlook, Apple Contacts, HubSpot, Salesforce and most CRMs work as
                they are. Up to 100 MB.
              </p>
            </div>
            <div>
              <input
                ref={inputRef}
                id={inputId}
                type="file"
                accept=".csv,.tsv,.txt,.vcf,.vcard,text/csv,text/vcard,text/x-vcard"
                className="peer sr-only"
                onChange={(event) => upload(event.target.files?.[0])}
              />
              <Button
                asChild
                variant="outline"
                className="peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-ring"
              >
                <label htmlFor={inputId} className="cursor-pointer">
                  Choose a file
                </label>
              </Button>
            </div>
          </>
        )}
      </div>
      {error ? (
        <Alert variant="error" title="The file could not be uploaded">
          {error}
        </Alert>
      ) : null}
    </div>
  );
}
