'use client';
/**
 * @module document-panel
 * An issued invoice's or a sent quote's document: its PDF (for an invoice, PDF/A-3 with the
 * Factur-X XML inside) previewed in the page and downloaded, and, for an invoice, the Factur-X
 * XML alone. The files come from the billing API with the session (`apiDownload` refreshes it on
 * 401). The preview shows the downloaded file through an object URL: the API forbids being framed
 * (`frame-ancestors 'none'`), and a file fetched once serves both the preview and the download.
 */
import { Alert, apiDownload, Button, type Download, saveDownload } from '@comptoir/ui';
import { Eye, FileCode2, FileDown } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';

/** Props of {@link DocumentPanel}. */
export interface DocumentPanelProps {
  /** Same-origin path of the PDF, e.g. `/api/billing/invoices/<id>/pdf`. */
  pdfPath: string;
  /** Same-origin path of the Factur-X XML (invoices and credit notes only). */
  xmlPath?: string;
  /** The document number: the files' names and the preview's title. */
  number: string;
}

/** Preview, "Download PDF" and, with `xmlPath`, "Factur-X XML". */
export function DocumentPanel({ pdfPath, xmlPath, number }: DocumentPanelProps) {
  const pdf = useRef<Download | null>(null);
  const [previewUrl, setPreviewUrl] = useState<string | null>(null);
  const [busy, setBusy] = useState<'preview' | 'pdf' | 'xml' | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => () => {
      if (previewUrl) URL.revokeObjectURL(previewUrl);
    },
    [previewUrl],
  );

  /** The PDF, fetched once per page. */
  async function fetchPdf(): Promise<Download | null> {
    if (pdf.current) return pdf.current;
    const result = await apiDownload(pdfPath);
    if (!result.ok) {
      setError(`The PDF could not be produced: ${result.message}`);
      return null;
    }
    pdf.current = result.data;
    return result.data;
  }

  async function run(kind: 'preview' | 'pdf' | 'xml') {
    setBusy(kind);
    setError(null);
    try {
      if (kind === 'xml') {
        if (!xmlPath) return;
        const result = await apiDownload(xmlPath);
        if (result.ok) saveDownload(result.data, `${number}.xml`);
        else setError(`The Factur-X XML could not be produced: ${result.message}`);
        return;
      }
      const file = await fetchPdf();
      if (!file) return;
      if (kind === 'pdf') saveDownload(file, `${number}.pdf`);
      else setPreviewUrl(URL.createObjectURL(file.blob));
    } finally {
      setBusy(null);
    }
  }

  return (
    <div className="grid gap-4">
      <div className="flex flex-wrap gap-2">
        {previewUrl ? null : (
          <Button variant="outline" pending={busy === 'preview'} onClick={() => run('preview')}>
            <Eye aria-hidden="true" />
            {busy === 'preview' ? 'Preparing preview…' : 'Preview PDF'}
          </Button>
        )}
        <Button variant="outline" pending={busy === 'pdf'} onClick={() => run('pdf')}>
          <FileDown aria-hidden="true" />
          {busy === 'pdf' ? 'Preparing PDF…' : 'Download PDF'}
        </Button>
        {xmlPath ? (
          <Button variant="outline" pending={busy === 'xml'} onClick={() => run('xml')}>
            <FileCode2 aria-hidden="true" />
            {busy === 'xml' ? 'Preparing XML…' : 'Factur-X XML'}
          </Button>
        ) : null}
      </div>
      {error ? <Alert variant="error">{error}</Alert> : null}
      {previewUrl ? (
        <iframe
          src={previewUrl}
          title={`PDF of ${number}`}
          className="h-[70dvh] min-h-96 w-full rounded-lg border bg-muted"
        />
      ) : null}
    </div>
  );
}
