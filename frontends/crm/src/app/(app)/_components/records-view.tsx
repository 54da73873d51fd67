'use client';
/**
 * @module records-view
 * The contact and company lists: search (debounced, in the URL), filters, sort, column choice
 * (remembered in this browser), a selection with bulk actions, and Next/Previous pages. The page
 * (a server component) loads the rows for the URL; this component changes the URL.
 */
import {
  Badge,
  Button,
  Checkbox,
  cn,
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuTrigger,
  Field,
  InlineStatus,
  Input,
  NativeSelect,
  Popover,
  PopoverContent,
  PopoverTrigger,
  Table,
  TableBody,
  TableCaption,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@comptoir/ui';
import {
  ArrowDown,
  ArrowUp,
  ChevronLeft,
  ChevronRight,
  Columns3,
  Download,
  Filter,
  Search,
  X,
} from 'lucide-react';
import Link from 'next/link';
import { usePathname, useRouter } from 'next/navigation';
import { type FormEvent, type ReactNode, useEffect, useMemo, useRef, useState, useTransition } from 'react';
import { FILTER_KEYS, type ListParams, listSearch } from '@/lib/list-query';
import { useCan, useMemberName } from '@/lib/session';
import type { SortOption } from '@/lib/sorts';
import { BulkActions, type BulkEntity } from './bulk-actions';
import { CompanyPicker, MemberSelect } from './pickers';

/** One column of a list. */
export interface ColumnDef<T> {
  key: string;
  label: string;
  /** Shown until the member hides it. */
  defaultVisible: boolean;
  /** Always shown and not offered in the column menu (the name). */
  fixed?: boolean;
  /** Sort orders of the header: ascending, descending. */
  sort?: readonly [string, string];
  /** Hidden on narrower screens (phones show the name and the fixed columns). */
  from?: 'sm' | 'md' | 'lg';
  cell: (row: T) => ReactNode;
  className?: string;
}

/** Props of {@link RecordsView}. */
export interface RecordsViewProps<T extends { id: string }> {
  entity: BulkEntity;
  /** Singular and plural nouns: "contact", "contacts". */
  noun: { one: string; many: string };
  columns: readonly ColumnDef<T>[];
  rows: readonly T[];
  /** Accessible name of a row ("Élodie Martin"), for its checkbox. */
  rowLabel: (row: T) => string;
  params: ListParams;
  pages: { next: string | undefined; previous: string | undefined; page: number };
  sorts: readonly SortOption[];
  /** Labels of filter values the URL holds as ids (the company's name). */
  filterLabels?: { company?: string | undefined };
  /** Offer the company filter (contacts). */
  companyFilter?: boolean;
  /** URL of the CSV export of the filtered list (hidden without `contacts:export`). */
  exportHref?: string | undefined;
  /** Shown instead of the table when the page has no rows. */
  empty: ReactNode;
}

const COLUMN_STORE = (entity: string) => `comptoir.crm.columns.${entity}`;
const FROM_CLASS = { sm: 'hidden sm:table-cell', md: 'hidden md:table-cell', lg: 'hidden lg:table-cell' };
const FILTER_LABELS: Record<(typeof FILTER_KEYS)[number], string> = {
  tag: 'Tag',
  owner: 'Owner',
  company: 'Company',
  created_from: 'Created from',
  created_to: 'Created until',
  updated_from: 'Updated from',
  updated_to: 'Updated until',
};

/** The list with its toolbar, selection and pages. */
export function RecordsView<T extends { id: string }>({
  entity,
  noun,
  columns,
  rows,
  rowLabel,
  params,
  pages,
  sorts,
  filterLabels,
  companyFilter = false,
  exportHref,
  empty,
}: RecordsViewProps<T>) {
  const router = useRouter();
  const pathname = usePathname();
  const [navigating, startTransition] = useTransition();
  const canExport = useCan('contacts:export');
  const canUpdate = useCan(`${entity}:update`);
  const canDelete = useCan(`${entity}:delete`);
  // Rows are selectable only when the member may do something with a selection.
  const selectable = canUpdate || canDelete || (entity === 'contacts' && canExport);
  const memberName = useMemberName();

  const navigate = (next: Partial<ListParams>) => {
    const merged = { ...params, ...next };
    startTransition(() => router.replace(`${pathname}${listSearch(merged)}`, { scroll: false }));
  };

  // Search: debounced, and only the member's own typing is sent (the URL may lag behind it).
  const [text, setText] = useState(params.q);
  const sent = useRef(params.q);
  useEffect(() => {
    if (params.q !== sent.current) {
      sent.current = params.q;
      setText(params.q);
    }
  }, [params.q]);
  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => {
      sent.current = text;
      const sort = !text && params.sort === 'relevance' ? '' : params.sort;
      startTransition(() =>
        router.replace(`${pathname}${listSearch({ ...params, q: text, sort })}`, { scroll: false }),
      );
    }, 300);
    return () => clearTimeout(timer);
  }, [text, params, pathname, router]);

  // Columns: the member's choice, remembered in this browser.
  const [hidden, setHidden] = useState<ReadonlySet<string>>(
    () => new Set(columns.filter((c) => !c.defaultVisible).map((c) => c.key)),
  );
  useEffect(() => {
    try {
      const stored = window.localStorage.getItem(COLUMN_STORE(entity));
      if (stored) setHidden(new Set(JSON.parse(stored) as string[]));
    } catch {}
  }, [entity]);
  const toggleColumn = (key: string, visible: boolean) => {
    const next = new Set(hidden);
    if (visible) next.delete(key);
    else next.add(key);
    setHidden(next);
    try {
      window.localStorage.setItem(COLUMN_STORE(entity), JSON.stringify([...next]));
    } catch {}
  };
  const shown = columns.filter((c) => c.fixed || !hidden.has(c.key));

  // Selection: ids of this page; cleared when the page changes.
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [status, setStatus] = useState<string | null>(null);
  const pageKey = rows.map((r) => r.id).join(',');
  useEffect(() => setSelected(new Set()), [pageKey]);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.id));
  const someSelected = rows.some((r) => selected.has(r.id));
  const selectAllRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (selectAllRef.current) selectAllRef.current.indeterminate = someSelected && !allSelected;
  }, [someSelected, allSelected]);

  const activeFilters = FILTER_KEYS.filter((k) => params[k]);
  const describeFilter = (key: (typeof FILTER_KEYS)[number]) => {
    const value = params[key];
    if (key === 'owner') return memberName(value);
    if (key === 'company') return filterLabels?.company ?? 'Selected company';
    return value;
  };

  const headerSort = (column: ColumnDef<T>) => {
    if (!column.sort) return column.label;
    const [asc, desc] = column.sort;
    const current = params.sort === asc ? 'ascending' : params.sort === desc ? 'descending' : undefined;
    return (
      <button
        type="button"
        className="-mx-1 inline-flex items-center gap-1 rounded px-1 hover:text-foreground"
        onClick={() => navigate({ sort: current === 'ascending' ? desc : asc })}
      >
        {column.label}
        {current === 'ascending' ? <ArrowUp aria-hidden="true" className="size-3.5" /> : null}
        {current === 'descending' ? <ArrowDown aria-hidden="true" className="size-3.5" /> : null}
        <span className="sr-only">
          {current ? `, sorted ${current}. Change the order` : ', sort by this column'}
        </span>
      </button>
    );
  };

  const sortOptions = sorts.filter((s) => s.value !== 'relevance' || params.q);
  const selectedIds = rows.filter((r) => selected.has(r.id)).map((r) => r.id);

  return (
    <div className="grid grid-cols-1 gap-4">
      <div className="flex flex-wrap items-center gap-2">
        <div className="relative min-w-0 flex-1 basis-56">
          <Search
            aria-hidden="true"
            className="pointer-events-none absolute top-1/2 left-3 size-4 -translate-y-1/2 text-muted-foreground"
          />
          <Input
            type="search"
            aria-label={`Search ${noun.many}`}
            placeholder={`Search ${noun.many}…`}
            value={text}
            onChange={(event) => setText(event.target.value)}
            className="pl-9"
            maxLength={200}
          />
        </div>
        <FiltersPopover
          params={params}
          companyFilter={companyFilter}
          companyLabel={filterLabels?.company}
          active={activeFilters.length}
          onApply={(filters) => navigate(filters)}
        />
        <NativeSelect
          aria-label="Sort by"
          className="h-10 w-auto"
          value={sortOptions.some((s) => s.value === params.sort) ? params.sort : ''}
          onChange={(event) => navigate({ sort: event.target.value })}
        >
          <option value="">{params.q ? 'Best match' : 'Newest first'}</option>
          {sortOptions.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </NativeSelect>
        <DropdownMenu>
          <DropdownMenuTrigger asChild>
            <Button variant="outline" aria-label="Choose columns">
              <Columns3 aria-hidden="true" />
              <span className="hidden lg:inline">Columns</span>
            </Button>
          </DropdownMenuTrigger>
          <DropdownMenuContent>
            <DropdownMenuLabel>Columns shown</DropdownMenuLabel>
            {columns
              .filter((c) => !c.fixed)
              .map((c) => (
                <DropdownMenuCheckboxItem
                  key={c.key}
                  checked={!hidden.has(c.key)}
                  onCheckedChange={(checked) => toggleColumn(c.key, checked === true)}
                  onSelect={(event) => event.preventDefault()}
                >
                  {c.label}
                </DropdownMenuCheckboxItem>
              ))}
          </DropdownMenuContent>
        </DropdownMenu>
        {exportHref && canExport ? (
          <Button variant="outline" asChild>
            <a href={exportHref} download>
              <Download aria-hidden="true" />
              Export CSV
            </a>
          </Button>
        ) : null}
      </div>

      {activeFilters.length > 0 ? (
        <ul aria-label="Active filters" className="flex flex-wrap items-center gap-2">
          {activeFilters.map((key) => (
            <li key={key}>
              <Badge variant="secondary" className="gap-1 py-1 pr-1 pl-2.5 text-xs">
                {FILTER_LABELS[key]}: {describeFilter(key)}
                <button
                  type="button"
                  className="rounded-full p-0.5 hover:bg-background/60"
                  aria-label={`Remove filter ${FILTER_LABELS[key]}`}
                  onClick={() => navigate({ [key]: '' })}
                >
                  <X aria-hidden="true" className="size-3" />
                </button>
              </Badge>
            </li>
          ))}
          <li>
            <Button
              variant="link"
              size="sm"
              onClick={() => navigate(Object.fromEntries(FILTER_KEYS.map((k) => [k, ''])))}
            >
              Clear filters
            </Button>
          </li>
        </ul>
      ) : null}

      {selectedIds.length > 0 ? (
        <BulkActions
          entity={entity}
          ids={selectedIds}
          noun={noun}
          onDone={(message) => {
            setSelected(new Set());
            setStatus(message);
            startTransition(() => router.refresh());
          }}
          onClear={() => setSelected(new Set())}
        />
      ) : null}

      <InlineStatus
        message={status}
        onDismiss={() => setStatus(null)}
        className="fixed right-4 bottom-4 z-40 max-w-[calc(100vw-2rem)]"
      />

      {rows.length === 0 ? (
        empty
      ) : (
        <div
          className={cn('rounded-xl border bg-card transition-opacity', navigating && 'opacity-60')}
          aria-busy={navigating || undefined}
        >
          <Table>
            <TableCaption className="sr-only">
              {noun.many[0]?.toUpperCase()}
              {noun.many.slice(1)}, page {pages.page}
            </TableCaption>
            <TableHeader>
              <TableRow className="hover:bg-transparent">
                {selectable ? (
                  <TableHead className="w-10">
                    <Checkbox
                      ref={selectAllRef}
                      aria-label={`Select every ${noun.one} of this page`}
                      checked={allSelected}
                      onChange={(event) =>
                        setSelected(event.target.checked ? new Set(rows.map((r) => r.id)) : new Set())
                      }
                    />
                  </TableHead>
                ) : null}
                {shown.map((column) => {
                  const [asc, desc] = column.sort ?? [];
                  const ariaSort =
                    column.sort && params.sort === asc
                      ? 'ascending'
                      : column.sort && params.sort === desc
                        ? 'descending'
                        : undefined;
                  return (
                    <TableHead
                      key={column.key}
                      aria-sort={ariaSort}
                      className={cn(column.from ? FROM_CLASS[column.from] : null, column.className)}
                    >
                      {headerSort(column)}
                    </TableHead>
                  );
                })}
              </TableRow>
            </TableHeader>
            <TableBody>
              {rows.map((row) => (
                <TableRow key={row.id} data-state={selected.has(row.id) ? 'selected' : undefined}>
                  {selectable ? (
                    <TableCell className="w-10">
                      <Checkbox
                        aria-label={`Select ${rowLabel(row)}`}
                        checked={selected.has(row.id)}
                        onChange={(event) => {
                          const next = new Set(selected);
                          if (event.target.checked) next.add(row.id);
                          else next.delete(row.id);
                          setSelected(next);
                        }}
                      />
                    </TableCell>
                  ) : null}
                  {shown.map((column) => (
                    <TableCell
                      key={column.key}
                      className={cn(column.from ? FROM_CLASS[column.from] : null, column.className)}
                    >
                      {column.cell(row)}
                    </TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}

      {pages.previous || pages.next ? (
        <nav aria-label={`Pages of ${noun.many}`} className="flex items-center justify-between gap-2">
          {pages.previous ? (
            <Button variant="outline" asChild>
              <Link href={pages.previous} scroll={false}>
                <ChevronLeft aria-hidden="true" />
                Previous
              </Link>
            </Button>
          ) : (
            <span />
          )}
          <span className="text-muted-foreground text-sm">Page {pages.page}</span>
          {pages.next ? (
            <Button variant="outline" asChild>
              <Link href={pages.next} scroll={false}>
                Next
                <ChevronRight aria-hidden="true" />
              </Link>
            </Button>
          ) : (
            <span />
          )}
        </nav>
      ) : null}
    </div>
  );
}

/** The filters panel: tag, owner, company, created and updated ranges. */
function FiltersPopover({
  params,
  companyFilter,
  companyLabel,
  active,
  onApply,
}: {
  params: ListParams;
  companyFilter: boolean;
  companyLabel: string | undefined;
  active: number;
  onApply: (filters: Partial<ListParams>) => void;
}) {
  const [open, setOpen] = useState(false);
  const [owner, setOwner] = useState<string | null>(params.owner || null);
  const [company, setCompany] = useState(
    params.company ? { value: params.company, label: companyLabel ?? 'Selected company' } : null,
  );
  const initial = useMemo(
    () => ({ owner: params.owner, company: params.company, companyLabel }),
    [params.owner, params.company, companyLabel],
  );
  useEffect(() => {
    if (!open) {
      setOwner(initial.owner || null);
      setCompany(
        initial.company
          ? { value: initial.company, label: initial.companyLabel ?? 'Selected company' }
          : null,
      );
    }
  }, [open, initial]);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const text = (key: string) => String(data.get(key) ?? '').trim();
    onApply({
      tag: text('tag'),
      owner: owner ?? '',
      company: companyFilter ? (company?.value ?? '') : '',
      created_from: text('created_from'),
      created_to: text('created_to'),
      updated_from: text('updated_from'),
      updated_to: text('updated_to'),
    });
    setOpen(false);
  }

  return (
    <Popover open={open} onOpenChange={setOpen}>
      <PopoverTrigger asChild>
        <Button variant="outline" aria-label={active ? `Filters (${active} active)` : 'Filters'}>
          <Filter aria-hidden="true" />
          <span className="hidden sm:inline">Filters</span>
          {active ? (
            <Badge variant="default" className="px-1.5">
              {active}
            </Badge>
          ) : null}
        </Button>
      </PopoverTrigger>
      <PopoverContent className="w-[22rem]" aria-label="Filters">
        <form onSubmit={submit} className="grid gap-3">
          <Field label="Tag">
            <Input name="tag" defaultValue={params.tag} maxLength={50} autoComplete="off" />
          </Field>
          <Field label="Owner">
            <MemberSelect value={owner} onChange={setOwner} noneLabel="Anyone" />
          </Field>
          {companyFilter ? (
            <Field label="Company">
              <CompanyPicker value={company} onChange={setCompany} />
            </Field>
          ) : null}
          <div className="grid grid-cols-2 gap-2">
            <Field label="Created from">
              <Input type="date" name="created_from" defaultValue={params.created_from} />
            </Field>
            <Field label="Created until">
              <Input type="date" name="created_to" defaultValue={params.created_to} />
            </Field>
            <Field label="Updated from">
              <Input type="date" name="updated_from" defaultValue={params.updated_from} />
            </Field>
            <Field label="Updated until">
              <Input type="date" name="updated_to" defaultValue={params.updated_to} />
            </Field>
          </div>
          <div className="flex justify-end gap-2 pt-1">
            <Button variant="ghost" onClick={() => setOpen(false)}>
              Cancel
            </Button>
            <Button type="submit">Apply filters</Button>
          </div>
        </form>
      </PopoverContent>
    </Popover>
  );
}
