'use client';
/**
 * @module bulk-actions
 * What a member can do to several selected contacts or companies at once: add or remove a tag,
 * assign an owner, export as vCard (contacts), delete. Each action shows only when the member's
 * permissions allow it (`<entity>:update`, `<entity>:delete`, `contacts:export`).
 */
import type { BulkResultSchema } from '@comptoir/contracts/crm/common';
import {
  apiDownload,
  apiRequest,
  Button,
  ConfirmButton,
  Field,
  InlineStatus,
  Input,
  Popover,
  PopoverContent,
  PopoverTrigger,
  saveDownload,
} from '@comptoir/ui';
import { Download, Tag, Trash2, UserRound, X } from 'lucide-react';
import { type FormEvent, useState } from 'react';
import type { z } from 'zod';
import { VCARD_EXPORT_PATH } from '@/lib/endpoints';
import { useCan } from '@/lib/session';
import { MemberSelect } from './pickers';

/** The resources with bulk actions. */
export type BulkEntity = 'contacts' | 'companies';

type BulkResult = z.infer<typeof BulkResultSchema>;

/** Props of {@link BulkActions}. */
export interface BulkActionsProps {
  entity: BulkEntity;
  ids: readonly string[];
  noun: { one: string; many: string };
  /** After a change (with its outcome in words): clear the selection and reload the list. */
  onDone: (message: string) => void;
  onClear: () => void;
}

/** A toolbar for the selection (a labelled region announcing the outcome of each action). */
export function BulkActions({ entity, ids, noun, onDone, onClear }: BulkActionsProps) {
  const canUpdate = useCan(`${entity}:update`);
  const canDelete = useCan(`${entity}:delete`);
  const canExport = useCan('contacts:export') && entity === 'contacts';
  const [error, setError] = useState<string | null>(null);
  const count = `${ids.length} ${ids.length === 1 ? noun.one : noun.many}`;

  async function run(
    action: Record<string, unknown>,
    done: (affected: number) => string,
  ): Promise<string | null> {
    const result = await apiRequest<BulkResult>(`/api/crm/${entity}/bulk`, {
      method: 'POST',
      body: { ids, action },
    });
    if (!result.ok) return result.message;
    onDone(done(result.data.affected));
    return null;
  }

  async function exportVcard() {
    setError(null);
    const result = await apiDownload(VCARD_EXPORT_PATH, { method: 'POST', body: { ids } });
    if (!result.ok) setError(result.message);
    else saveDownload(result.data, 'contacts.vcf');
  }

  return (
    <section
      aria-label="Selection"
      className="flex flex-wrap items-center gap-2 rounded-lg border border-primary/30 bg-primary/5 px-3 py-2"
    >
      <p className="mr-auto font-medium text-sm">{count} selected</p>
      {canUpdate ? (
        <>
          <TagAction
            label="Add tag"
            onSubmit={(tag) =>
              run(
                { type: 'add_tags', tags: [tag] },
                (n) => `Tag “${tag}” added to ${n} ${n === 1 ? noun.one : noun.many}.`,
              )
            }
          />
          <TagAction
            label="Remove tag"
            onSubmit={(tag) =>
              run(
                { type: 'remove_tags', tags: [tag] },
                (n) => `Tag “${tag}” removed from ${n} ${n === 1 ? noun.one : noun.many}.`,
              )
            }
          />
          <AssignAction
            onSubmit={(ownerId) =>
              run(
                { type: 'assign', owner_id: ownerId },
                (n) => `Owner changed on ${n} ${n === 1 ? noun.one : noun.many}.`,
              )
            }
          />
        </>
      ) : null}
      {canExport ? (
        <Button variant="outline" size="sm" onClick={exportVcard}>
          <Download aria-hidden="true" />
          Export vCard
        </Button>
      ) : null}
      {canDelete ? (
        <ConfirmButton
          title={`Delete ${count}?`}
          description={`They go to the trash; a manager can restore them for 30 days.`}
          confirmLabel="Delete"
          pendingLabel="Deleting…"
          onConfirm={() =>
            run({ type: 'delete' }, (n) => `${n} ${n === 1 ? noun.one : noun.many} moved to the trash.`)
          }
        >
          <Trash2 aria-hidden="true" />
          Delete
        </ConfirmButton>
      ) : null}
      <Button variant="ghost" size="sm" onClick={onClear}>
        <X aria-hidden="true" />
        Clear selection
      </Button>
      <InlineStatus tone="error" message={error} onDismiss={() => setError(null)} className="basis-full" />
    </section>
  );
}

function TagAction({
  label,
  onSubmit,
}: {
  label: string;
  onSubmit: (tag: string) => Promise<string | null>;
}) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const tag = String(new FormData(event.currentTarget).get('tag') ?? '').trim();
    if (!tag) return setError('Type a tag');
    if (tag.includes(',')) return setError('Tags cannot contain commas');
    setPending(true);
    const failure = await onSubmit(tag);
    setPending(false);
    if (failure) setError(failure);
    else setOpen(false);
  }

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(undefined);
      }}
    >
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm">
          <Tag aria-hidden="true" />
          {label}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-72" aria-label={label}>
        <form onSubmit={submit} className="grid gap-3" noValidate>
          <Field label="Tag" error={error}>
            <Input name="tag" maxLength={50} autoComplete="off" autoFocus />
          </Field>
          <Button type="submit" size="sm" pending={pending}>
            {pending ? 'Saving…' : label}
          </Button>
        </form>
      </PopoverContent>
    </Popover>
  );
}

function AssignAction({ onSubmit }: { onSubmit: (ownerId: string | null) => Promise<string | null> }) {
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState<string | null>(null);
  const [error, setError] = useState<string | undefined>();
  const [pending, setPending] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setPending(true);
    const failure = await onSubmit(owner);
    setPending(false);
    if (failure) setError(failure);
    else setOpen(false);
  }

  return (
    <Popover
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        setError(undefined);
      }}
    >
      <PopoverTrigger asChild>
        <Button variant="outline" size="sm">
          <UserRound aria-hidden="true" />
          Assign owner
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-72" aria-label="Assign owner">
        <form onSubmit={submit} className="grid gap-3">
          <Field label="New owner" error={error}>
            <MemberSelect value={owner} onChange={setOwner} noneLabel="Nobody (unassign)" />
          </Field>
          <Button type="submit" size="sm" pending={pending}>
            {pending ? 'Saving…' : 'Assign'}
          </Button>
        </form>
      </PopoverContent>
    </Popover>
  );
}
