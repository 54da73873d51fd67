/**
 * The e-mail outbox: every e-mail is stored first, then delivered over SMTP when configured (here
 * to a real SMTP server on 127.0.0.1), or kept as 'stored' for the development mailbox.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { useAdminPool } from '@comptoir/testing/fixtures';
import { readJson } from '@comptoir/testing/http';
import { SMTPServer } from 'smtp-server';
import { describe, expect, it } from 'vitest';
import { withIdentity } from '../src/context.js';
import { queueEmail, startMailer } from '../src/mail/outbox.js';
import { passwordResetEmail } from '../src/mail/templates.js';
import { useAuthService } from './helpers.js';

const admin = useAdminPool();
const { service, ctx } = await useAuthService();

async function statusOf(to: string): Promise<string | undefined> {
  const { rows } = await admin.query('select status from platform.emails where to_address = $1', [to]);
  return rows[0]?.status;
}

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('timed out');
}

describe('e-mail outbox', () => {
  it('delivers queued e-mails over SMTP and marks them sent', async () => {
    const received: string[] = [];
    const smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onData(stream, session, callback) {
        let data = '';
        stream.on('data', (chunk) => (data += chunk));
        stream.on('end', () => {
          received.push(`${session.envelope.rcptTo.map((r) => r.address).join(',')}\n${data}`);
          callback();
        });
      },
    });
    await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
    const port = (smtp.server.address() as AddressInfo).port;

    const to = `smtp-${randomUUID().slice(0, 8)}@example.test`;
    await withIdentity(ctx, 'test', {}, (db) =>
      queueEmail(db, to, passwordResetEmail('Ada', 'http://account.comptoir.localhost/reset?token=x')),
    );
    // An e-mail another service queued with an attachment (billing's reminders carry their PDF).
    const withFile = `file-${randomUUID().slice(0, 8)}@example.test`;
    await admin.query(
      `insert into platform.emails (to_address, subject, text_body, template, attachments)
       values ($1, 'Relance', 'Voir la pièce jointe.', 'test', $2)`,
      [
        withFile,
        JSON.stringify([
          {
            filename: 'R-1.pdf',
            content_type: 'application/pdf',
            content_base64: Buffer.from('%PDF-1.7 test').toString('base64'),
          },
        ]),
      ],
    );
    const stop = startMailer(ctx, {
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'Comptoir <no-reply@example.test>',
      intervalMs: 100,
    });
    try {
      await until(async () => (await statusOf(to)) === 'sent' && (await statusOf(withFile)) === 'sent');
    } finally {
      await stop();
      await new Promise<void>((r) => smtp.close(() => r()));
    }
    const message = received.find((m) => m.startsWith(to));
    expect(message).toContain('Subject: Reset your password');
    expect(message).toContain('reset?token=3Dx'); // quoted-printable "="
    const attached = received.find((m) => m.startsWith(withFile));
    expect(attached).toMatch(/Content-Type: application\/pdf; name=R-1\.pdf/);
    expect(attached).toContain(Buffer.from('%PDF-1.7 test').toString('base64'));
  });

  it('keeps e-mails as stored without SMTP, readable in the development mailbox', async () => {
    const to = `dev-${randomUUID().slice(0, 8)}@example.test`;
    await withIdentity(ctx, 'test', {}, (db) =>
      queueEmail(db, to, passwordResetEmail('Bob', 'http://x/reset?token=y')),
    );
    const stop = startMailer(ctx, { from: 'Comptoir <no-reply@example.test>', intervalMs: 100 });
    try {
      await until(async () => (await statusOf(to)) === 'stored');
    } finally {
      await stop();
    }
    const mailbox = await readJson(await service.app.request(`/dev/emails?to=${encodeURIComponent(to)}`));
    expect(mailbox.data).toHaveLength(1);
    expect(mailbox.data[0].subject).toBe('Reset your password');
  });
});
