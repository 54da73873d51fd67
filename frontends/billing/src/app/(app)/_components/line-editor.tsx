'use client';
/**
 * @module line-editor
 * The line editor shared by the invoice, quote and recurring-invoice editors: one row per line
 * with a product picker that prefills description, unit, price and VAT rate, the quantity and
 * net unit price as people type them, and the line net computed live with the API's rounding
 * rules (`lib/invoice-form`). Errors are keyed by the API's paths (`lines.0.unit_price_minor`).
 *
 * Keyboard: Enter in a line moves to the next line (adding one after the last).
 */
import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import {
  Alert,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  Field,
  type FieldErrors,
  Input,
  NativeSelect,
} from '@comptoir/ui';
import { Plus, Trash2 } from 'lucide-react';
import {
  type KeyboardEvent,
  type ReactNode,
  type RefObject,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';
import { applyProduct, emptyLine, type LineRow, type ReadLines } from '@/lib/invoice-form';
import { formatMoney, UNIT_CODES } from '@/lib/money';
import { ProductPicker } from './pickers';

/** The rows of a line editor and the ways to change them (see {@link useLineRows}). */
export interface LineRows {
  lines: LineRow[];
  setLine: (index: number, patch: Partial<LineRow>) => void;
  addLine: () => void;
  removeLine: (index: number) => void;
  onLineKeyDown: (event: KeyboardEvent<HTMLFieldSetElement>, index: number) => void;
  addButtonRef: RefObject<HTMLButtonElement | null>;
}

/**
 * The editor's rows as state: a new or removed line moves the focus (to its description, or to
 * "Add line"), Enter in a line goes to the next one, and removing the last row leaves an empty one.
 *
 * @param initial the first rows (called once).
 */
export function useLineRows(
  initial: () => LineRow[],
  taxRates: readonly TaxRate[],
  locale: string,
): LineRows {
  const [lines, setLines] = useState<LineRow[]>(initial);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  const addButtonRef = useRef<HTMLButtonElement>(null);

  // A line added from the keyboard or the button gets the focus.
  useEffect(() => {
    if (!focusKey) return;
    document.getElementById(`${focusKey}-description`)?.focus();
    setFocusKey(null);
  }, [focusKey]);

  const setLine = useCallback(
    (index: number, patch: Partial<LineRow>) =>
      setLines((rows) => rows.map((row, i) => (i === index ? { ...row, ...patch } : row))),
    [],
  );

  const addLine = useCallback(() => {
    const row = emptyLine(taxRates, locale);
    setLines((rows) => [...rows, row]);
    setFocusKey(row.key);
  }, [taxRates, locale]);

  const removeLine = useCallback(
    (index: number) => {
      setLines((rows) => {
        const next = rows.filter((_, i) => i !== index);
        return next.length > 0 ? next : [emptyLine(taxRates, locale)];
      });
      addButtonRef.current?.focus();
    },
    [taxRates, locale],
  );

  function onLineKeyDown(event: KeyboardEvent<HTMLFieldSetElement>, index: number) {
    if (event.defaultPrevented || event.key !== 'Enter' || event.ctrlKey || event.metaKey) return;
    if (!(event.target instanceof HTMLInputElement)) return;
    event.preventDefault();
    const next = lines[index + 1];
    if (next) document.getElementById(`${next.key}-description`)?.focus();
    else addLine();
  }

  return { lines, setLine, addLine, removeLine, onLineKeyDown, addButtonRef };
}

/** Props of {@link LinesCard}. */
export interface LinesCardProps {
  editor: LineRows;
  /** What `readLines` made of the rows (nets per row). */
  read: ReadLines;
  errors: FieldErrors;
  taxRates: readonly TaxRate[];
  currency: string;
  locale: string;
  /** Accessible name of the list of lines, e.g. "Invoice lines". */
  listLabel: string;
  /** Under the card title. */
  description?: ReactNode;
  /** Called after a line is removed (e.g. to clear errors keyed by row). */
  onRemove?: () => void;
}

/** The "Lines" card: a fieldset per line, on one row from the `xl` breakpoint. */
export function LinesCard({
  editor,
  read,
  errors,
  taxRates,
  currency,
  locale,
  listLabel,
  description = 'Pick a product to fill a line, or type it. Enter moves to the next line; Ctrl+Enter saves.',
  onRemove,
}: LinesCardProps) {
  const { lines, setLine, addLine, removeLine, onLineKeyDown, addButtonRef } = editor;
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const rateName = (id: string) => taxRates.find((r) => r.id === id);
  return (
    <Card>
      <CardHeader>
        <CardTitle>Lines</CardTitle>
        {description ? <CardDescription>{description}</CardDescription> : null}
      </CardHeader>
      <CardContent className="grid gap-3">
        {errors.lines ? <Alert variant="error">{errors.lines}</Alert> : null}
        <div
          aria-hidden="true"
          className="hidden gap-2 px-0 font-medium text-muted-foreground text-xs xl:grid xl:grid-cols-[11rem_minmax(10rem,1fr)_5.5rem_7rem_7.5rem_8.5rem_7rem_2.5rem]"
        >
          <span>Product</span>
          <span>Description</span>
          <span>Quantity</span>
          <span>Unit</span>
          <span>Unit price</span>
          <span>VAT</span>
          <span className="text-right">Net</span>
          <span />
        </div>
        <ol className="grid gap-3" aria-label={listLabel}>
          {lines.map((row, index) => {
            const n = index + 1;
            const at = (field: string) => errors[`lines.${index}.${field}`];
            const label = (text: string) => (
              <>
                <span className="xl:sr-only">{text}</span>
                <span className="sr-only"> (line {n})</span>
              </>
            );
            const net = read.lineNets[index];
            return (
              <li key={row.key}>
                <fieldset
                  onKeyDown={(event) => onLineKeyDown(event, index)}
                  className="grid grid-cols-2 items-start gap-2 rounded-lg border p-3 md:grid-cols-6 xl:grid-cols-[11rem_minmax(10rem,1fr)_5.5rem_7rem_7.5rem_8.5rem_7rem_2.5rem] xl:rounded-none xl:border-0 xl:p-0"
                >
                  <legend className="sr-only">Line {n}</legend>
                  <Field
                    label={label('Product')}
                    error={at('product_id')}
                    className="col-span-2 xl:col-span-1 xl:gap-0"
                  >
                    <ProductPicker
                      value={row.product_id ? { value: row.product_id, label: row.product_label } : null}
                      onPick={(product) => {
                        if (product) setLine(index, applyProduct(row, product, currency, locale));
                        else setLine(index, { product_id: null, product_label: '' });
                      }}
                    />
                  </Field>
                  <Field
                    label={label('Description')}
                    error={at('description') ?? errors[`lines.${index}`]}
                    className="col-span-2 md:col-span-4 xl:col-span-1 xl:gap-0"
                  >
                    <Input
                      id={`${row.key}-description`}
                      value={row.description}
                      maxLength={1000}
                      autoComplete="off"
                      onChange={(e) => setLine(index, { description: e.target.value })}
                    />
                  </Field>
                  <Field label={label('Quantity')} error={at('quantity_milli')} className="xl:gap-0">
                    <Input
                      inputMode="decimal"
                      autoComplete="off"
                      value={row.quantity}
                      maxLength={20}
                      className="text-right tabular-nums"
                      onChange={(e) => setLine(index, { quantity: e.target.value })}
                    />
                  </Field>
                  <Field label={label('Unit')} error={at('unit_code')} className="xl:gap-0">
                    <NativeSelect
                      value={row.unit_code}
                      onChange={(e) => setLine(index, { unit_code: e.target.value })}
                    >
                      {UNIT_CODES.map((u) => (
                        <option key={u.code} value={u.code}>
                          {u.label}
                        </option>
                      ))}
                      {UNIT_CODES.some((u) => u.code === row.unit_code) ? null : (
                        <option value={row.unit_code}>{row.unit_code}</option>
                      )}
                    </NativeSelect>
                  </Field>
                  <Field label={label('Unit price')} error={at('unit_price_minor')} className="xl:gap-0">
                    <Input
                      inputMode="decimal"
                      autoComplete="off"
                      placeholder="0,00"
                      value={row.unit_price}
                      maxLength={30}
                      className="text-right tabular-nums"
                      onChange={(e) => setLine(index, { unit_price: e.target.value })}
                    />
                  </Field>
                  <Field label={label('VAT rate')} error={at('tax_rate_id')} className="xl:gap-0">
                    <NativeSelect
                      value={row.tax_rate_id}
                      onChange={(e) => setLine(index, { tax_rate_id: e.target.value })}
                    >
                      {row.tax_rate_id && !rateName(row.tax_rate_id) ? (
                        <option value={row.tax_rate_id}>Archived rate</option>
                      ) : null}
                      {row.tax_rate_id ? null : <option value="">Choose…</option>}
                      {taxRates.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name}
                        </option>
                      ))}
                    </NativeSelect>
                  </Field>
                  <div className="grid gap-1.5 self-center md:self-end xl:self-center">
                    <span className="text-muted-foreground text-xs xl:sr-only">Net</span>
                    <span className="h-10 content-center text-right font-medium tabular-nums">
                      <span className="sr-only">Net of line {n}: </span>
                      {net === null || net === undefined ? '—' : money(net)}
                    </span>
                  </div>
                  <div className="flex items-end justify-end self-end xl:self-center">
                    <Button
                      variant="ghost"
                      size="icon"
                      aria-label={`Remove line ${n}`}
                      onClick={() => {
                        removeLine(index);
                        onRemove?.();
                      }}
                    >
                      <Trash2 aria-hidden="true" />
                    </Button>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        <div>
          <Button ref={addButtonRef} variant="outline" size="sm" onClick={addLine}>
            <Plus aria-hidden="true" />
            Add line
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
