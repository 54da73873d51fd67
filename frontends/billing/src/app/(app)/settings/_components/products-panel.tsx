'use client';
/**
 * @module products-panel
 * The price list: products with their net unit price, unit and VAT rate, which the invoice
 * editor's product picker fills lines from. Managers and up add products (`POST /products`) and
 * archive them (`PATCH /products/{id}` `{ archived: true }`): issued invoices keep their lines.
 */
import { type Product, ProductCreateSchema, type TaxRate } from '@comptoir/contracts/billing/catalog';
import {
  Alert,
  apiRequest,
  Button,
  COMMON_CURRENCIES,
  ConfirmButton,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  DialogTrigger,
  EmptyState,
  Field,
  type FieldErrors,
  fieldErrorsOf,
  fieldErrorsOfIssues,
  focusFirstInvalid,
  Input,
  NativeSelect,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  Textarea,
} from '@comptoir/ui';
import { Archive, Package, Plus } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { type FormEvent, useRef, useState } from 'react';
import { defaultRateId } from '@/lib/invoice-form';
import { formatMoney, parseMoney, UNIT_CODES, unitLabel } from '@/lib/money';
import { useCan, useSession } from '@/lib/session';

/** The products table with its "New product" and "Archive" actions. */
export function ProductsPanel({
  products,
  taxRates,
}: {
  products: readonly Product[];
  taxRates: readonly TaxRate[];
}) {
  const router = useRouter();
  const { tenant } = useSession();
  const canManage = useCan('products:manage');
  const rateName = (id: string) => taxRates.find((r) => r.id === id)?.name ?? 'Archived rate';
  return (
    <div className="grid gap-4">
      {canManage ? (
        <div>
          <NewProductDialog taxRates={taxRates} />
        </div>
      ) : null}
      {products.length === 0 ? (
        <EmptyState
          headingLevel={3}
          icon={<Package />}
          title="No products yet"
          description="Add what you sell with its price and VAT rate: the invoice editor fills lines from them."
        />
      ) : (
        <Table aria-label="Products">
          <TableHeader>
            <TableRow className="hover:bg-transparent">
              <TableHead>Name</TableHead>
              <TableHead className="text-right">Unit price</TableHead>
              <TableHead className="hidden sm:table-cell">Unit</TableHead>
              <TableHead className="hidden md:table-cell">VAT</TableHead>
              {canManage ? (
                <TableHead>
                  <span className="sr-only">Actions</span>
                </TableHead>
              ) : null}
            </TableRow>
          </TableHeader>
          <TableBody>
            {products.map((p) => (
              <TableRow key={p.id}>
                <TableCell>
                  <span className="grid">
                    <span className="font-medium">{p.name}</span>
                    {p.description ? (
                      <span className="line-clamp-1 text-muted-foreground text-xs">{p.description}</span>
                    ) : null}
                  </span>
                </TableCell>
                <TableCell className="whitespace-nowrap text-right tabular-nums">
                  {formatMoney(p.unit_price_minor, p.currency, tenant.locale)}
                </TableCell>
                <TableCell className="hidden sm:table-cell">{unitLabel(p.unit_code)}</TableCell>
                <TableCell className="hidden md:table-cell">{rateName(p.tax_rate_id)}</TableCell>
                {canManage ? (
                  <TableCell className="text-right">
                    <ConfirmButton
                      size="sm"
                      variant="ghost"
                      aria-label={`Archive ${p.name}`}
                      title={`Archive ${p.name}?`}
                      description="It leaves the price list and the product picker. Invoices that use it keep their lines."
                      confirmLabel="Archive"
                      pendingLabel="Archiving…"
                      onConfirm={async () => {
                        const result = await apiRequest(`/api/billing/products/${p.id}`, {
                          method: 'PATCH',
                          body: { archived: true },
                        });
                        if (!result.ok) return result.message;
                        router.refresh();
                        return null;
                      }}
                    >
                      <Archive aria-hidden="true" />
                      <span className="hidden sm:inline">Archive</span>
                    </ConfirmButton>
                  </TableCell>
                ) : null}
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </div>
  );
}

/** "New product" and its form. */
function NewProductDialog({ taxRates }: { taxRates: readonly TaxRate[] }) {
  const router = useRouter();
  const { tenant } = useSession();
  const formRef = useRef<HTMLFormElement>(null);
  const [open, setOpen] = useState(false);
  const blank = () => ({
    name: '',
    description: '',
    unit_code: 'C62',
    price: '',
    currency: tenant.currency,
    tax_rate_id: defaultRateId(taxRates),
  });
  const [values, setValues] = useState(blank);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [message, setMessage] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const set = (key: keyof ReturnType<typeof blank>) => (event: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [key]: event.target.value }));

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (pending) return;
    const price = parseMoney(values.price, values.currency, { allowNegative: true });
    const parsed = ProductCreateSchema.safeParse({
      name: values.name.trim(),
      description: values.description.trim() || null,
      unit_code: values.unit_code,
      unit_price_minor: price ?? Number.NaN,
      currency: values.currency,
      ...(values.tax_rate_id ? { tax_rate_id: values.tax_rate_id } : {}),
    });
    if (price === null || !parsed.success) {
      const found = parsed.success ? {} : fieldErrorsOfIssues(parsed.error.issues);
      if (price === null)
        found.unit_price_minor = values.price.trim()
          ? 'Enter an amount such as 1 234,56'
          : 'Enter a unit price';
      setErrors(found);
      focusFirstInvalid(formRef.current);
      return;
    }
    setPending(true);
    setErrors({});
    setMessage(null);
    const result = await apiRequest<Product>('/api/billing/products', { method: 'POST', body: parsed.data });
    setPending(false);
    if (!result.ok) {
      setErrors(fieldErrorsOf(result.problem));
      setMessage(result.message);
      focusFirstInvalid(formRef.current);
      return;
    }
    setOpen(false);
    router.refresh();
  }

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (pending) return;
        if (next) {
          setValues(blank());
          setErrors({});
          setMessage(null);
        }
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button variant="outline">
          <Plus aria-hidden="true" />
          New product
        </Button>
      </DialogTrigger>
      <DialogContent>
        <DialogHeader>
          <DialogTitle>New product</DialogTitle>
          <DialogDescription>Its price excludes VAT; the rate is applied on each invoice.</DialogDescription>
        </DialogHeader>
        <form ref={formRef} onSubmit={onSubmit} noValidate className="grid gap-4">
          {message ? <Alert variant="error">{message}</Alert> : null}
          <Field label="Name" error={errors.name}>
            <Input value={values.name} onChange={set('name')} maxLength={200} autoComplete="off" />
          </Field>
          <Field label="Description" optional error={errors.description}>
            <Textarea value={values.description} onChange={set('description')} rows={2} maxLength={2000} />
          </Field>
          <div className="grid gap-4 sm:grid-cols-[1fr_7rem]">
            <Field label="Unit price" hint="Excluding VAT" error={errors.unit_price_minor}>
              <Input
                value={values.price}
                onChange={set('price')}
                inputMode="decimal"
                autoComplete="off"
                maxLength={30}
                className="tabular-nums"
              />
            </Field>
            <Field label="Currency" error={errors.currency}>
              <NativeSelect value={values.currency} onChange={set('currency')}>
                {[...new Set([values.currency, ...COMMON_CURRENCIES])].map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="Unit" error={errors.unit_code}>
              <NativeSelect value={values.unit_code} onChange={set('unit_code')}>
                {UNIT_CODES.map((u) => (
                  <option key={u.code} value={u.code}>
                    {u.label}
                  </option>
                ))}
              </NativeSelect>
            </Field>
            <Field label="VAT rate" error={errors.tax_rate_id}>
              <NativeSelect value={values.tax_rate_id} onChange={set('tax_rate_id')}>
                {taxRates.map((r) => (
                  <option key={r.id} value={r.id}>
                    {r.name}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          </div>
          <DialogFooter>
            <DialogClose asChild>
              <Button variant="outline" disabled={pending}>
                Cancel
              </Button>
            </DialogClose>
            <Button type="submit" pending={pending}>
              {pending ? 'Adding…' : 'Add product'}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
