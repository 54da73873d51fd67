-- CRM imports: uploaded contact files (CSV, vCard) kept in the database in chunks of about 1 MiB
-- so that no step ever holds a whole file in memory, the import's detection, mapping, options,
-- progress and counts, and the rows it did not write as given (rejected, skipped, or imported
-- with a warning), each with its reasons and the raw row.
--
-- Imports belong to the tenant's staff (the API requires contacts:import); CLIENT members see none.
-- Cross-references are composite foreign keys (tenant_id, …), as in crm_core.

-- Imports ----------------------------------------------------------------------------------------
create table crm.imports (
  id uuid primary key default gen_random_uuid(),
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  format text not null check (format in ('csv', 'vcard')),
  filename text check (filename is null or length(filename) <= 255),
  content_type text check (content_type is null or length(content_type) <= 255),
  -- The file: its size in bytes and the number of rows of crm.import_chunks holding it.
  size_bytes bigint not null check (size_bytes > 0),
  chunk_count integer not null default 0 check (chunk_count >= 0),
  -- ready: uploaded and analysed, mapping editable; queued → running → completed | failed;
  -- cancelled by a person at any point before completion.
  status text not null default 'ready'
    check (status in ('ready', 'queued', 'running', 'completed', 'failed', 'cancelled')),
  -- Detection (a person may correct it before the run): WHATWG encoding label, CSV delimiter, header.
  encoding text not null check (length(encoding) between 1 and 40),
  delimiter text check (delimiter is null or delimiter in (',', ';', E'\t', '|')),
  has_header boolean,
  -- Column names (CSV: from the header row, or "Column N") and the first rows, for the mapping UI.
  columns jsonb not null default '[]' check (jsonb_typeof(columns) = 'array'),
  sample jsonb not null default '[]' check (jsonb_typeof(sample) = 'array'),
  -- Which export the header looks like (google, outlook, hubspot, …), when recognised.
  detected_source text check (detected_source is null or length(detected_source) <= 40),
  mapping jsonb not null default '[]' check (jsonb_typeof(mapping) = 'array'),
  options jsonb not null default '{}' check (jsonb_typeof(options) = 'object'),
  -- Progress and outcome. total_rows is null until the job (or a dry run) has counted them.
  total_rows integer check (total_rows is null or total_rows >= 0),
  rows_done integer not null default 0 check (rows_done >= 0),
  created_count integer not null default 0 check (created_count >= 0),
  updated_count integer not null default 0 check (updated_count >= 0),
  skipped_count integer not null default 0 check (skipped_count >= 0),
  rejected_count integer not null default 0 check (rejected_count >= 0),
  warning_count integer not null default 0 check (warning_count >= 0),
  companies_created integer not null default 0 check (companies_created >= 0),
  -- What the file held that no contact field takes, counted by name (vCard properties such as
  -- PHOTO, BDAY or URL), so that nothing is left out without saying so.
  ignored jsonb not null default '{}' check (jsonb_typeof(ignored) = 'object'),
  error text check (error is null or length(error) <= 2000),
  -- The job run owning the import (one at a time; a run whose heartbeat is stale can be taken over).
  worker_token uuid,
  heartbeat_at timestamptz,
  created_by uuid,
  queued_at timestamptz,
  started_at timestamptz,
  finished_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (tenant_id, id),
  foreign key (tenant_id, created_by) references platform.memberships (tenant_id, user_id) on delete set null (created_by)
);
create index imports_tenant_id_created_at_idx on crm.imports (tenant_id, created_at desc, id desc);
create index imports_tenant_id_status_idx on crm.imports (tenant_id, status) where status in ('queued', 'running');

-- The uploaded file, in order: chunk `seq` holds bytes [seq × chunk size, …). Bytes as uploaded,
-- never decoded: the encoding is applied while reading.
create table crm.import_chunks (
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  import_id uuid not null,
  seq integer not null check (seq >= 0),
  data bytea not null check (octet_length(data) between 1 and 4194304),
  primary key (tenant_id, import_id, seq),
  foreign key (tenant_id, import_id) references crm.imports (tenant_id, id) on delete cascade
);

-- Rows an import (or its dry run's last pass) did not write as given. `raw` is the row as read:
-- an array of cells for CSV, the card's text (binary properties left out) for vCard.
create table crm.import_rejections (
  id bigint generated always as identity primary key,
  tenant_id uuid not null default private.current_tenant_id()
    references platform.tenants (id) on delete cascade,
  import_id uuid not null,
  -- 1-based number of the data row (CSV record after the header, or vCard card) and its first line.
  row_number integer not null check (row_number >= 1),
  line integer check (line is null or line >= 1),
  outcome text not null check (outcome in ('rejected', 'skipped', 'warning')),
  reasons text[] not null check (cardinality(reasons) between 1 and 50),
  raw jsonb not null,
  -- The contact written despite a warning (null for rejected and skipped rows).
  contact_id uuid,
  created_at timestamptz not null default now(),
  foreign key (tenant_id, import_id) references crm.imports (tenant_id, id) on delete cascade
);
create index import_rejections_tenant_id_import_id_idx
  on crm.import_rejections (tenant_id, import_id, row_number, id);

create trigger imports_touch_updated_at before update on crm.imports
  for each row execute function private.touch_updated_at();
-- Audited: creation, deletion and the changes a person makes (status, mapping, options), not the
-- progress counters a job updates after every batch. Chunks and rejections are derived data.
create trigger imports_audit after insert or delete or update of status, mapping, options, encoding, delimiter, has_header
  on crm.imports
  for each row execute function private.record_audit('tenant_id');

-- Row Level Security -----------------------------------------------------------------------------
alter table crm.imports enable row level security;
alter table crm.imports force row level security;
alter table crm.import_chunks enable row level security;
alter table crm.import_chunks force row level security;
alter table crm.import_rejections enable row level security;
alter table crm.import_rejections force row level security;

create policy "staff read imports of their tenant" on crm.imports
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff create imports in their tenant" on crm.imports
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update imports of their tenant" on crm.imports
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete imports of their tenant" on crm.imports
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

create policy "staff read import files of their tenant" on crm.import_chunks
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff upload import files in their tenant" on crm.import_chunks
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update import files of their tenant" on crm.import_chunks
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete import files of their tenant" on crm.import_chunks
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

create policy "staff read import rejections of their tenant" on crm.import_rejections
  for select to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff record import rejections in their tenant" on crm.import_rejections
  for insert to authenticated with check (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );
create policy "staff update import rejections of their tenant" on crm.import_rejections
  for update to authenticated
  using (tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT')
  with check (tenant_id = (select private.current_tenant_id()));
create policy "staff delete import rejections of their tenant" on crm.import_rejections
  for delete to authenticated using (
    tenant_id = (select private.current_tenant_id()) and (select private.current_tenant_role()) <> 'CLIENT'
  );

-- Grants -----------------------------------------------------------------------------------------
grant select, insert, update, delete on crm.imports, crm.import_chunks, crm.import_rejections
  to crm_authenticated;
