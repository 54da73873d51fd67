/**
 * @module context
 * The typed context of every Comptoir API (`AppEnv`), shared by middleware and handlers.
 */
import type { Permission, Role } from '@comptoir/contracts/permissions';
import type { RequestDb } from '@comptoir/db/request-db';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';

/** Who is calling: a signed-in user, or an API key acting for its owner. */
export interface Principal {
  kind: 'user' | 'api_key';
  userId: string;
  tenantId: string;
  role: Role;
  email: string | undefined;
  sessionId: string | undefined;
  apiKeyId: string | undefined;
  /** Effective permissions: the role's, narrowed to the key's scope for API keys. */
  permissions: ReadonlySet<Permission>;
  /** What the database sees in `request.jwt.claims`. */
  claims: Record<string, unknown>;
  /** The credential came from the session cookie (CSRF checks apply). */
  viaCookie: boolean;
}

/** Hono environment of a service whose database types are `DB`. */
export interface AppEnv<DB = unknown> {
  Variables: {
    requestId: string;
    logger: Logger;
    principal: Principal;
    /** Kysely bound to the request's transaction (RLS as the caller). */
    db: Kysely<DB>;
    /** The same transaction, for raw statements. */
    rdb: RequestDb<DB>;
  };
}
