/**
 * @module pdf/labels
 * Printed wording of billing documents in French and English: titles by document kind, field
 * labels, UN/ECE Recommendation 20 unit names and the dunning letter paragraphs.
 *
 * French wording follows the mentions of CGI art. 242 nonies A (invoice content) and the usual
 * French business vocabulary (HT / TTC, « Net à payer », « Bon pour accord »).
 */
import type { BillingDocument, DocumentKind, VatCategory } from '../domain/document.js';

/** Languages the documents are printed in; any locale that is not French prints in English. */
export type PrintLanguage = 'fr' | 'en';

/** Language of a BCP 47 locale: `fr`, `fr-FR`, `fr-BE` → `fr`; anything else → `en`. */
export function printLanguage(locale: string): PrintLanguage {
  return locale.toLowerCase().split('-')[0] === 'fr' ? 'fr' : 'en';
}

/** Every fixed string printed on a document, in one language. */
export interface DocumentLabels {
  titles: Record<DocumentKind, string>;
  /** Title of a reminder that is a formal notice (French « mise en demeure »). */
  formalNoticeTitle: string;
  /** Label before the document number, by kind (a reminder prints the invoice number). */
  numberLabel: Record<DocumentKind, string>;
  continued: string;
  seller: string;
  buyer: string;
  issueDate: string;
  dueDate: string;
  validUntil: string;
  deliveryDate: string;
  buyerReference: string;
  purchaseOrder: string;
  precedingInvoice: string;
  /** `"du"` / `"of"`: joins an invoice number and its date. */
  dated: string;
  siren: string;
  siret: string;
  vatNumber: string;
  tradingName: string;
  columns: {
    description: string;
    quantity: string;
    unit: string;
    unitPrice: string;
    vat: string;
    net: string;
  };
  vatBreakdown: { rate: string; base: string; tax: string };
  /** Printed name of each VAT category (UNTDID 5305) when no exemption reason is given. */
  vatCategories: Record<VatCategory, string>;
  totals: {
    net: string;
    tax: string;
    gross: string;
    paid: string;
    due: Record<DocumentKind, string>;
  };
  payment: string;
  paymentTerms: string;
  iban: string;
  bic: string;
  paymentReference: string;
  note: string;
  acceptance: string;
  acceptanceHint: string;
  reminderHeading: (step: number, daysPastDue: number) => string;
  reminderText: (p: ReminderTextParams) => string;
  formalNoticeText: (p: ReminderTextParams) => string;
  legalMentions: string;
  units: Record<string, [singular: string, plural: string]>;
  /** Whether a quantity (thousandths) takes the plural: French from 2, English for anything but 1. */
  isPlural: (quantityMilli: number) => boolean;
}

/** What the dunning paragraphs interpolate, already formatted for print. */
export interface ReminderTextParams {
  invoiceNumber: string;
  issueDate: string;
  dueDate: string | null;
  daysPastDue: number;
  amountDue: string;
}

const FR: DocumentLabels = {
  titles: { invoice: 'FACTURE', credit_note: 'AVOIR', quote: 'DEVIS', reminder: 'RELANCE' },
  formalNoticeTitle: 'MISE EN DEMEURE',
  numberLabel: { invoice: 'N°', credit_note: 'N°', quote: 'N°', reminder: 'Facture n°' },
  continued: 'suite',
  seller: 'Émetteur',
  buyer: 'Client',
  issueDate: 'Date d’émission',
  dueDate: 'Échéance',
  validUntil: 'Valable jusqu’au',
  deliveryDate: 'Date de livraison',
  buyerReference: 'Référence client',
  purchaseOrder: 'Bon de commande',
  precedingInvoice: 'Facture d’origine',
  dated: 'du',
  siren: 'SIREN',
  siret: 'SIRET',
  vatNumber: 'N° TVA',
  tradingName: 'Nom commercial',
  columns: {
    description: 'Désignation',
    quantity: 'Qté',
    unit: 'Unité',
    unitPrice: 'P.U. HT',
    vat: 'TVA',
    net: 'Total HT',
  },
  vatBreakdown: { rate: 'Taux de TVA', base: 'Base HT', tax: 'Montant TVA' },
  vatCategories: {
    S: 'Taux normal',
    Z: 'Taux zéro',
    E: 'Exonération',
    AE: 'Autoliquidation',
    K: 'Livraison intracommunautaire exonérée',
    G: 'Exportation hors UE exonérée',
    O: 'Hors champ d’application de la TVA',
  },
  totals: {
    net: 'Total HT',
    tax: 'TVA',
    gross: 'Total TTC',
    paid: 'Déjà réglé',
    due: {
      invoice: 'Net à payer',
      reminder: 'Reste à payer',
      credit_note: 'Net à créditer',
      quote: 'Total TTC',
    },
  },
  payment: 'Paiement',
  paymentTerms: 'Conditions',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Référence à rappeler',
  note: 'Note',
  acceptance: 'Bon pour accord',
  acceptanceHint: 'Date, signature et cachet',
  reminderHeading: (step, days) => `Relance n° ${step} · ${days} jour${days > 1 ? 's' : ''} de retard`,
  reminderText: (p) =>
    `Sauf erreur ou omission de notre part, le règlement de la facture n° ${p.invoiceNumber} du ${p.issueDate}` +
    `${p.dueDate ? `, échue le ${p.dueDate},` : ''} ne nous est pas parvenu. Nous vous remercions de bien vouloir ` +
    `procéder au règlement du solde de ${p.amountDue} dans les meilleurs délais. Si votre paiement a été ` +
    'effectué entre-temps, merci de ne pas tenir compte de ce courrier.',
  formalNoticeText: (p) =>
    `Malgré nos précédentes relances, la facture n° ${p.invoiceNumber} du ${p.issueDate}` +
    `${p.dueDate ? `, échue le ${p.dueDate},` : ''} demeure impayée à ce jour (${p.daysPastDue} jours de retard). ` +
    `Par la présente, nous vous mettons en demeure de nous régler la somme de ${p.amountDue} dans un délai de ` +
    'huit jours à compter de la réception de ce courrier. À défaut, nous engagerons sans autre avis les ' +
    'procédures de recouvrement à notre disposition ; les pénalités de retard et l’indemnité forfaitaire pour ' +
    'frais de recouvrement prévues ci-dessous restent dues.',
  legalMentions: 'Mentions légales',
  units: {
    C62: ['unité', 'unités'],
    H87: ['pièce', 'pièces'],
    EA: ['unité', 'unités'],
    LS: ['forfait', 'forfaits'],
    HUR: ['h', 'h'],
    MIN: ['min', 'min'],
    DAY: ['jour', 'jours'],
    WEE: ['semaine', 'semaines'],
    MON: ['mois', 'mois'],
    ANN: ['an', 'ans'],
    KGM: ['kg', 'kg'],
    GRM: ['g', 'g'],
    TNE: ['t', 't'],
    MTR: ['m', 'm'],
    KMT: ['km', 'km'],
    MTK: ['m²', 'm²'],
    MTQ: ['m³', 'm³'],
    LTR: ['l', 'l'],
  },
  isPlural: (quantityMilli) => Math.abs(quantityMilli) >= 2000,
};

const EN: DocumentLabels = {
  titles: { invoice: 'INVOICE', credit_note: 'CREDIT NOTE', quote: 'QUOTE', reminder: 'PAYMENT REMINDER' },
  formalNoticeTitle: 'FORMAL NOTICE',
  numberLabel: { invoice: 'No.', credit_note: 'No.', quote: 'No.', reminder: 'Invoice no.' },
  continued: 'continued',
  seller: 'From',
  buyer: 'Bill to',
  issueDate: 'Issue date',
  dueDate: 'Due date',
  validUntil: 'Valid until',
  deliveryDate: 'Delivery date',
  buyerReference: 'Buyer reference',
  purchaseOrder: 'Purchase order',
  precedingInvoice: 'Original invoice',
  dated: 'of',
  siren: 'SIREN',
  siret: 'SIRET',
  vatNumber: 'VAT no.',
  tradingName: 'Trading as',
  columns: {
    description: 'Description',
    quantity: 'Qty',
    unit: 'Unit',
    unitPrice: 'Unit price',
    vat: 'VAT',
    net: 'Net',
  },
  vatBreakdown: { rate: 'VAT rate', base: 'Taxable', tax: 'VAT' },
  vatCategories: {
    S: 'Standard rate',
    Z: 'Zero rated',
    E: 'Exempt',
    AE: 'Reverse charge',
    K: 'Exempt intra-EU supply',
    G: 'Exempt export outside the EU',
    O: 'Outside the scope of VAT',
  },
  totals: {
    net: 'Total excl. VAT',
    tax: 'VAT',
    gross: 'Total incl. VAT',
    paid: 'Paid',
    due: {
      invoice: 'Amount due',
      reminder: 'Amount outstanding',
      credit_note: 'Amount credited',
      quote: 'Total incl. VAT',
    },
  },
  payment: 'Payment',
  paymentTerms: 'Terms',
  iban: 'IBAN',
  bic: 'BIC',
  paymentReference: 'Payment reference',
  note: 'Note',
  acceptance: 'Accepted',
  acceptanceHint: 'Date, name and signature',
  reminderHeading: (step, days) => `Reminder ${step} · ${days} day${days === 1 ? '' : 's'} overdue`,
  reminderText: (p) =>
    `According to our records, invoice ${p.invoiceNumber} of ${p.issueDate}` +
    `${p.dueDate ? `, due on ${p.dueDate},` : ''} has not been paid yet. Please settle the outstanding ` +
    `balance of ${p.amountDue} at your earliest convenience. If you have already paid, please disregard ` +
    'this letter.',
  formalNoticeText: (p) =>
    `Despite our previous reminders, invoice ${p.invoiceNumber} of ${p.issueDate}` +
    `${p.dueDate ? `, due on ${p.dueDate},` : ''} remains unpaid (${p.daysPastDue} days overdue). ` +
    `We hereby give you formal notice to pay ${p.amountDue} within eight days of receiving this letter. ` +
    'Failing payment, we will take recovery action without further notice; late-payment interest and the ' +
    'fixed recovery fee stated below remain due.',
  legalMentions: 'Legal notices',
  units: {
    C62: ['unit', 'units'],
    H87: ['piece', 'pieces'],
    EA: ['each', 'each'],
    LS: ['lump sum', 'lump sums'],
    HUR: ['h', 'h'],
    MIN: ['min', 'min'],
    DAY: ['day', 'days'],
    WEE: ['week', 'weeks'],
    MON: ['month', 'months'],
    ANN: ['year', 'years'],
    KGM: ['kg', 'kg'],
    GRM: ['g', 'g'],
    TNE: ['t', 't'],
    MTR: ['m', 'm'],
    KMT: ['km', 'km'],
    MTK: ['m²', 'm²'],
    MTQ: ['m³', 'm³'],
    LTR: ['l', 'l'],
  },
  isPlural: (quantityMilli) => quantityMilli !== 1000,
};

/** The labels of a language. */
export function documentLabels(language: PrintLanguage): DocumentLabels {
  return language === 'fr' ? FR : EN;
}

/**
 * Printed title of a document: fr `FACTURE` / `AVOIR` / `DEVIS` / `RELANCE`, and `MISE EN
 * DEMEURE` for a reminder whose `reminder.formalNotice` is set (the last dunning step before
 * recovery, French Code civil art. 1344); en `INVOICE` / `CREDIT NOTE` / `QUOTE` /
 * `PAYMENT REMINDER` / `FORMAL NOTICE`.
 */
export function documentTitle(
  doc: Pick<BillingDocument, 'kind' | 'reminder'>,
  language: PrintLanguage,
): string {
  const labels = documentLabels(language);
  if (doc.kind === 'reminder' && doc.reminder?.formalNotice) return labels.formalNoticeTitle;
  return labels.titles[doc.kind];
}

/**
 * Printed name of a UN/ECE Recommendation 20 unit code (`DAY` → `jour` / `jours`), plural chosen
 * from the quantity in thousandths; an unknown code prints as itself.
 */
export function unitLabel(unitCode: string, quantityMilli: number, language: PrintLanguage): string {
  const labels = documentLabels(language);
  const names = labels.units[unitCode];
  if (!names) return unitCode;
  return labels.isPlural(quantityMilli) ? names[1] : names[0];
}
