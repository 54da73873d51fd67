import type { TaxRate } from '@comptoir/contracts/billing/catalog';
import { describe, expect, it } from 'vitest';
import {
  applyProduct,
  emptyLine,
  type LineRow,
  parseDays,
  rateOfLine,
  readLines,
  remapLineErrors,
  rowFromLine,
} from './invoice-form';

const rate = (id: string, bp: number, category = 'S', code: string | null = null, isDefault = false) =>
  ({
    id,
    name: id,
    rate_basis_points: bp,
    vat_category: category,
    exemption_reason: code ? 'Exonération' : null,
    exemption_reason_code: code,
    is_default: isDefault,
    archived_at: null,
  }) as TaxRate;

const RATES = [
  rate('vat20', 2000, 'S', null, true),
  rate('vat10', 1000),
  rate('ae', 0, 'AE', 'VATEX-EU-AE'),
  rate('franchise', 0, 'E', 'VATEX-FR-FRANCHISE'),
];

const row = (patch: Partial<LineRow>): LineRow => ({ ...emptyLine(RATES), ...patch });

describe('invoice editor lines', () => {
  it('Should start a line with one unit and the default rate', () => {
    expect(emptyLine(RATES)).toMatchObject({ quantity: '1', unit_code: 'C62', tax_rate_id: 'vat20' });
    expect(emptyLine([]).tax_rate_id).toBe('');
  });

  it('Should parse typed lines into the API payload and total them live', () => {
    const read = readLines(
      [
        row({ description: 'Kitchen cabinets', quantity: '2', unit_price: '1 234,56' }),
        row({
          description: 'Installation',
          quantity: '1,5',
          unit_code: 'HUR',
          unit_price: '80',
          tax_rate_id: 'vat10',
        }),
      ],
      RATES,
      'EUR',
    );
    expect(read.errors).toEqual({});
    expect(read.payload).toEqual([
      {
        description: 'Kitchen cabinets',
        quantity_milli: 2000,
        unit_code: 'C62',
        unit_price_minor: 123456,
        tax_rate_id: 'vat20',
      },
      {
        description: 'Installation',
        quantity_milli: 1500,
        unit_code: 'HUR',
        unit_price_minor: 8000,
        tax_rate_id: 'vat10',
      },
    ]);
    expect(read.lineNets).toEqual([246912, 12000]);
    expect(read.totals.totals).toMatchObject({ netMinor: 258912, taxMinor: 50582, grossMinor: 309494 });
  });

  it('Should leave blank rows out and key errors by the row they belong to', () => {
    const read = readLines(
      [
        row({}),
        row({ description: '', quantity: 'x', unit_price: '12,345' }),
        row({ description: 'Ok', unit_price: '0' }),
      ],
      RATES,
      'EUR',
    );
    expect(read.rowOf).toEqual([1, 2]);
    expect(read.errors).toEqual({
      'lines.1.description': 'A description is required',
      'lines.1.quantity_milli': 'Enter a quantity such as 2 or 1,5',
    });
    // "12,345" reads as 12 345 (a thousands separator), so the row still totals.
    expect(read.lineNets).toEqual([null, null, 0]);
  });

  it('Should ask for a price, a non-zero quantity and a rate', () => {
    const read = readLines(
      [row({ description: 'A', quantity: '0', unit_price: '', tax_rate_id: 'gone' })],
      RATES,
      'EUR',
    );
    expect(read.errors).toEqual({
      'lines.0.quantity_milli': 'A quantity cannot be zero',
      'lines.0.unit_price_minor': 'Enter a unit price',
      'lines.0.tax_rate_id': 'Choose a VAT rate',
    });
  });

  it('Should accept a negative price on a discount line', () => {
    const read = readLines([row({ description: 'Remise', unit_price: '-10' })], RATES, 'EUR');
    expect(read.errors).toEqual({});
    expect(read.payload[0]?.unit_price_minor).toBe(-1000);
  });

  it('Should put the API errors of payload lines on their rows', () => {
    expect(
      remapLineErrors(
        { 'lines.0.unit_price_minor': 'Too big', 'lines.1': 'Bad line', note: 'Too long', lines: 'Empty' },
        [2, 5],
      ),
    ).toEqual({
      'lines.2.unit_price_minor': 'Too big',
      'lines.5': 'Bad line',
      note: 'Too long',
      lines: 'Empty',
    });
  });

  it('Should find the rate a stored line was computed with', () => {
    expect(
      rateOfLine({ vat_category: 'S', vat_rate_basis_points: 1000, exemption_reason_code: null }, RATES)?.id,
    ).toBe('vat10');
    expect(
      rateOfLine(
        { vat_category: 'E', vat_rate_basis_points: 0, exemption_reason_code: 'VATEX-FR-FRANCHISE' },
        RATES,
      )?.id,
    ).toBe('franchise');
    expect(
      rateOfLine({ vat_category: 'S', vat_rate_basis_points: 850, exemption_reason_code: null }, RATES),
    ).toBeUndefined();
  });

  it('Should bring a stored line back as typed text in the locale', () => {
    const back = rowFromLine(
      {
        id: 'l1',
        position: 1,
        product_id: null,
        description: 'Installation',
        quantity_milli: 1500,
        unit_code: 'HUR',
        unit_price_minor: 8050,
        vat_category: 'S',
        vat_rate_basis_points: 1000,
        exemption_reason: null,
        exemption_reason_code: null,
        net_minor: 12075,
      },
      RATES,
      'EUR',
      'fr-FR',
    );
    expect(back).toMatchObject({
      quantity: '1,5',
      unit_price: '80,50',
      unit_code: 'HUR',
      tax_rate_id: 'vat10',
    });
  });

  it("Should prefill a line from a product and keep the member's quantity", () => {
    const line = applyProduct(
      row({ quantity: '3' }),
      { id: 'p1', name: 'Pose', unit_code: 'HUR', unit_price_minor: 4500, tax_rate_id: 'vat10' },
      'EUR',
      'fr-FR',
    );
    expect(line).toMatchObject({
      product_id: 'p1',
      description: 'Pose',
      quantity: '3',
      unit_code: 'HUR',
      unit_price: '45',
      tax_rate_id: 'vat10',
    });
  });

  it('Should read payment terms in days', () => {
    expect(parseDays('')).toBeNull();
    expect(parseDays(' 30 ')).toBe(30);
    expect(parseDays('366')).toBeUndefined();
    expect(parseDays('3.5')).toBeUndefined();
  });
});
