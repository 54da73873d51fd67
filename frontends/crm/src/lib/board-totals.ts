/**
 * @module board-totals
 * A stage's totals while deals move on the kanban, before the server's board comes back: the
 * server's totals for the stage, plus the deals moved into it and minus those moved out, so the
 * count, the amounts and the "and N more" line never contradict the cards shown.
 */
import type { BoardColumn, Deal, DealTotals } from '@comptoir/contracts/crm/deals';

/** A column as the board shows it: its stage's probability (0–100) and the deals on it now. */
export interface LocalColumn {
  stage: { id: string; probability: number };
  deals: readonly Pick<Deal, 'id' | 'amount_minor' | 'currency'>[];
}

/**
 * The totals to show for `local`, given the server's column of the same stage (its deals and
 * totals as last fetched; totals cover every deal of the stage, shown or not).
 *
 * Amounts are integer minor units per currency; the weighted amount of a deal is
 * amount × probability / 100 rounded to a minor unit, as the API computes it. A deal moved in
 * counts at this stage's probability, a deal moved out at the server column's (the same stage).
 * Without a server column (a stage the server has not sent), the local deals alone are summed.
 */
export function localTotals(local: LocalColumn, server: BoardColumn | undefined): DealTotals {
  const serverDeals = server?.deals ?? [];
  const serverIds = new Set(serverDeals.map((d) => d.id));
  const localIds = new Set(local.deals.map((d) => d.id));
  const added = local.deals.filter((d) => !serverIds.has(d.id));
  const removed = serverDeals.filter((d) => !localIds.has(d.id));
  if (server && added.length === 0 && removed.length === 0) return server.totals;

  const byCurrency = new Map<string, { amount_minor: number; weighted_amount_minor: number }>();
  for (const a of server?.totals.amounts ?? []) byCurrency.set(a.currency, { ...a });
  const shift = (deal: LocalColumn['deals'][number], sign: 1 | -1) => {
    const entry = byCurrency.get(deal.currency) ?? { amount_minor: 0, weighted_amount_minor: 0 };
    entry.amount_minor += sign * deal.amount_minor;
    entry.weighted_amount_minor += sign * Math.round((deal.amount_minor * local.stage.probability) / 100);
    byCurrency.set(deal.currency, entry);
  };
  for (const d of added) shift(d, 1);
  for (const d of removed) shift(d, -1);

  const count = (server?.totals.count ?? 0) + added.length - removed.length;
  const amounts = [...byCurrency]
    .filter(([, a]) => count > 0 && a.amount_minor > 0)
    .map(([currency, a]) => ({
      currency,
      amount_minor: a.amount_minor,
      weighted_amount_minor: Math.max(0, a.weighted_amount_minor),
    }))
    .sort((a, b) => a.currency.localeCompare(b.currency));
  return { count: Math.max(count, local.deals.length), amounts };
}
