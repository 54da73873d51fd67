'use client';
/**
 * @module logo-panel
 * The logo printed on documents: a PNG of at most 512 KiB uploaded as the raw body
 * (`PUT /settings/logo`, image/png), or removed (`DELETE /settings/logo`). The API checks the
 * type, size and PNG signature too.
 */
import { Alert, apiRequest, Button, ConfirmButton, Field, InlineStatus, Input } from '@comptoir/ui';
import { Trash2 } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useRef, useState } from 'react';
import { useCan } from '@/lib/session';

/** Largest logo the API takes, bytes. */
const LOGO_MAX_BYTES = 512 * 1024;

/** Upload or remove the logo. */
export function LogoPanel({ hasLogo }: { hasLogo: boolean }) {
  const router = useRouter();
  const canEdit = useCan('billing_settings:update');
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function upload(file: File) {
    setError(undefined);
    setStatus(null);
    if (file.type !== 'image/png') return setError('Choose a PNG image.');
    if (file.size > LOGO_MAX_BYTES) return setError('The logo must be at most 512 KiB.');
    setPending(true);
    const result = await apiRequest('/api/billing/settings/logo', { method: 'PUT', file });
    setPending(false);
    if (input.current) input.current.value = '';
    if (!result.ok) return setError(result.message);
    setStatus('Logo saved');
    router.refresh();
  }

  return (
    <div className="grid gap-4">
      <p className="text-sm">
        {hasLogo
          ? 'A logo is printed at the top of your PDFs (every PDF shows the logo of the day it is downloaded).'
          : 'No logo yet: PDFs show your name.'}
      </p>
      {canEdit ? (
        <div className="flex flex-wrap items-end gap-3">
          <Field
            label={hasLogo ? 'Replace the logo' : 'Upload a logo'}
            hint="PNG, at most 512 KiB"
            error={error}
          >
            <Input
              ref={input}
              type="file"
              accept="image/png"
              disabled={pending}
              className="h-auto py-1.5 file:mr-3 file:rounded file:border-0 file:bg-secondary file:px-2 file:py-1 file:text-sm"
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void upload(file);
              }}
            />
          </Field>
          {pending ? (
            <Button variant="outline" pending>
              Uploading…
            </Button>
          ) : null}
          {hasLogo ? (
            <ConfirmButton
              size="md"
              title="Remove the logo?"
              description="PDFs show your name instead, those of invoices already issued included: a PDF shows the logo of the day it is downloaded."
              confirmLabel="Remove logo"
              pendingLabel="Removing…"
              onConfirm={async () => {
                const result = await apiRequest('/api/billing/settings/logo', { method: 'DELETE' });
                if (!result.ok) return result.message;
                setStatus('Logo removed');
                router.refresh();
                return null;
              }}
            >
              <Trash2 aria-hidden="true" />
              Remove logo
            </ConfirmButton>
          ) : null}
        </div>
      ) : (
        <Alert>Only owners and admins can change the logo.</Alert>
      )}
      <InlineStatus message={status} onDismiss={() => setStatus(null)} />
    </div>
  );
}
