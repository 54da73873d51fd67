'use client';
/**
 * @module contacts-view
 * The contacts table: its columns, on top of the shared list view.
 */
import type { Contact } from '@comptoir/contracts/crm/contacts';
import { Badge } from '@comptoir/ui';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { formatDate, personName } from '@/lib/format';
import { useMemberName, useSession } from '@/lib/session';
import { RECORD_SORTS } from '@/lib/sorts';
import { type ColumnDef, RecordsView, type RecordsViewProps } from '../../_components/records-view';

const none = <span className="text-muted-foreground">—</span>;

/** Tags as small badges (three at most, then "+n"). */
export function TagList({ tags }: { tags: readonly string[] }): ReactNode {
  if (tags.length === 0) return none;
  return (
    <span className="flex flex-wrap gap-1">
      {tags.slice(0, 3).map((t) => (
        <Badge key={t} variant="secondary">
          {t}
        </Badge>
      ))}
      {tags.length > 3 ? <Badge variant="outline">+{tags.length - 3}</Badge> : null}
    </span>
  );
}

type Props = Omit<RecordsViewProps<Contact>, 'entity' | 'noun' | 'columns' | 'rowLabel' | 'sorts'>;

/** The contacts list (see `RecordsView`). */
export function ContactsView(props: Props) {
  const { tenant } = useSession();
  const memberName = useMemberName();
  const columns: ColumnDef<Contact>[] = [
    {
      key: 'name',
      label: 'Name',
      fixed: true,
      defaultVisible: true,
      sort: ['name', '-name'],
      cell: (c) => (
        <span className="grid min-w-0">
          <Link
            href={`/contacts/${c.id}`}
            className="truncate font-medium underline-offset-4 hover:underline"
          >
            {personName(c)}
          </Link>
          {c.job_title ? <span className="truncate text-muted-foreground text-xs">{c.job_title}</span> : null}
        </span>
      ),
    },
    {
      key: 'email',
      label: 'Email',
      defaultVisible: true,
      className: 'max-w-[16rem] truncate',
      cell: (c) =>
        c.emails[0] ? (
          <a href={`mailto:${c.emails[0].address}`} className="underline-offset-4 hover:underline">
            {c.emails[0].address}
          </a>
        ) : (
          none
        ),
    },
    {
      key: 'phone',
      label: 'Phone',
      defaultVisible: true,
      from: 'md',
      className: 'whitespace-nowrap',
      cell: (c) =>
        c.phones[0] ? (
          <a
            href={`tel:${c.phones[0].e164 ?? c.phones[0].number}`}
            className="underline-offset-4 hover:underline"
          >
            {c.phones[0].number}
          </a>
        ) : (
          none
        ),
    },
    {
      key: 'company',
      label: 'Company',
      defaultVisible: true,
      from: 'lg',
      cell: (c) =>
        c.company ? (
          <Link href={`/companies/${c.company.id}`} className="underline-offset-4 hover:underline">
            {c.company.name}
          </Link>
        ) : (
          none
        ),
    },
    { key: 'tags', label: 'Tags', defaultVisible: true, from: 'lg', cell: (c) => <TagList tags={c.tags} /> },
    { key: 'owner', label: 'Owner', defaultVisible: false, from: 'lg', cell: (c) => memberName(c.owner_id) },
    { key: 'source', label: 'Source', defaultVisible: false, from: 'lg', cell: (c) => c.source ?? none },
    {
      key: 'created',
      label: 'Added',
      defaultVisible: true,
      from: 'md',
      sort: ['created_at', '-created_at'],
      className: 'whitespace-nowrap text-muted-foreground',
      cell: (c) => <time dateTime={c.created_at}>{formatDate(c.created_at, tenant)}</time>,
    },
    {
      key: 'updated',
      label: 'Updated',
      defaultVisible: false,
      from: 'md',
      sort: ['updated_at', '-updated_at'],
      className: 'whitespace-nowrap text-muted-foreground',
      cell: (c) => <time dateTime={c.updated_at}>{formatDate(c.updated_at, tenant)}</time>,
    },
  ];
  return (
    <RecordsView
      entity="contacts"
      noun={{ one: 'contact', many: 'contacts' }}
      columns={columns}
      rowLabel={personName}
      sorts={RECORD_SORTS}
      companyFilter
      {...props}
    />
  );
}
