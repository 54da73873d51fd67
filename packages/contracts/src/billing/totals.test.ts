import { describe, expect, it } from 'vitest';
import { computeTotals, divideRounded, lineNetMinor, vatMinor } from './totals.js';

describe('billing totals', () => {
  it('Should round half away from zero, both signs', () => {
    expect(divideRounded(5n, 10n)).toBe(1n);
    expect(divideRounded(4n, 10n)).toBe(0n);
    expect(divideRounded(-5n, 10n)).toBe(-1n);
    expect(divideRounded(-4n, 10n)).toBe(0n);
  });

  it('Should round each line net, then VAT once per rate on the sum of rounded nets (BR-CO-17)', () => {
    expect(lineNetMinor(3000, 33)).toBe(99);
    const { lineNets, vatBreakdown, totals } = computeTotals([
      { quantityMilli: 1500, unitPriceMinor: 333, vatCategory: 'S', vatRateBasisPoints: 2000 },
      { quantityMilli: 1500, unitPriceMinor: 333, vatCategory: 'S', vatRateBasisPoints: 2000 },
      { quantityMilli: 1000, unitPriceMinor: 1999, vatCategory: 'S', vatRateBasisPoints: 550 },
    ]);
    // 1.5 × 3.33 = 4.995 → 5.00 (half away from zero)
    expect(lineNets).toEqual([500, 500, 1999]);
    expect(vatBreakdown).toMatchObject([
      { vatRateBasisPoints: 2000, taxableMinor: 1000, taxMinor: 200 },
      // 19.99 × 5.5 % = 1.09945 → 1.10
      { vatRateBasisPoints: 550, taxableMinor: 1999, taxMinor: 110 },
    ]);
    expect(totals).toEqual({ netMinor: 2999, taxMinor: 310, grossMinor: 3309, paidMinor: 0, dueMinor: 3309 });
    expect(vatMinor(1999, 550)).toBe(110);
  });

  it('Should total the end-to-end test invoice to the cent', () => {
    const { vatBreakdown, totals } = computeTotals([
      { quantityMilli: 2000, unitPriceMinor: 123456, vatCategory: 'S', vatRateBasisPoints: 2000 },
      { quantityMilli: 1500, unitPriceMinor: 8000, vatCategory: 'S', vatRateBasisPoints: 1000 },
    ]);
    // 2 469,12 × 20 % = 493,824 → 493,82; 120,00 × 10 % = 12,00
    expect(vatBreakdown.map((g) => g.taxMinor)).toEqual([49382, 1200]);
    expect(totals.grossMinor).toBe(309494);
  });

  it('Should keep the exemption of a reverse-charge group and subtract what was paid', () => {
    const { vatBreakdown, totals } = computeTotals(
      [
        {
          quantityMilli: 2000,
          unitPriceMinor: 50_000,
          vatCategory: 'AE',
          vatRateBasisPoints: 0,
          exemptionReason: 'Autoliquidation',
          exemptionReasonCode: 'VATEX-EU-AE',
        },
      ],
      40_000,
    );
    expect(vatBreakdown[0]).toMatchObject({ taxMinor: 0, exemptionReasonCode: 'VATEX-EU-AE' });
    expect(totals).toEqual({
      netMinor: 100_000,
      taxMinor: 0,
      grossMinor: 100_000,
      paidMinor: 40_000,
      dueMinor: 60_000,
    });
  });

  it('Should let a discount line lower the taxable amount of its rate', () => {
    const { vatBreakdown, totals } = computeTotals([
      { quantityMilli: 1000, unitPriceMinor: 10_000, vatCategory: 'S', vatRateBasisPoints: 2000 },
      { quantityMilli: 1000, unitPriceMinor: -1_000, vatCategory: 'S', vatRateBasisPoints: 2000 },
    ]);
    expect(vatBreakdown).toMatchObject([{ taxableMinor: 9_000, taxMinor: 1_800 }]);
    expect(totals.grossMinor).toBe(10_800);
  });

  it('Should total nothing to zero', () => {
    expect(computeTotals([]).totals).toEqual({
      netMinor: 0,
      taxMinor: 0,
      grossMinor: 0,
      paidMinor: 0,
      dueMinor: 0,
    });
  });

  it('Should refuse amounts beyond the safe integer range instead of losing cents', () => {
    expect(() =>
      computeTotals([
        { quantityMilli: 1e12, unitPriceMinor: 1e12, vatCategory: 'S', vatRateBasisPoints: 2000 },
      ]),
    ).toThrow(RangeError);
  });
});
