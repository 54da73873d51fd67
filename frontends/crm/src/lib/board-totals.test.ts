import type { BoardColumn } from '@comptoir/contracts/crm/deals';
import { describe, expect, it } from 'vitest';
import { localTotals } from './board-totals';

const deal = (id: string, amount_minor: number, currency = 'EUR') => ({ id, amount_minor, currency });
const server = (
  stage: { id: string; probability: number },
  deals: ReturnType<typeof deal>[],
  count: number,
  amounts: BoardColumn['totals']['amounts'],
) => ({ stage, deals, has_more: count > deals.length, totals: { count, amounts } }) as unknown as BoardColumn;

describe('localTotals', () => {
  const lead = { id: 'lead', probability: 10 };
  const won = { id: 'won', probability: 100 };

  it('is the server totals while nothing moved', () => {
    const s = server(lead, [deal('a', 240_000)], 1, [
      { currency: 'EUR', amount_minor: 240_000, weighted_amount_minor: 24_000 },
    ]);
    expect(localTotals({ stage: lead, deals: [deal('a', 240_000)] }, s)).toBe(s.totals);
  });

  it('moves a deal out of one stage and into another, count and amounts alike', () => {
    const fromServer = server(lead, [deal('a', 240_000), deal('b', 100_000)], 3, [
      { currency: 'EUR', amount_minor: 400_000, weighted_amount_minor: 40_000 },
    ]);
    const toServer = server(won, [], 0, []);
    expect(localTotals({ stage: lead, deals: [deal('b', 100_000)] }, fromServer)).toEqual({
      count: 2,
      amounts: [{ currency: 'EUR', amount_minor: 160_000, weighted_amount_minor: 16_000 }],
    });
    expect(localTotals({ stage: won, deals: [deal('a', 240_000)] }, toServer)).toEqual({
      count: 1,
      amounts: [{ currency: 'EUR', amount_minor: 240_000, weighted_amount_minor: 240_000 }],
    });
  });

  it('drops a currency whose last deal left, and keeps others apart', () => {
    const s = server(lead, [deal('a', 5_000, 'USD'), deal('b', 7_000)], 2, [
      { currency: 'EUR', amount_minor: 7_000, weighted_amount_minor: 700 },
      { currency: 'USD', amount_minor: 5_000, weighted_amount_minor: 500 },
    ]);
    expect(localTotals({ stage: lead, deals: [deal('b', 7_000)] }, s)).toEqual({
      count: 1,
      amounts: [{ currency: 'EUR', amount_minor: 7_000, weighted_amount_minor: 700 }],
    });
    expect(localTotals({ stage: lead, deals: [] }, s)).toEqual({ count: 0, amounts: [] });
  });
});
