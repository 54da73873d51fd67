/**
 * @module lib/settings-fields
 * Names of the billing settings' fields as people read them, for the "missing before issuing"
 * lists (the API names the fields: `siren`, `vat_number`…).
 */

const LABELS: Record<string, string> = {
  legal_name: 'Legal name',
  trading_name: 'Trading name',
  legal_form: 'Legal form and share capital',
  registration: 'Registration (RCS / RM)',
  address_line1: 'Address',
  address_line2: 'Address line 2',
  postal_code: 'Postal code',
  city: 'City',
  country_code: 'Country',
  siren: 'SIREN',
  siret: 'SIRET',
  vat_number: 'VAT number',
  email: 'Billing e-mail',
  iban: 'IBAN',
  bic: 'BIC',
  sepa_creditor_id: 'SEPA creditor identifier',
  vat_regime: 'VAT regime',
  default_payment_terms_days: 'Default payment terms',
  late_penalty_text: 'Late-payment penalties',
  invoice_prefix: 'Invoice prefix',
  credit_note_prefix: 'Credit note prefix',
  quote_prefix: 'Quote prefix',
  primary_color: 'Colour',
};

/** "SIREN" for `siren`, "VAT number" for `vat_number`; unknown names with spaces for underscores. */
export function settingLabel(field: string): string {
  return LABELS[field] ?? field.replaceAll('_', ' ');
}
