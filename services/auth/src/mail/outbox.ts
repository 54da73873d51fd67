/**
 * @module mail/outbox
 * Every e-mail is first stored in `platform.emails` (in the transaction of the action that sends
 * it), then delivered by {@link startMailer}: over SMTP with nodemailer when `SMTP_URL` is set,
 * otherwise marked 'stored' and readable at `/dev/emails` outside production. Attachments
 * (`attachments`: filename, content type, base64 content) are sent with the message.
 */
import type { DB } from '@comptoir/db/schema/platform';
import type { Kysely } from 'kysely';
import nodemailer from 'nodemailer';
import type { AuthContext } from '../context.js';
import { withIdentity } from '../context.js';
import type { RenderedEmail } from './templates.js';

/** Stores an e-mail for delivery (in the caller's transaction). */
export async function queueEmail(
  db: Kysely<DB>,
  to: string,
  email: RenderedEmail,
  tenantId: string | null = null,
): Promise<void> {
  await db
    .insertInto('platform.emails')
    .values({
      tenant_id: tenantId,
      to_address: to,
      subject: email.subject,
      text_body: email.text,
      html_body: email.html,
      template: email.template,
    })
    .execute();
}

/** An attachment as stored in `platform.emails.attachments`. */
interface StoredAttachment {
  filename: string;
  content_type: string;
  content_base64: string;
}

/** The stored attachments as nodemailer takes them; malformed entries are left out. */
function attachmentsOf(value: unknown): Array<{ filename: string; contentType: string; content: Buffer }> {
  if (!Array.isArray(value)) return [];
  return (value as Partial<StoredAttachment>[])
    .filter((a) => typeof a?.filename === 'string' && typeof a.content_base64 === 'string')
    .map((a) => ({
      filename: a.filename!,
      contentType: a.content_type ?? 'application/octet-stream',
      content: Buffer.from(a.content_base64!, 'base64'),
    }));
}

/** Options of {@link startMailer}. */
export interface MailerOptions {
  smtpUrl?: string | undefined;
  from: string;
  intervalMs?: number;
}

/**
 * Delivers queued e-mails (up to 20 per round, `FOR UPDATE SKIP LOCKED` so replicas share them),
 * retrying failures up to 5 times. Returns a stop function.
 */
export function startMailer(ctx: AuthContext, options: MailerOptions): () => Promise<void> {
  const transport = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : null;
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const round = async () => {
    await withIdentity(ctx, `mailer-${Date.now()}`, {}, async (db) => {
      const batch = await db
        .selectFrom('platform.emails')
        .selectAll()
        .where('status', '=', 'queued')
        .orderBy('created_at')
        .limit(20)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const email of batch) {
        if (!transport) {
          await db
            .updateTable('platform.emails')
            .set({ status: 'stored' })
            .where('id', '=', email.id)
            .execute();
          continue;
        }
        try {
          await transport.sendMail({
            from: options.from,
            to: email.to_address,
            subject: email.subject,
            text: email.text_body,
            ...(email.html_body ? { html: email.html_body } : {}),
            attachments: attachmentsOf(email.attachments),
          });
          await db
            .updateTable('platform.emails')
            .set({ status: 'sent', sent_at: new Date(), attempts: email.attempts + 1 })
            .where('id', '=', email.id)
            .execute();
        } catch (error) {
          await db
            .updateTable('platform.emails')
            .set({
              status: email.attempts + 1 >= 5 ? 'failed' : 'queued',
              attempts: email.attempts + 1,
              last_error: error instanceof Error ? error.message.slice(0, 500) : 'send failed',
            })
            .where('id', '=', email.id)
            .execute();
        }
      }
    });
  };
  const timer = setInterval(() => {
    if (stopped) return;
    running = running.then(round).catch((err) => ctx.logger.error({ err }, 'mailer round failed'));
  }, options.intervalMs ?? 1000);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await running;
    transport?.close();
  };
}
