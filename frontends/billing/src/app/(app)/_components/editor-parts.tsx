'use client';
/**
 * @module editor-parts
 * What the invoice, quote and recurring-invoice editors share: the form shell (no browser
 * validation, Ctrl/⌘+Enter submits, the problem's message on top) and the customer field (a
 * picker with a link to the chosen customer, or to create one).
 */
import type { Customer } from '@comptoir/contracts/billing/customers';
import { Alert, type ComboboxOption, Field } from '@comptoir/ui';
import Link from 'next/link';
import type { FormEvent, ReactNode, RefObject } from 'react';
import { CustomerPicker } from './pickers';

/** The form of an editor: Ctrl/⌘+Enter submits from any field. */
export function EditorForm({
  formRef,
  onSubmit,
  message,
  children,
}: {
  formRef: RefObject<HTMLFormElement | null>;
  onSubmit: (event: FormEvent<HTMLFormElement>) => void;
  /** The request's problem in plain words, shown on top. */
  message: string | null;
  children: ReactNode;
}) {
  return (
    <form
      ref={formRef}
      onSubmit={onSubmit}
      noValidate
      className="grid grid-cols-1 gap-6 pb-2"
      onKeyDown={(event) => {
        if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
          event.preventDefault();
          formRef.current?.requestSubmit();
        }
      }}
    >
      {message ? <Alert variant="error">{message}</Alert> : null}
      {children}
    </form>
  );
}

/** The customer field of an editor: picking one also sets the currency (the caller's `onPick`). */
export function CustomerField({
  customer,
  choice,
  error,
  newCustomerHref = '/customers/new',
  onPick,
}: {
  customer: Pick<Customer, 'id' | 'legal_name'> | null;
  choice: ComboboxOption | null;
  error: string | undefined;
  /** Where "Add a customer" goes. */
  newCustomerHref?: string;
  onPick: (picked: Customer | null, option: ComboboxOption | null) => void;
}) {
  return (
    <Field
      label="Customer"
      error={error}
      className="sm:col-span-2"
      hint={
        customer ? (
          <Link href={`/customers/${customer.id}`} className="underline-offset-4 hover:underline">
            Open {customer.legal_name}
          </Link>
        ) : (
          <Link href={newCustomerHref} className="underline-offset-4 hover:underline">
            Not there yet? Add a customer
          </Link>
        )
      }
    >
      <CustomerPicker value={choice} onPick={onPick} />
    </Field>
  );
}
