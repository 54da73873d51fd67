'use client';
/**
 * @module issue-dialog
 * The confirmation before issuing a draft ("An issued invoice can no longer be changed") or
 * sending a quote (the same step: numbered, then frozen), with its issue date (today in the
 * tenant's time zone by default) and, when the API refuses, every reason in plain words with a
 * link to where it is fixed.
 */
import {
  Alert,
  Button,
  Dialog,
  DialogClose,
  DialogContent,
  DialogDescription,
  DialogFooter,
  DialogHeader,
  DialogTitle,
  Field,
  Input,
} from '@comptoir/ui';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import { todayIn } from '@/lib/dates';
import type { IssueProblem } from '@/lib/issue-problems';
import { useSession } from '@/lib/session';

/** Why an issue failed: a message and its reasons. */
export interface IssueFailure {
  message: string;
  problems: IssueProblem[];
}

/** Props of {@link IssueDialog}. */
export interface IssueDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** Issues the draft on that date (`YYYY-MM-DD`); resolves to null once issued. */
  onIssue: (issueDate: string) => Promise<IssueFailure | null>;
  /** Wording for another document (a quote is sent the same way); invoice wording by default. */
  text?: {
    title: string;
    description: string;
    confirmLabel: string;
    pendingLabel: string;
    dateHint: string;
  };
}

const INVOICE_TEXT = {
  title: 'Issue this invoice?',
  description:
    'An issued invoice can no longer be changed. It gets the next number of its series, and correcting it later takes a credit note.',
  confirmLabel: 'Issue invoice',
  pendingLabel: 'Issuing…',
  dateHint: 'Numbers follow dates: no earlier than the last issued invoice.',
};

/** The controlled `alertdialog`; stays open and lists the reasons when the issue is refused. */
export function IssueDialog({ open, onOpenChange, onIssue, text = INVOICE_TEXT }: IssueDialogProps) {
  const { tenant } = useSession();
  const today = todayIn(tenant.time_zone);
  const [issueDate, setIssueDate] = useState(today);
  const [pending, setPending] = useState(false);
  const [failure, setFailure] = useState<IssueFailure | null>(null);

  useEffect(() => {
    if (open) {
      setFailure(null);
      setIssueDate(todayIn(tenant.time_zone));
    }
  }, [open, tenant.time_zone]);

  return (
    <Dialog open={open} onOpenChange={(next) => (pending ? undefined : onOpenChange(next))}>
      <DialogContent role="alertdialog">
        <DialogHeader>
          <DialogTitle>{text.title}</DialogTitle>
          <DialogDescription>{text.description}</DialogDescription>
        </DialogHeader>
        <Field label="Issue date" hint={text.dateHint}>
          <Input type="date" value={issueDate} max={today} onChange={(e) => setIssueDate(e.target.value)} />
        </Field>
        {failure ? (
          <Alert variant="error" title={failure.message}>
            {failure.problems.length > 0 ? (
              <ul className="list-disc space-y-1 pl-4">
                {failure.problems.map((p) => (
                  <li key={`${p.detail}${p.href ?? ''}`}>
                    {p.detail}
                    {p.href ? (
                      <>
                        {' '}
                        <Link href={p.href}>{p.linkLabel}</Link>
                      </>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </Alert>
        ) : null}
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={pending}>
              Cancel
            </Button>
          </DialogClose>
          <Button
            pending={pending}
            onClick={async () => {
              setPending(true);
              setFailure(null);
              const result = await onIssue(issueDate || today);
              setPending(false);
              if (result) setFailure(result);
              else onOpenChange(false);
            }}
          >
            {pending ? text.pendingLabel : text.confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
