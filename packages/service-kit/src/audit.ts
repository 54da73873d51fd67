/**
 * @module audit
 * Audit rows for domain actions that are not a plain row change (a merge, an export, a sign-in
 * as someone). Plain creates, updates, soft deletes, restores and purges are audited by the
 * `private.record_audit` trigger of each audited table, in the same transaction.
 */
import type pg from 'pg';

interface Queryable {
  query(sql: string, parameters?: readonly unknown[]): Promise<pg.QueryResult>;
}

/** A domain action to record; actor, tenant and request id come from the request's claims. */
export interface AuditEntry {
  /** Verb, e.g. 'merge'. */
  action: string;
  /** Schema-qualified table of the entity, e.g. 'crm.contacts'. */
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** Appends one audit row in the current request's transaction. */
export async function recordAudit(db: Queryable, entry: AuditEntry): Promise<void> {
  await db.query(
    `insert into platform.audit_log (actor_id, actor_type, api_key_id, action, entity_type, entity_id, before, after, request_id)
     select nullif(c ->> 'sub', '')::uuid,
            case when c -> 'app_metadata' ->> 'api_key_id' is not null then 'api_key' else 'user' end,
            nullif(c -> 'app_metadata' ->> 'api_key_id', '')::uuid,
            $1, $2, $3, $4, $5, nullif(current_setting('request.id', true), '')
     from (select auth.jwt() as c) claims`,
    [
      entry.action,
      entry.entityType,
      entry.entityId,
      entry.before === undefined ? null : JSON.stringify(entry.before),
      entry.after === undefined ? null : JSON.stringify(entry.after),
    ],
  );
}
