/**
 * @module totals-block
 * The VAT breakdown (one row per category and rate) and the three totals of a document, as the
 * editors (invoices, quotes, recurring invoices) show them live and the invoice and quote pages
 * show them stored. Amounts arrive formatted.
 */
import { cn } from '@comptoir/ui';

/** The VAT breakdown table and the three totals, as the editor and the invoice page show them. */
export function TotalsBlock({
  breakdown,
  net,
  tax,
  gross,
  label = 'Invoice totals',
  className,
}: {
  breakdown: ReadonlyArray<{ key: string; label: string; taxable: string; tax: string }>;
  net: string;
  tax: string;
  gross: string;
  /** Accessible name of the totals list (default "Invoice totals"). */
  label?: string;
  className?: string;
}) {
  return (
    <div className={cn('grid gap-4', className)}>
      {breakdown.length > 0 ? (
        <table className="w-full text-sm" aria-label="VAT breakdown">
          <thead>
            <tr className="text-muted-foreground text-xs">
              <th scope="col" className="pb-1 text-left font-medium">
                Rate
              </th>
              <th scope="col" className="pb-1 text-right font-medium">
                Taxable
              </th>
              <th scope="col" className="pb-1 text-right font-medium">
                VAT
              </th>
            </tr>
          </thead>
          <tbody>
            {breakdown.map((row) => (
              <tr key={row.key} className="border-t">
                <th scope="row" className="py-1.5 pr-2 text-left font-normal">
                  {row.label}
                </th>
                <td className="py-1.5 text-right tabular-nums">{row.taxable}</td>
                <td className="py-1.5 text-right tabular-nums">{row.tax}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <dl aria-label={label} className="grid gap-1.5 text-sm">
        <div className="flex justify-between gap-4">
          <dt className="text-muted-foreground">Total excl. VAT</dt>
          <dd className="tabular-nums">{net}</dd>
        </div>
        <div className="flex justify-between gap-4">
          <dt className="text-muted-foreground">VAT</dt>
          <dd className="tabular-nums">{tax}</dd>
        </div>
        <div className="flex justify-between gap-4 border-t pt-2 font-semibold text-base">
          <dt>Total incl. VAT</dt>
          <dd className="tabular-nums">{gross}</dd>
        </div>
      </dl>
    </div>
  );
}
