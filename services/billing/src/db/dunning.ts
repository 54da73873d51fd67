/**
 * @module db/dunning
 * Dunning in the request's (or job's) transaction, under RLS.
 *
 * An invoice is dunned while it is issued or partially paid, past its due date (tenant time
 * zone) and not disputed: it stops when paid or cancelled and waits while disputed. Each run takes,
 * per invoice, the latest step of the schedule it has reached and not taken yet: that step is
 * e-mailed to the customer with the reminder PDF attached (or recorded `no_email`), and earlier
 * steps not taken are recorded `skipped`, so a customer never gets three reminders at once. Every
 * step is recorded once per invoice (unique (invoice, position)); a run is idempotent.
 */
import {
  DEFAULT_DUNNING_STEPS,
  type DunningEvent,
  type DunningRunResult,
} from '@comptoir/contracts/billing/dunning';
import type { DB } from '@comptoir/db/schema/billing';
import { type Kysely, sql } from 'kysely';
import { renderDocumentPdf } from '../pdf/render.js';
import { rfc3339, tenantCalendar } from './common.js';
import { issuedDocument } from './documents.js';
import { loadSettings } from './settings.js';

/** The tenant's schedule, in order (never empty: the default one is created on first use). */
export async function dunningSchedule(db: Kysely<DB>) {
  let steps = await db
    .selectFrom('billing.dunning_steps')
    .select(['position', 'offset_days', sql<'reminder' | 'formal_notice'>`kind`.as('kind')])
    .orderBy('position')
    .execute();
  if (steps.length === 0) {
    await replaceSchedule(db, [...DEFAULT_DUNNING_STEPS]);
    steps = DEFAULT_DUNNING_STEPS.map((s, i) => ({
      position: i + 1,
      offset_days: s.offset_days,
      kind: s.kind,
    }));
  }
  return steps;
}

/** Replaces the whole schedule (at least one step; `dunning_enabled` in the settings pauses it). */
export async function replaceSchedule(
  db: Kysely<DB>,
  steps: Array<{ offset_days: number; kind: 'reminder' | 'formal_notice' }>,
) {
  await db.deleteFrom('billing.dunning_steps').execute();
  if (steps.length) {
    await db
      .insertInto('billing.dunning_steps')
      .values(steps.map((s, i) => ({ position: i + 1, offset_days: s.offset_days, kind: s.kind })))
      .execute();
  }
}

/** The steps taken for an invoice, oldest first, with the address each was sent to. */
export async function invoiceTimeline(db: Kysely<DB>, invoiceId: string): Promise<DunningEvent[]> {
  return (await db
    .selectFrom('billing.dunning_events as d')
    .leftJoin('platform.emails as e', 'e.id', 'd.email_id')
    .select([
      'd.id',
      'd.invoice_id',
      'd.step_position',
      sql<DunningEvent['kind']>`d.kind`.as('kind'),
      'd.offset_days',
      'd.days_past_due',
      'd.balance_due_minor',
      sql<DunningEvent['outcome']>`d.outcome`.as('outcome'),
      'e.to_address as email_to',
      rfc3339('d.created_at').as('created_at'),
    ])
    .where('d.invoice_id', '=', invoiceId)
    .orderBy('d.step_position')
    .execute()) as DunningEvent[];
}

/**
 * The PDF of a reminder (or formal notice) of an issued invoice: the invoice document as a
 * `reminder`, its amount due being the balance left after payments and credit notes.
 *
 * @returns undefined when the invoice is not issued (or not visible).
 */
export async function reminderPdf(
  db: Kysely<DB>,
  invoiceId: string,
  step: { position: number; daysPastDue: number; formalNotice: boolean; balanceMinor: number },
) {
  const document = await issuedDocument(db, invoiceId);
  if (!document) return undefined;
  const pdf = await renderDocumentPdf({
    ...document,
    totals: {
      ...document.totals,
      paidMinor: document.totals.grossMinor - step.balanceMinor,
      dueMinor: step.balanceMinor,
    },
    kind: 'reminder',
    reminder: { step: step.position, daysPastDue: step.daysPastDue, formalNotice: step.formalNotice },
  });
  return { document, pdf };
}

const KIND_SUBJECT = {
  reminder: (n: string) => `Rappel : facture ${n} impayée`,
  formal_notice: (n: string) => `Mise en demeure : facture ${n}`,
} as const;

/**
 * Runs dunning for the caller's tenant as of `today` (default: today in the tenant's time zone).
 *
 * @returns counts of what was done.
 */
export async function runDunning(db: Kysely<DB>, today?: string): Promise<DunningRunResult> {
  const calendar = await tenantCalendar(db);
  const asOf = today ?? calendar.today;
  const result: DunningRunResult = { invoices_checked: 0, steps_sent: 0, steps_skipped: 0, without_email: 0 };
  if (!(await loadSettings(db)).dunning_enabled) return result;
  const steps = await dunningSchedule(db);
  const invoices = await db
    .selectFrom('billing.invoices as i')
    .innerJoin('billing.customers as c', (j) =>
      j.onRef('c.tenant_id', '=', 'i.tenant_id').onRef('c.id', '=', 'i.customer_id'),
    )
    .select([
      'i.id',
      'i.number',
      sql<number>`(${asOf}::date - i.due_date)`.as('days_past_due'),
      sql<number>`(i.gross_minor - i.paid_minor - i.credited_minor)`.as('balance'),
      'c.email',
      sql<number[]>`coalesce((select array_agg(d.step_position) from billing.dunning_events d
                              where d.tenant_id = i.tenant_id and d.invoice_id = i.id), '{}')`.as('taken'),
    ])
    .where('i.kind', '=', 'invoice')
    .where('i.status', 'in', ['issued', 'partially_paid'])
    .where('i.disputed_at', 'is', null)
    .where(sql<boolean>`i.due_date < ${asOf}::date`)
    .where(sql<boolean>`i.gross_minor - i.paid_minor - i.credited_minor > 0`)
    .orderBy('i.due_date')
    // The invoices only (not their customers), skipping any a payment is being recorded on.
    .forUpdate('i')
    .skipLocked()
    .execute();
  for (const invoice of invoices) {
    result.invoices_checked++;
    const due = steps.filter(
      (s) => s.offset_days <= invoice.days_past_due && !invoice.taken.includes(s.position),
    );
    const step = due.at(-1);
    if (!step) continue;
    for (const skipped of due.slice(0, -1)) {
      await db
        .insertInto('billing.dunning_events')
        .values({
          invoice_id: invoice.id,
          step_position: skipped.position,
          kind: skipped.kind,
          offset_days: skipped.offset_days,
          days_past_due: invoice.days_past_due,
          balance_due_minor: invoice.balance,
          outcome: 'skipped',
        })
        .execute();
      result.steps_skipped++;
    }
    let emailId: string | null = null;
    if (invoice.email) {
      const formalNotice = step.kind === 'formal_notice';
      const { document, pdf } = (await reminderPdf(db, invoice.id, {
        position: step.position,
        daysPastDue: invoice.days_past_due,
        formalNotice,
        balanceMinor: invoice.balance,
      }))!;
      const amount = new Intl.NumberFormat('fr-FR', {
        style: 'currency',
        currency: document.currency,
      }).format(
        invoice.balance /
          10 **
            (new Intl.NumberFormat('en', { style: 'currency', currency: document.currency }).resolvedOptions()
              .maximumFractionDigits ?? 2),
      );
      const email = await db
        .insertInto('platform.emails')
        .values({
          tenant_id: sql<string>`private.current_tenant_id()`,
          to_address: invoice.email,
          subject: KIND_SUBJECT[step.kind](invoice.number!),
          text_body: [
            'Bonjour,',
            '',
            formalNotice
              ? `Malgré nos relances, la facture ${invoice.number} reste impayée ${invoice.days_past_due} jours après son échéance. Nous vous mettons en demeure de régler ${amount} sous huit jours.`
              : `Sauf erreur de notre part, la facture ${invoice.number} (${amount} restant dû) est échue depuis ${invoice.days_past_due} jours.`,
            'Vous trouverez le détail en pièce jointe.',
            '',
            `${document.seller.name}`,
          ].join('\n'),
          template: `billing.dunning.${step.kind}`,
          attachments: JSON.stringify([
            {
              filename: `${formalNotice ? 'mise-en-demeure' : 'relance'}-${invoice.number}.pdf`,
              content_type: 'application/pdf',
              content_base64: pdf.toString('base64'),
            },
          ]),
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      emailId = email.id;
      result.steps_sent++;
    } else {
      result.without_email++;
    }
    await db
      .insertInto('billing.dunning_events')
      .values({
        invoice_id: invoice.id,
        step_position: step.position,
        kind: step.kind,
        offset_days: step.offset_days,
        days_past_due: invoice.days_past_due,
        balance_due_minor: invoice.balance,
        outcome: emailId ? 'sent' : 'no_email',
        email_id: emailId,
      })
      .execute();
  }
  return result;
}
