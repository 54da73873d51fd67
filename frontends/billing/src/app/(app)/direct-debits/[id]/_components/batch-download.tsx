'use client';
/**
 * @module batch-download
 * Downloading a batch's pain.008.001.02 file (`GET /sepa/batches/{id}/pain008.xml`) with the
 * session, to upload to the bank.
 */
import { Alert, apiDownload, Button, saveDownload } from '@comptoir/ui';
import { FileDown } from 'lucide-react';
import { useState } from 'react';

/** "Download pain.008 XML", and the failure in plain words. */
export function BatchDownload({ batchId, messageId }: { batchId: string; messageId: string }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <div className="grid gap-2">
      <div>
        <Button
          pending={busy}
          onClick={async () => {
            setBusy(true);
            setError(null);
            const result = await apiDownload(`/api/billing/sepa/batches/${batchId}/pain008.xml`);
            setBusy(false);
            if (result.ok) saveDownload(result.data, `${messageId}.xml`);
            else setError(`The file could not be downloaded: ${result.message}`);
          }}
        >
          <FileDown aria-hidden="true" />
          {busy ? 'Preparing file…' : 'Download pain.008 XML'}
        </Button>
      </div>
      {error ? <Alert variant="error">{error}</Alert> : null}
    </div>
  );
}
