/**
 * @module db/mailing
 * E-mails of documents to customers: an issued invoice or credit note (its Factur-X PDF
 * attached) or a sent quote (its PDF attached), queued in the platform's e-mail outbox
 * (`platform.emails`, delivered by the auth service's mailer) in the request's transaction.
 */
import type { DB } from '@comptoir/db/schema/billing';
import { type Kysely, sql } from 'kysely';
import type { BillingDocument } from '../domain/document.js';
import { buildFacturXml } from '../einvoice/facturx.js';
import { renderDocumentPdf } from '../pdf/render.js';
import { validationProblem } from './common.js';

const TITLES: Record<BillingDocument['kind'], string> = {
  invoice: 'Facture',
  credit_note: 'Avoir',
  quote: 'Devis',
  reminder: 'Relance',
};

/**
 * Queues the e-mail of a document to `to` (default: the customer's address).
 *
 * @returns the e-mail's id and address.
 * @throws {HttpProblem} 422 when neither `to` nor the customer has an address.
 */
export async function emailDocument(
  db: Kysely<DB>,
  document: BillingDocument,
  customerId: string,
  input: { to?: string | undefined; message?: string | null | undefined },
): Promise<{ email_id: string; to: string }> {
  const customer = await db
    .selectFrom('billing.customers')
    .select('email')
    .where('id', '=', customerId)
    .executeTakeFirst();
  const to = input.to ?? customer?.email ?? null;
  if (!to) {
    throw validationProblem([{ pointer: '#/to', detail: 'The customer has no e-mail address: give one' }]);
  }
  const einvoice = document.kind === 'invoice' || document.kind === 'credit_note';
  const pdf = await renderDocumentPdf(document, einvoice ? { facturXml: buildFacturXml(document) } : {});
  const title = `${TITLES[document.kind]} ${document.number}`;
  const { id } = await db
    .insertInto('platform.emails')
    .values({
      tenant_id: sql<string>`private.current_tenant_id()`,
      to_address: to,
      subject: `${title} – ${document.seller.name}`,
      text_body: [
        'Bonjour,',
        '',
        input.message ??
          `Veuillez trouver ci-joint ${document.kind === 'quote' ? 'notre devis' : `notre ${TITLES[document.kind].toLowerCase()}`} ${document.number}.`,
        '',
        document.seller.name,
      ].join('\n'),
      template: `billing.${document.kind}`,
      attachments: JSON.stringify([
        {
          filename: `${document.number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`,
          content_type: 'application/pdf',
          content_base64: pdf.toString('base64'),
        },
      ]),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { email_id: id, to };
}
