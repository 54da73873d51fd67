/**
 * @module sample-documents
 * Realistic documents for unit tests of the renderers (PDF, Factur-X): a French B2B invoice with
 * three VAT rates, an intra-EU reverse-charge invoice and a credit note. Totals come from
 * {@link computeTotals}, never typed by hand.
 */
import type { BillingDocument, Seller } from './document.js';
import { computeTotals, type LineInput } from './totals.js';

const SELLER: Seller = {
  name: 'Atelier Dupont SAS',
  vatNumber: 'FR40303265045',
  siren: '303265045',
  siret: '30326504500011',
  legalForm: 'SAS au capital de 10 000 €',
  registration: 'RCS Lyon 303 265 045',
  address: { line1: '12 rue de la République', postalCode: '69002', city: 'Lyon', countryCode: 'FR' },
  email: 'factures@atelier-dupont.example',
  iban: 'FR7630006000011234567890189',
  bic: 'AGRIFRPP',
};

const B2B_MENTIONS = [
  'En cas de retard de paiement, pénalités au taux de 3 fois le taux d’intérêt légal (art. L441-10 du Code de commerce).',
  'Indemnité forfaitaire pour frais de recouvrement : 40 € (art. D441-5 du Code de commerce).',
  'Pas d’escompte pour paiement anticipé.',
];

function build(
  base: Omit<BillingDocument, 'lines' | 'vatBreakdown' | 'totals'>,
  lines: LineInput[],
  paidMinor = 0,
): BillingDocument {
  return { ...base, ...computeTotals(lines, paidMinor) };
}

/** A French B2B invoice: 20 %, 10 % and 5.5 % lines, partly paid. */
export function sampleInvoice(overrides: Partial<BillingDocument> = {}): BillingDocument {
  return {
    ...build(
      {
        kind: 'invoice',
        number: 'F-2026-000042',
        issueDate: '2026-11-02',
        dueDate: '2026-12-02',
        deliveryDate: '2026-10-31',
        currency: 'EUR',
        seller: SELLER,
        buyer: {
          name: 'Boulangerie Martin SARL',
          vatNumber: 'FR61542065479',
          siren: '542065479',
          address: {
            line1: '3 place du Marché',
            line2: 'Bâtiment B',
            postalCode: '75011',
            city: 'Paris',
            countryCode: 'FR',
          },
          email: 'compta@boulangerie-martin.example',
        },
        buyerReference: 'BM-2026-17',
        purchaseOrderReference: 'PO-8812',
        paymentTerms: 'Paiement à 30 jours par virement.',
        legalMentions: B2B_MENTIONS,
        note: 'Merci pour votre confiance.',
        locale: 'fr-FR',
      },
      [
        {
          description: 'Développement site vitrine',
          quantityMilli: 3500,
          unitCode: 'DAY',
          unitPriceMinor: 45_000,
          vatCategory: 'S',
          vatRateBasisPoints: 2000,
        },
        {
          description: 'Hébergement (12 mois)',
          quantityMilli: 1000,
          unitPriceMinor: 11_988,
          vatCategory: 'S',
          vatRateBasisPoints: 2000,
        },
        {
          description: 'Repas d’équipe – atelier',
          quantityMilli: 6000,
          unitPriceMinor: 1_850,
          vatCategory: 'S',
          vatRateBasisPoints: 1000,
        },
        {
          description: 'Livres techniques',
          quantityMilli: 2000,
          unitPriceMinor: 3_999,
          vatCategory: 'S',
          vatRateBasisPoints: 550,
        },
      ],
      50_000,
    ),
    ...overrides,
  };
}

/** An intra-EU B2B service invoice under reverse charge (CGI art. 283-2, Directive 2006/112/EC art. 196). */
export function sampleReverseChargeInvoice(): BillingDocument {
  return build(
    {
      kind: 'invoice',
      number: 'F-2026-000043',
      issueDate: '2026-11-03',
      dueDate: '2026-12-03',
      currency: 'EUR',
      seller: SELLER,
      buyer: {
        name: 'Müller Software GmbH',
        vatNumber: 'DE123456789',
        address: { line1: 'Hauptstraße 5', postalCode: '10115', city: 'Berlin', countryCode: 'DE' },
      },
      legalMentions: [...B2B_MENTIONS, 'Autoliquidation – article 196 de la directive 2006/112/CE.'],
      locale: 'fr-FR',
    },
    [
      {
        description: 'Audit de sécurité',
        quantityMilli: 2000,
        unitCode: 'DAY',
        unitPriceMinor: 80_000,
        vatCategory: 'AE',
        vatRateBasisPoints: 0,
        exemptionReason: 'Autoliquidation',
        exemptionReasonCode: 'VATEX-EU-AE',
      },
    ],
  );
}

/** A credit note cancelling part of {@link sampleInvoice}. Amounts are positive (the type code says credit). */
export function sampleCreditNote(): BillingDocument {
  return build(
    {
      kind: 'credit_note',
      number: 'AV-2026-000003',
      issueDate: '2026-11-10',
      currency: 'EUR',
      seller: SELLER,
      buyer: sampleInvoice().buyer,
      precedingInvoice: { number: 'F-2026-000042', issueDate: '2026-11-02' },
      legalMentions: B2B_MENTIONS,
      locale: 'fr-FR',
    },
    [
      {
        description: 'Hébergement (12 mois) – annulation',
        quantityMilli: 1000,
        unitPriceMinor: 11_988,
        vatCategory: 'S',
        vatRateBasisPoints: 2000,
      },
    ],
  );
}
