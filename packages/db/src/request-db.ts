/**
 * @module request-db
 * The per-request database handle: every query a request makes runs as the service's request
 * role (`<service>_authenticated`, a member of `authenticated`) with the caller's verified JWT
 * claims in `request.jwt.claims`, exactly what PostgREST sets, so Row Level Security decides
 * what the request can see and change.
 *
 * Few round trips, by design (a naive BEGIN / set_config / set_config / query / COMMIT costs five
 * round trips per request and measured 0.4–0.7 of the throughput without RLS):
 *
 * - **read mode** (GET/HEAD): no explicit transaction. Each query travels in one simple-protocol
 *   message `select from (select set_config(claims), set_config(role)); <query>`; PostgreSQL runs a
 *   multi-statement message as one implicit transaction, so the `is_local` settings cover the
 *   query and vanish after it. One round trip per query, none to begin or commit. Under READ
 *   COMMITTED each statement of a transaction takes its own snapshot anyway, so separate implicit
 *   transactions see exactly what one explicit transaction would.
 * - **write mode** (other methods): the first query travels as `begin; <setup>; <query>`, later
 *   queries use the extended protocol on the same connection, and `finish('commit')` commits.
 *   One round trip more than the queries themselves.
 *
 * Nothing is sent, and no connection taken, until the handler's first query. Parameters of the
 * queries sent in simple protocol are inlined as literals by {@link inlineParameters}.
 *
 * **Plans are cached** per connection for read statements: the first time a connection runs a
 * statement, the message carries `prepare <name> as <statement>` (SQL-level PREPARE, still one
 * simple-protocol message), and every later run sends `execute <name>(<literals>)`. PostgreSQL then
 * plans it once, not on every request: planning was about half of PostgreSQL's time for a list page
 * under RLS (measured: a contacts page, 1,940 → 3,720 statements/s on two cores). At most
 * {@link PREPARED_PER_CONNECTION} statements per connection, least recently used deallocated first.
 * A statement PostgreSQL cannot prepare without types (`select $1`) runs inlined as before. Needs a
 * session-level connection (direct, or a session-mode pooler); set `DB_PREPARED_STATEMENTS=off`
 * behind a transaction-mode pooler.
 */
import { createHash } from 'node:crypto';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type pg from 'pg';
import { inlineParameters, replacePlaceholders, toSqlLiteral } from './sql-literal.js';

/** JWT claims as verified by the service kit; serialised into `request.jwt.claims`. */
export type RequestClaims = Record<string, unknown>;

/** Options of {@link RequestDb}. */
export interface RequestDbOptions {
  pool: pg.Pool;
  /** Role switched to for the request, e.g. 'crm_authenticated'. Must be a member of `authenticated`. */
  role: string;
  claims: RequestClaims;
  /** Stored in `request.id`; audit rows carry it. */
  requestId: string;
  /** 'read' for safe methods (no explicit transaction), 'write' otherwise. */
  mode: 'read' | 'write';
}

const compiler = new PostgresQueryCompiler();

/** Most statements kept prepared on one connection (each holds a plan in its backend's memory). */
export const PREPARED_PER_CONNECTION = 64;

/** Whether read statements are prepared (see the module's doc); `DB_PREPARED_STATEMENTS=off` disables. */
const PREPARE_READS = process.env.DB_PREPARED_STATEMENTS !== 'off';

/** Statement names this module gave; what it cannot prepare (both bounded: cleared when full). */
const statementNames = new Map<string, string>();
const unpreparable = new Set<string>();
const NAME_CACHE_MAX = 2000;

/** Per connection: names prepared on it, least recently used first. */
const preparedOn = new WeakMap<pg.ClientBase, Map<string, true>>();

/** SQLSTATEs meaning PREPARE cannot type the statement's parameters: run it inlined instead. */
const UNTYPABLE = new Set(['42P18', '42P08', '42804', '42725']);

/**
 * The name a read statement is prepared under (`rdb_` + 24 hex digits of its SHA-1), or undefined
 * when it is not one PostgreSQL can prepare: not a single SELECT/WITH/VALUES statement, or one
 * that failed to prepare before.
 */
function preparedName(sql: string): string | undefined {
  const known = statementNames.get(sql);
  if (known !== undefined) return known;
  if (unpreparable.has(sql) || sql.includes(';') || !/^\s*(select|with|values)\b/i.test(sql))
    return undefined;
  if (statementNames.size >= NAME_CACHE_MAX) statementNames.clear();
  const name = `rdb_${createHash('sha1').update(sql).digest('hex').slice(0, 24)}`;
  statementNames.set(sql, name);
  return name;
}

/** A read statement as prepared: its name, its text, and the parameters EXECUTE passes. */
interface PreparedStatement {
  name: string;
  sql: string;
  parameters: readonly unknown[];
}

const LIMIT_OR_OFFSET = /\b(?:limit|offset)\s+\$(\d+)/gi;

/**
 * The prepared form of a read statement, or undefined when it is not preparable. The values of
 * `limit $n` and `offset $n` are written into the statement (their placeholders renumbered): with
 * them as parameters, PostgreSQL's generic plan assumes a tenth of the rows and never wins over a
 * custom plan, so every execution would be planned again; a page size takes few distinct values.
 */
function toPrepared(sql: string, parameters: readonly unknown[]): PreparedStatement | undefined {
  const inline = new Set<number>();
  for (const match of sql.matchAll(LIMIT_OR_OFFSET)) inline.add(Number(match[1]) - 1);
  let text = sql;
  let kept: readonly unknown[] = parameters;
  if (inline.size > 0) {
    const renumbered = new Map<number, number>();
    const rest: unknown[] = [];
    text = replacePlaceholders(sql, parameters.length, (index) => {
      if (inline.has(index)) return toSqlLiteral(parameters[index]);
      let to = renumbered.get(index);
      if (to === undefined) {
        rest.push(parameters[index]);
        to = rest.length;
        renumbered.set(index, to);
      }
      return `$${to}`;
    });
    kept = rest;
  }
  const name = preparedName(text);
  return name === undefined ? undefined : { name, sql: text, parameters: kept };
}

function markUnpreparable(sql: string): void {
  if (unpreparable.size >= NAME_CACHE_MAX) unpreparable.clear();
  unpreparable.add(sql);
  statementNames.delete(sql);
}

/** After an error in a message that prepared or deallocated: what the connection really holds. */
async function resyncPrepared(client: pg.ClientBase, prepared: Map<string, true>): Promise<void> {
  prepared.clear();
  const { rows } = await client.query<{ name: string }>(
    "select name from pg_catalog.pg_prepared_statements where name like 'rdb\\_%' order by prepare_time",
  );
  for (const row of rows) prepared.set(row.name, true);
}
const adapter = new PostgresAdapter();

/** Thrown by a commit when a statement of the transaction had failed: nothing was written. */
export class AbortedTransactionError extends Error {
  constructor() {
    super('a statement of the request failed earlier, so nothing was committed');
  }
}

/** Thrown when a handler asks for a nested transaction: the request already is one. */
export class NestedTransactionError extends Error {
  constructor() {
    super('each request already runs in one transaction; nested transactions are not supported');
  }
}

/**
 * One request's database access; `db` is a Kysely instance bound to it.
 *
 * @example
 * const rdb = new RequestDb<DB>({ pool, role: 'crm_authenticated', claims, requestId, mode: 'read' });
 * try {
 *   const rows = await rdb.db.selectFrom('crm.contacts').selectAll().limit(20).execute();
 *   await rdb.finish('commit');
 * } catch (e) { await rdb.finish('rollback'); throw e; }
 */
export class RequestDb<DB> {
  readonly db: Kysely<DB>;
  readonly mode: 'read' | 'write';
  #options: RequestDbOptions;
  #client: Promise<pg.PoolClient> | undefined;
  #begun = false;
  #finished = false;
  #setupSql: string | undefined;
  #tail: Promise<void> = Promise.resolve();
  #finishing: Promise<void> | undefined;

  constructor(options: RequestDbOptions) {
    this.#options = options;
    this.mode = options.mode;
    const connection = new RequestConnection(this);
    const driver = new RequestDriver(connection);
    this.db = new Kysely<DB>({
      dialect: {
        createAdapter: () => adapter,
        createDriver: () => driver,
        createIntrospector: (db) => new PostgresIntrospector(db),
        createQueryCompiler: () => compiler,
      },
    });
  }

  /** Whether any statement reached the database. */
  get used(): boolean {
    return this.#client !== undefined;
  }

  /**
   * The statement that sets claims, request id and role, local to the current transaction. Its
   * `select from (…)` answers one empty row instead of echoing the values back (the claims are
   * most of a request's bytes: echoing them cost about 90 µs a query, measured).
   */
  #setup(): string {
    this.#setupSql ??=
      `select from (select set_config('request.jwt.claims', ${toSqlLiteral(JSON.stringify(this.#options.claims))}, true), ` +
      `set_config('request.id', ${toSqlLiteral(this.#options.requestId)}, true), ` +
      `set_config('role', ${toSqlLiteral(this.#options.role)}, true)) as request_settings`;
    return this.#setupSql;
  }

  /**
   * Runs one statement under the request's role and claims.
   *
   * @param sql statement with `$n` placeholders.
   * @param parameters values for the placeholders.
   * @returns node-postgres' result of that statement.
   * @throws the database error (a `pg.DatabaseError` with its SQLSTATE `code`).
   */
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(
    sql: string,
    parameters: readonly unknown[] = [],
  ): Promise<pg.QueryResult<R>> {
    // One connection runs one statement at a time: concurrent calls (Promise.all in a handler)
    // are queued here, in call order (node-postgres' own queueing is deprecated).
    const run = this.#tail.then(() => this.#run<R>(sql, parameters));
    this.#tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async #run<R extends pg.QueryResultRow>(
    sql: string,
    parameters: readonly unknown[],
  ): Promise<pg.QueryResult<R>> {
    if (this.#finished) throw new Error('the request database handle was already finished');
    if (this.mode === 'read') {
      const statement = PREPARE_READS ? toPrepared(sql, parameters) : undefined;
      if (statement) return this.#runPrepared<R>(statement, sql, parameters);
      const text = `${this.#setup()}; ${inlineParameters(sql, parameters)}`;
      const client = await this.#acquire();
      const results = (await client.query(text)) as unknown as pg.QueryResult<R>[];
      return results[results.length - 1]!;
    }
    if (!this.#begun) {
      // Built before anything is marked as sent: inlining may reject a value.
      const text = `begin; ${this.#setup()}; ${inlineParameters(sql, parameters)}`;
      this.#begun = true;
      const client = await this.#acquire();
      const results = (await client.query(text)) as unknown as pg.QueryResult<R>[];
      return results[results.length - 1]!;
    }
    const client = await this.#acquire();
    return client.query<R>(sql, parameters as unknown[]);
  }

  /**
   * A read statement through the connection's prepared statement `name`, prepared in the same
   * message the first time. Falls back to inlining when PostgreSQL cannot type its parameters;
   * prepares again when the statement went missing or its result type changed (DDL).
   */
  async #runPrepared<R extends pg.QueryResultRow>(
    statement: PreparedStatement,
    sql: string,
    parameters: readonly unknown[],
    retried = false,
  ): Promise<pg.QueryResult<R>> {
    const { name } = statement;
    // Built before anything is sent: inlining may reject a value.
    const args = statement.parameters.length ? `(${statement.parameters.map(toSqlLiteral).join(', ')})` : '';
    const client = await this.#acquire();
    let prepared = preparedOn.get(client);
    if (!prepared) {
      prepared = new Map();
      preparedOn.set(client, prepared);
    }
    let head = '';
    let prepare = '';
    if (prepared.has(name)) {
      prepared.delete(name); // most recently used goes last
    } else {
      if (prepared.size >= PREPARED_PER_CONNECTION) {
        const oldest = prepared.keys().next().value as string;
        prepared.delete(oldest);
        head = `deallocate ${oldest}; `;
      }
      prepare = `prepare ${name} as ${statement.sql}; `;
    }
    prepared.set(name, true);
    const text = `${head}${this.#setup()}; ${prepare}execute ${name}${args}`;
    try {
      const results = (await client.query(text)) as unknown as pg.QueryResult<R>[];
      return results[results.length - 1]!;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (head || prepare || code === '26000') {
        // A broken connection fails here too: the pool drops it, and the first error is the one to report.
        const synced = await resyncPrepared(client, prepared).then(
          () => true,
          () => false,
        );
        if (!synced) throw error;
      }
      if (prepare && typeof code === 'string' && UNTYPABLE.has(code) && !prepared.has(name)) {
        markUnpreparable(statement.sql);
        const results = (await client.query(
          `${this.#setup()}; ${inlineParameters(sql, parameters)}`,
        )) as unknown as pg.QueryResult<R>[];
        return results[results.length - 1]!;
      }
      // 26000: prepared statement does not exist; 0A000: cached plan must not change result type.
      if (!retried && (code === '26000' || code === '0A000')) {
        if (prepared.has(name)) {
          await client.query(`deallocate ${name}`);
          prepared.delete(name);
        }
        return this.#runPrepared<R>(statement, sql, parameters, true);
      }
      throw error;
    }
  }

  #acquire(): Promise<pg.PoolClient> {
    this.#client ??= this.#options.pool.connect();
    return this.#client;
  }

  /**
   * Ends the request: commits (write mode, when something ran) or rolls back, then returns the
   * connection to the pool. Idempotent.
   *
   * @throws the commit's error (e.g. a deferred constraint); the connection is released anyway.
   */
  finish(outcome: 'commit' | 'rollback'): Promise<void> {
    this.#finishing ??= this.#finish(outcome);
    return this.#finishing;
  }

  async #finish(outcome: 'commit' | 'rollback'): Promise<void> {
    await this.#tail;
    this.#finished = true;
    if (!this.#client) return;
    let client: pg.PoolClient;
    try {
      client = await this.#client;
    } catch {
      return; // the connection never came; nothing to end
    }
    try {
      if (this.#begun) {
        const result = await client.query(outcome === 'commit' ? 'commit' : 'rollback');
        // COMMIT of a transaction a failed statement aborted answers ROLLBACK, without an error.
        if (outcome === 'commit' && result.command === 'ROLLBACK') {
          throw new AbortedTransactionError();
        }
      }
    } catch (error) {
      // After a failed COMMIT the transaction is over and the connection sound: reuse it.
      // A failed ROLLBACK means the connection itself broke: destroy it.
      client.release(outcome === 'rollback' ? (error as Error) : undefined);
      if (outcome === 'commit') throw error;
      return;
    }
    client.release();
  }
}

/** What the Kysely connection needs of its owner. */
interface StatementRunner {
  query(sql: string, parameters: readonly unknown[]): Promise<pg.QueryResult>;
}

class RequestConnection implements DatabaseConnection {
  readonly #owner: StatementRunner;
  constructor(owner: StatementRunner) {
    this.#owner = owner;
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.#owner.query(compiledQuery.sql, compiledQuery.parameters);
    const { command, rowCount, rows } = result;
    return {
      numAffectedRows:
        command === 'INSERT' || command === 'UPDATE' || command === 'DELETE' || command === 'MERGE'
          ? BigInt(rowCount ?? 0)
          : undefined,
      rows: (rows ?? []) as R[],
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is refused before the first yield.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming is not supported inside a request transaction; page with a cursor');
  }
}

class RequestDriver implements Driver {
  readonly #connection: RequestConnection;
  constructor(connection: RequestConnection) {
    this.#connection = connection;
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.#connection;
  }
  async beginTransaction(): Promise<void> {
    throw new NestedTransactionError();
  }
  async commitTransaction(): Promise<void> {
    throw new NestedTransactionError();
  }
  async rollbackTransaction(): Promise<void> {
    throw new NestedTransactionError();
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}
