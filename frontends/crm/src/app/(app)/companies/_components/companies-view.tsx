'use client';
/**
 * @module companies-view
 * The companies table: its columns, on top of the shared list view.
 */
import type { Company } from '@comptoir/contracts/crm/companies';
import Link from 'next/link';
import { formatDate } from '@/lib/format';
import { useMemberName, useSession } from '@/lib/session';
import { RECORD_SORTS } from '@/lib/sorts';
import { type ColumnDef, RecordsView, type RecordsViewProps } from '../../_components/records-view';
import { TagList } from '../../contacts/_components/contacts-view';

const none = <span className="text-muted-foreground">—</span>;

type Props = Omit<RecordsViewProps<Company>, 'entity' | 'noun' | 'columns' | 'rowLabel' | 'sorts'>;

/** The companies list (see `RecordsView`). */
export function CompaniesView(props: Props) {
  const { tenant } = useSession();
  const memberName = useMemberName();
  const columns: ColumnDef<Company>[] = [
    {
      key: 'name',
      label: 'Name',
      fixed: true,
      defaultVisible: true,
      sort: ['name', '-name'],
      cell: (c) => (
        <span className="grid min-w-0">
          <Link
            href={`/companies/${c.id}`}
            className="truncate font-medium underline-offset-4 hover:underline"
          >
            {c.name}
          </Link>
          {c.domain ? <span className="truncate text-muted-foreground text-xs">{c.domain}</span> : null}
        </span>
      ),
    },
    { key: 'industry', label: 'Industry', defaultVisible: true, from: 'sm', cell: (c) => c.industry ?? none },
    {
      key: 'contacts',
      label: 'Contacts',
      defaultVisible: true,
      className: 'tabular-nums',
      cell: (c) => (
        <Link href={`/contacts?company=${c.id}`} className="underline-offset-4 hover:underline">
          {c.contact_count}
          <span className="sr-only"> contacts of {c.name}</span>
        </Link>
      ),
    },
    {
      key: 'email',
      label: 'Email',
      defaultVisible: false,
      from: 'md',
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
      defaultVisible: false,
      from: 'md',
      className: 'whitespace-nowrap',
      cell: (c) => c.phones[0]?.number ?? none,
    },
    { key: 'tags', label: 'Tags', defaultVisible: true, from: 'lg', cell: (c) => <TagList tags={c.tags} /> },
    { key: 'owner', label: 'Owner', defaultVisible: true, from: 'lg', cell: (c) => memberName(c.owner_id) },
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
      entity="companies"
      noun={{ one: 'company', many: 'companies' }}
      columns={columns}
      rowLabel={(c) => c.name}
      sorts={RECORD_SORTS}
      {...props}
    />
  );
}
