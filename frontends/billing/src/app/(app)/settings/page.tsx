/**
 * Billing settings: what is still needed before issuing, the seller identity, bank, numbering
 * and colour, the logo, the VAT rates, the price list and the dunning schedule.
 */
import type { Product, TaxRate } from '@comptoir/contracts/billing/catalog';
import type { BillingSettings } from '@comptoir/contracts/billing/settings';
import {
  Alert,
  Badge,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  PageHeader,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import type { Metadata } from 'next';
import { load, requireMe } from '@/lib/api';
import { formatRate } from '@/lib/money';
import { settingLabel } from '@/lib/settings-fields';
import { DunningPanel, type DunningSchedule } from './_components/dunning-panel';
import { LogoPanel } from './_components/logo-panel';
import { ProductsPanel } from './_components/products-panel';
import { SettingsForm } from './_components/settings-form';

export const metadata: Metadata = { title: 'Settings' };

const SECTIONS = [
  { id: 'seller', label: 'Seller' },
  { id: 'logo', label: 'Logo' },
  { id: 'tax-rates', label: 'VAT rates' },
  { id: 'products', label: 'Products' },
  { id: 'dunning', label: 'Dunning' },
];

export default async function SettingsPage() {
  const me = await requireMe();
  const locale = me.tenant.locale || 'en';
  const [settings, rates, products, dunning] = await Promise.all([
    load<BillingSettings>('/settings'),
    load<{ data: TaxRate[] }>('/tax-rates'),
    load<{ data: Product[]; next_cursor: string | null }>('/products', { limit: 100 }),
    load<DunningSchedule>('/dunning/schedule'),
  ]);
  const taxRates = rates.ok ? rates.data.data : [];

  return (
    <div className="grid grid-cols-1 gap-6">
      <PageHeader
        title="Billing settings"
        description="Your identity on invoices, their numbering and look, VAT rates and price list."
      />
      <nav aria-label="Settings sections" className="-mx-1 overflow-x-auto px-1">
        <ul className="flex w-max gap-1">
          {SECTIONS.map((s) => (
            <li key={s.id}>
              <a
                href={`#${s.id}`}
                className="inline-flex rounded-md px-3 py-1.5 text-muted-foreground text-sm hover:bg-accent hover:text-foreground"
              >
                {s.label}
              </a>
            </li>
          ))}
        </ul>
      </nav>

      {!settings.ok ? (
        <Alert variant="error" title="The billing settings could not be loaded">
          {settings.message}
        </Alert>
      ) : (
        <>
          {settings.data.missing.length > 0 ? (
            <Alert variant="warning" title="Complete these before issuing">
              <p>Invoices cannot be issued until your settings show:</p>
              <ul className="mt-1 flex flex-wrap gap-x-3 gap-y-1">
                {settings.data.missing.map((field) => (
                  <li key={field}>
                    <a href={`#settings-${field}`} className="font-medium">
                      {settingLabel(field)}
                    </a>
                  </li>
                ))}
              </ul>
            </Alert>
          ) : (
            <Alert variant="success">Everything an invoice must show is filled in.</Alert>
          )}
          <section id="seller" aria-label="Seller settings" className="scroll-mt-20">
            <SettingsForm settings={settings.data} />
          </section>
          <Card id="logo" className="scroll-mt-20">
            <CardHeader>
              <CardTitle>Logo</CardTitle>
            </CardHeader>
            <CardContent>
              <LogoPanel hasLogo={settings.data.has_logo} />
            </CardContent>
          </Card>
        </>
      )}

      <Card id="tax-rates" className="scroll-mt-20">
        <CardHeader>
          <CardTitle>VAT rates</CardTitle>
          <CardDescription>
            The rates and exemptions lines can use; the default one starts every line.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {!rates.ok ? (
            <Alert variant="error">{rates.message}</Alert>
          ) : (
            <Table aria-label="VAT rates">
              <TableHeader>
                <TableRow className="hover:bg-transparent">
                  <TableHead>Name</TableHead>
                  <TableHead className="text-right">Rate</TableHead>
                  <TableHead className="hidden md:table-cell">Legal mention</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {taxRates.map((r) => (
                  <TableRow key={r.id}>
                    <TableCell>
                      <span className="inline-flex flex-wrap items-center gap-2">
                        {r.name}
                        {r.is_default ? <Badge>Default</Badge> : null}
                      </span>
                    </TableCell>
                    <TableCell className="whitespace-nowrap text-right tabular-nums">
                      {formatRate(r.rate_basis_points, locale)}
                    </TableCell>
                    <TableCell className="hidden text-muted-foreground text-xs md:table-cell">
                      {r.exemption_reason ?? '—'}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </CardContent>
      </Card>

      <Card id="products" className="scroll-mt-20">
        <CardHeader>
          <CardTitle>Products</CardTitle>
          <CardDescription>Your price list: pick a product in an invoice line to fill it.</CardDescription>
        </CardHeader>
        <CardContent>
          {products.ok ? (
            <ProductsPanel products={products.data.data} taxRates={taxRates} />
          ) : (
            <Alert variant="error">{products.message}</Alert>
          )}
        </CardContent>
      </Card>

      <Card id="dunning" className="scroll-mt-20">
        <CardHeader>
          <CardTitle>Dunning</CardTitle>
          <CardDescription>
            Reminders e-mailed to customers with a reminder PDF attached, so many days after the due date; a
            formal notice can close the schedule.
          </CardDescription>
        </CardHeader>
        <CardContent>
          {dunning.ok ? (
            <DunningPanel schedule={dunning.data} />
          ) : (
            <Alert variant="error">{dunning.message}</Alert>
          )}
        </CardContent>
      </Card>
    </div>
  );
}
