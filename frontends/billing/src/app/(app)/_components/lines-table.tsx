/**
 * @module lines-table
 * The stored lines of an invoice, credit note or quote: description, quantity and unit, net unit
 * price, VAT and line net (minor units, shown in the document's currency and the tenant's
 * locale). On phones, quantity, price and VAT fold under the description.
 */
import type { DocumentLine } from '@comptoir/contracts/billing/invoices';
import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from '@comptoir/ui';
import { formatMoney, formatQuantity, unitLabel, vatGroupLabel } from '@/lib/money';

/** The lines table (its accessible name is "Lines"). */
export function LinesTable({
  lines,
  currency,
  locale,
}: {
  lines: readonly DocumentLine[];
  currency: string;
  locale: string;
}) {
  const money = (minor: number) => formatMoney(minor, currency, locale);
  return (
    <Table aria-label="Lines">
      <TableHeader>
        <TableRow className="hover:bg-transparent">
          <TableHead>Description</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Quantity</TableHead>
          <TableHead className="hidden text-right sm:table-cell">Unit price</TableHead>
          <TableHead className="hidden sm:table-cell">VAT</TableHead>
          <TableHead className="text-right">Net</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {lines.map((line) => (
          <TableRow key={line.id}>
            <TableCell className="min-w-40">
              <span className="whitespace-pre-line">{line.description}</span>
              <span className="block text-muted-foreground text-xs sm:hidden">
                {formatQuantity(line.quantity_milli, locale)} × {money(line.unit_price_minor)} ·{' '}
                {vatGroupLabel(line.vat_category, line.vat_rate_basis_points, locale, null)}
              </span>
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-right tabular-nums sm:table-cell">
              {formatQuantity(line.quantity_milli, locale)}
              {line.unit_code === 'C62' ? '' : ` ${unitLabel(line.unit_code).toLowerCase()}`}
            </TableCell>
            <TableCell className="hidden whitespace-nowrap text-right tabular-nums sm:table-cell">
              {money(line.unit_price_minor)}
            </TableCell>
            <TableCell className="hidden whitespace-nowrap sm:table-cell">
              {vatGroupLabel(line.vat_category, line.vat_rate_basis_points, locale, null)}
            </TableCell>
            <TableCell className="whitespace-nowrap text-right tabular-nums">
              {money(line.net_minor)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
