'use client';
/**
 * @module pickers
 * Choosing a customer or a product: comboboxes searching the billing API as the member types
 * (`GET /customers?q=`, `GET /products?q=`). The full record of each suggestion goes to
 * `onPick`, so the editor can take a customer's currency or a product's price.
 */
import type { Product } from '@comptoir/contracts/billing/catalog';
import type { Customer } from '@comptoir/contracts/billing/customers';
import { apiRequest, Combobox, type ComboboxOption, type ComboboxProps } from '@comptoir/ui';
import { useCallback, useRef } from 'react';
import { formatMoney } from '@/lib/money';
import { useSession } from '@/lib/session';

type PickerProps<T> = Omit<ComboboxProps, 'search' | 'options' | 'onChange'> & {
  /** The picked record, or null when cleared. */
  onPick: (record: T | null, option: ComboboxOption | null) => void;
};

/** A customer as a picker option. */
export const customerOption = (
  c: Pick<Customer, 'id' | 'legal_name' | 'email' | 'city'>,
): ComboboxOption => ({
  value: c.id,
  label: c.legal_name,
  description: [c.email, c.city].filter(Boolean).join(' · ') || undefined,
});

/** A customer (active ones), searched by the start of its name or e-mail. Put it in a `Field`. */
export function CustomerPicker({ onPick, ...props }: PickerProps<Customer>) {
  const seen = useRef(new Map<string, Customer>());
  const search = useCallback(async (query: string, signal: AbortSignal) => {
    const params = new URLSearchParams({ limit: '10', ...(query ? { q: query } : {}) });
    const result = await apiRequest<{ data: Customer[] }>(`/api/billing/customers?${params}`, { signal });
    if (!result.ok) return [];
    for (const c of result.data.data) seen.current.set(c.id, c);
    return result.data.data.map(customerOption);
  }, []);
  return (
    <Combobox
      placeholder="Search customers…"
      emptyText="No customer found"
      search={search}
      onChange={(option) => onPick(option ? (seen.current.get(option.value) ?? null) : null, option)}
      {...props}
    />
  );
}

/** A product of the price list, searched by name. Put it in a `Field`. */
export function ProductPicker({ onPick, ...props }: PickerProps<Product>) {
  const { tenant } = useSession();
  const seen = useRef(new Map<string, Product>());
  const search = useCallback(
    async (query: string, signal: AbortSignal) => {
      const params = new URLSearchParams({ limit: '10', ...(query ? { q: query } : {}) });
      const result = await apiRequest<{ data: Product[] }>(`/api/billing/products?${params}`, { signal });
      if (!result.ok) return [];
      for (const p of result.data.data) seen.current.set(p.id, p);
      return result.data.data.map((p) => ({
        value: p.id,
        label: p.name,
        description: formatMoney(p.unit_price_minor, p.currency, tenant.locale),
      }));
    },
    [tenant.locale],
  );
  return (
    <Combobox
      placeholder="Search products…"
      emptyText="No product found"
      search={search}
      onChange={(option) => onPick(option ? (seen.current.get(option.value) ?? null) : null, option)}
      {...props}
    />
  );
}
