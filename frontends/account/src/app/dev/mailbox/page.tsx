/**
 * Development mailbox: the e-mails the auth service stored instead of sending them (no SMTP),
 * so a demo can follow verification, reset and invitation links. `GET /dev/emails` answers 404
 * in production; the page then says so.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  CardContent,
  CardDescription,
  CardHeader,
  CardTitle,
  EmptyState,
  Field,
  Input,
} from '@comptoir/ui';
import { ApiError } from '@comptoir/ui/server';
import { Inbox } from 'lucide-react';
import type { Metadata } from 'next';
import { Fragment } from 'react';
import { authApi } from '@/lib/api';

export const metadata: Metadata = { title: 'Dev mailbox' };

interface StoredEmail {
  id: string;
  to_address: string;
  subject: string;
  text_body: string;
  template: string | null;
  status: string;
  created_at: string;
}

type Loaded =
  | { kind: 'ok'; emails: StoredEmail[] }
  | { kind: 'disabled' }
  | { kind: 'error'; message: string };

async function load(to: string | undefined): Promise<Loaded> {
  try {
    const body = await authApi.request<{ data: StoredEmail[] }>('/dev/emails', {
      query: { to },
      anonymous: true,
    });
    return { kind: 'ok', emails: body.data };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 404) return { kind: 'disabled' };
    return { kind: 'error', message: error.message };
  }
}

/** The text of an e-mail with its http(s) links clickable. */
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s<>"]+)/g);
  return (
    <>
      {parts.map((part, i) =>
        /^https?:\/\//.test(part) ? (
          <a key={i} href={part} className="break-all font-medium text-primary underline underline-offset-2">
            {part}
          </a>
        ) : (
          <Fragment key={i}>{part}</Fragment>
        ),
      )}
    </>
  );
}

export default async function DevMailboxPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { to: rawTo } = await searchParams;
  const to = typeof rawTo === 'string' && rawTo.trim() ? rawTo.trim() : undefined;
  const result = await load(to);
  const when = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'medium' });

  return (
    <main id="main" className="mx-auto grid w-full max-w-3xl gap-6 px-4 py-8">
      <div className="grid gap-1">
        <h1 className="font-semibold text-2xl tracking-tight">Dev mailbox</h1>
        <p className="text-muted-foreground text-sm">
          E-mails the platform would have sent, newest first (the last 50). Available in development only.
        </p>
      </div>

      {result.kind === 'disabled' ? (
        <Alert variant="info" title="The dev mailbox is turned off here">
          This environment sends real e-mails (or runs in production), so there is nothing to show. Check your
          inbox instead.
        </Alert>
      ) : result.kind === 'error' ? (
        <Alert variant="error" title="The mailbox could not be loaded">
          {result.message}
        </Alert>
      ) : (
        <>
          <form method="get" className="flex flex-wrap items-end gap-2">
            <Field label="Recipient" className="min-w-0 flex-1">
              <Input
                name="to"
                type="email"
                defaultValue={to}
                placeholder="alice@example.com"
                autoComplete="off"
              />
            </Field>
            <Button type="submit" variant="outline">
              Filter
            </Button>
            {to ? (
              <Button variant="ghost" asChild>
                <a href="/dev/mailbox">Show all</a>
              </Button>
            ) : null}
          </form>
          {result.emails.length === 0 ? (
            <EmptyState
              icon={<Inbox />}
              title="No e-mails yet"
              description={
                to ? `Nothing was sent to ${to}.` : 'Sign up or invite someone: the e-mails appear here.'
              }
            />
          ) : (
            <ol className="grid gap-4">
              {result.emails.map((email) => (
                <li key={email.id}>
                  <Card>
                    <CardHeader>
                      <CardTitle as="h2" className="text-base">
                        {email.subject}
                      </CardTitle>
                      <CardDescription className="flex flex-wrap items-center gap-2">
                        <span>To {email.to_address}</span>
                        <span aria-hidden="true">·</span>
                        <time dateTime={email.created_at}>{when.format(new Date(email.created_at))}</time>
                        <Badge variant="secondary">{email.status}</Badge>
                      </CardDescription>
                    </CardHeader>
                    <CardContent>
                      <pre className="whitespace-pre-wrap break-words font-sans text-sm">
                        <Linkified text={email.text_body} />
                      </pre>
                    </CardContent>
                  </Card>
                </li>
              ))}
            </ol>
          )}
        </>
      )}
      <p className="text-muted-foreground text-sm">
        <a href="/" className="underline underline-offset-4">
          Back to Comptoir
        </a>
      </p>
    </main>
  );
}
