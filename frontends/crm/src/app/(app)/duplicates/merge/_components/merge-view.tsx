'use client';
/**
 * @module merge-view
 * Two contacts side by side: which one stays (the other goes to the trash), which value wins for
 * each single field (`prefer_duplicate`), and what is united (e-mails, phones, addresses, tags,
 * and the activities, deals, tasks and shares, which move to the contact that stays). Merging is
 * `POST /contacts/{kept}/merge`.
 */
import type { Contact, ContactMerge } from '@comptoir/contracts/crm/contacts';
import { Alert, apiRequest, Button, Card, CardContent, CardHeader, CardTitle, cn } from '@comptoir/ui';
import { GitMerge } from 'lucide-react';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { formatDate, personName } from '@/lib/format';
import { useMemberName, useSession } from '@/lib/session';

type Side = 'a' | 'b';
type MergeField = ContactMerge['prefer_duplicate'][number];

const FIELDS: { key: MergeField; label: string }[] = [
  { key: 'first_name', label: 'First name' },
  { key: 'last_name', label: 'Last name' },
  { key: 'job_title', label: 'Job title' },
  { key: 'company_id', label: 'Company' },
  { key: 'owner_id', label: 'Owner' },
  { key: 'source', label: 'Source' },
  { key: 'notes', label: 'Notes' },
];

/** The comparison and the merge button. */
export function MergeView({ a, b }: { a: Contact; b: Contact }) {
  const router = useRouter();
  const { tenant } = useSession();
  const memberName = useMemberName();
  const [keep, setKeep] = useState<Side>('a');
  const fieldText = (c: Contact, field: MergeField): string => {
    switch (field) {
      case 'company_id':
        return c.company?.name ?? '';
      case 'owner_id':
        return c.owner_id ? memberName(c.owner_id) : '';
      default:
        return (c[field] as string | null) ?? '';
    }
  };
  const [winners, setWinners] = useState<Record<MergeField, Side>>(
    () =>
      Object.fromEntries(
        FIELDS.map(({ key }) => [key, fieldText(a, key) === '' && fieldText(b, key) !== '' ? 'b' : 'a']),
      ) as Record<MergeField, Side>,
  );
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);
  const contacts = { a, b };
  const kept = contacts[keep];
  const removed = contacts[keep === 'a' ? 'b' : 'a'];
  const differing = FIELDS.filter(({ key }) => fieldText(a, key) !== fieldText(b, key));

  async function merge() {
    setPending(true);
    setError(null);
    const prefer = differing.filter(({ key }) => winners[key] !== keep).map(({ key }) => key);
    const result = await apiRequest<Contact>(`/api/crm/contacts/${kept.id}/merge`, {
      method: 'POST',
      body: { duplicate_id: removed.id, prefer_duplicate: prefer },
    });
    setPending(false);
    if (!result.ok) return setError(result.message);
    router.push(`/contacts/${kept.id}?merged=1`);
    router.refresh();
  }

  const union = (pick: (c: Contact) => string[]) => [...new Set([...pick(a), ...pick(b)])];
  const emails = union((c) => c.emails.map((e) => e.address));
  const phones = union((c) => c.phones.map((p) => p.e164 ?? p.number));
  const tags = union((c) => c.tags);

  return (
    <div className="grid gap-6">
      <fieldset className="grid gap-3">
        <legend className="mb-2 font-semibold text-lg">Which contact stays?</legend>
        <div className="grid gap-3 sm:grid-cols-2">
          {(['a', 'b'] as const).map((side) => {
            const c = contacts[side];
            return (
              <label
                key={side}
                className={cn(
                  'grid cursor-pointer gap-1 rounded-xl border bg-card p-4 has-[:checked]:border-primary has-[:checked]:ring-2 has-[:checked]:ring-primary/30 has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-ring',
                )}
              >
                <span className="flex items-center gap-2">
                  <input
                    type="radio"
                    name="keep"
                    value={side}
                    checked={keep === side}
                    onChange={() => setKeep(side)}
                    className="size-4 accent-primary"
                  />
                  <span className="font-medium">Keep {personName(c)}</span>
                </span>
                <span className="text-muted-foreground text-xs">
                  Added {formatDate(c.created_at, tenant)} · {c.emails[0]?.address ?? 'no e-mail'}
                </span>
              </label>
            );
          })}
        </div>
        <p className="text-muted-foreground text-sm">
          {personName(removed)} goes to the trash; its activities, deals, tasks and shares move to{' '}
          {personName(kept)}.
        </p>
      </fieldset>

      <Card>
        <CardHeader>
          <CardTitle>Fields that differ</CardTitle>
        </CardHeader>
        <CardContent className="grid gap-4">
          {differing.length === 0 ? (
            <p className="text-muted-foreground text-sm">
              Both contacts have the same names, company, owner and notes.
            </p>
          ) : (
            differing.map(({ key, label }) => (
              <div
                key={key}
                role="radiogroup"
                aria-labelledby={`merge-${key}`}
                className="grid gap-2 sm:grid-cols-[9rem_1fr_1fr] sm:items-center"
              >
                <span id={`merge-${key}`} className="font-medium text-sm">
                  {label}
                </span>
                {(['a', 'b'] as const).map((side) => {
                  const value = fieldText(contacts[side], key);
                  return (
                    <label
                      key={side}
                      className="flex min-w-0 cursor-pointer items-start gap-2 rounded-lg border p-2.5 text-sm has-[:checked]:border-primary has-[:checked]:bg-primary/5"
                    >
                      <input
                        type="radio"
                        name={`field-${key}`}
                        checked={winners[key] === side}
                        onChange={() => setWinners({ ...winners, [key]: side })}
                        className="mt-0.5 size-4 shrink-0 accent-primary"
                        aria-label={`${label}: keep ${value ? `“${value}”` : 'empty'} (from ${personName(contacts[side])})`}
                      />
                      <span
                        className={cn(
                          'min-w-0 whitespace-pre-wrap break-words',
                          !value && 'text-muted-foreground',
                        )}
                      >
                        {value || 'Empty'}
                      </span>
                    </label>
                  );
                })}
              </div>
            ))
          )}
        </CardContent>
      </Card>

      <Card>
        <CardHeader>
          <CardTitle>Kept from both</CardTitle>
        </CardHeader>
        <CardContent>
          <dl className="grid gap-3 text-sm sm:grid-cols-3">
            <div>
              <dt className="text-muted-foreground text-xs">Emails</dt>
              <dd>{emails.length ? emails.join(', ') : '—'}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground text-xs">Phones</dt>
              <dd>{phones.length ? phones.join(', ') : '—'}</dd>
            </div>
            <div>
              <dt className="text-muted-foreground text-xs">Tags</dt>
              <dd>{tags.length ? tags.join(', ') : '—'}</dd>
            </div>
          </dl>
        </CardContent>
      </Card>

      {error ? <Alert variant="error">{error}</Alert> : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <Button variant="outline" onClick={() => router.push('/duplicates')}>
          Cancel
        </Button>
        <Button onClick={merge} pending={pending}>
          <GitMerge aria-hidden="true" />
          {pending ? 'Merging…' : 'Merge contacts'}
        </Button>
      </div>
    </div>
  );
}
