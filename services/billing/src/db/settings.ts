/**
 * @module db/settings
 * The tenant's seller settings (billing.settings, one row per tenant, created on first read).
 */
import type { BillingSettings, BillingSettingsUpdate } from '@comptoir/contracts/billing/settings';
import type { DB } from '@comptoir/db/schema/billing';
import { type Kysely, type Selectable, sql } from 'kysely';
import { validationProblem } from './common.js';

type SettingsRow = Selectable<DB['billing.settings']>;

/**
 * What an invoice must show about its seller before it can be issued (CGI art. 242 nonies A:
 * name, address, SIREN and VAT number for a French seller under the normal VAT regime).
 */
export function missingSellerFields(s: SettingsRow): string[] {
  const missing: string[] = [];
  if (!s.legal_name.trim()) missing.push('legal_name');
  if (!s.address_line1.trim()) missing.push('address_line1');
  if (!s.postal_code.trim()) missing.push('postal_code');
  if (!s.city.trim()) missing.push('city');
  if (s.country_code === 'FR' && !s.siren) missing.push('siren');
  if (s.vat_regime === 'normal' && !s.vat_number) missing.push('vat_number');
  return missing;
}

/** The settings row, created with defaults (tenant name as legal name) on first use. */
export async function loadSettings(db: Kysely<DB>): Promise<SettingsRow> {
  const existing = await db.selectFrom('billing.settings').selectAll().executeTakeFirst();
  if (existing) return existing;
  await db
    .insertInto('billing.settings')
    .columns(['legal_name'])
    .expression((eb) =>
      eb
        .selectFrom('platform.tenants')
        .select('name')
        .where('id', '=', sql<string>`private.current_tenant_id()`),
    )
    .onConflict((oc) => oc.column('tenant_id').doNothing())
    .execute();
  return db.selectFrom('billing.settings').selectAll().executeTakeFirstOrThrow();
}

/** The settings as the API shows them. */
export function presentSettings(s: SettingsRow): BillingSettings {
  const missing = missingSellerFields(s);
  return {
    legal_name: s.legal_name,
    trading_name: s.trading_name,
    address_line1: s.address_line1,
    address_line2: s.address_line2,
    postal_code: s.postal_code,
    city: s.city,
    country_code: s.country_code,
    vat_number: s.vat_number,
    siren: s.siren,
    siret: s.siret,
    legal_form: s.legal_form,
    registration: s.registration,
    email: s.email,
    iban: s.iban,
    bic: s.bic,
    sepa_creditor_id: s.sepa_creditor_id,
    vat_regime: s.vat_regime as BillingSettings['vat_regime'],
    default_payment_terms_days: s.default_payment_terms_days,
    late_penalty_text: s.late_penalty_text,
    invoice_prefix: s.invoice_prefix,
    credit_note_prefix: s.credit_note_prefix,
    quote_prefix: s.quote_prefix,
    primary_color: s.primary_color,
    has_logo: s.logo_png !== null,
    complete: missing.length === 0,
    missing,
  };
}

/**
 * Applies a partial update; returns the new settings.
 *
 * @throws {HttpProblem} 422 when invoices and credit notes would share a prefix.
 */
export async function updateSettings(db: Kysely<DB>, input: BillingSettingsUpdate): Promise<SettingsRow> {
  const current = await loadSettings(db);
  // Invoices and credit notes share one table and one number space per tenant.
  const invoicePrefix = input.invoice_prefix ?? current.invoice_prefix;
  const creditNotePrefix = input.credit_note_prefix ?? current.credit_note_prefix;
  if (invoicePrefix === creditNotePrefix) {
    throw validationProblem([
      {
        pointer: '#/credit_note_prefix',
        detail: 'Credit notes need a prefix of their own, different from invoices',
      },
    ]);
  }
  return db.updateTable('billing.settings').set(input).returningAll().executeTakeFirstOrThrow();
}

/** Stores (or with null, removes) the logo, PNG bytes at most 512 KiB (checked by the table). */
export async function setLogo(db: Kysely<DB>, png: Uint8Array | null): Promise<void> {
  await loadSettings(db);
  await db
    .updateTable('billing.settings')
    .set({ logo_png: png ? Buffer.from(png) : null })
    .execute();
}
