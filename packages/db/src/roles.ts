/**
 * @module roles
 * Login credentials of the service roles created by the migrations (`<service>_api`).
 * Migrations never hold passwords: the deployment sets them (here: the platform CLI and the test
 * setup), and each service connects with its own URL.
 */
import pg from 'pg';
import { withCredentials } from './pool.js';

/** A service registered by its migration (`private.services`). */
export interface ServiceRoles {
  name: string;
  schemaName: string;
  loginRole: string;
  requestRole: string;
}

/** Lists the services the migrations registered. */
export async function listServices(adminUrl: string): Promise<ServiceRoles[]> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rows } = await client.query<ServiceRoles>(
      `select name, schema_name as "schemaName", login_role as "loginRole", request_role as "requestRole"
       from private.services order by name`,
    );
    return rows;
  } finally {
    await client.end();
  }
}

/**
 * Sets the password of every service login role and returns each service's connection URL.
 *
 * @param adminUrl superuser/owner URL (the one migrations ran with).
 * @param passwordFor password of a service's login role, e.g. from a secret store.
 * @returns `{ [service]: postgres://<service>_api:<password>@host/db }`.
 */
export async function configureServiceLogins(
  adminUrl: string,
  passwordFor: (service: string) => string,
): Promise<Record<string, string>> {
  const services = await listServices(adminUrl);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const urls: Record<string, string> = {};
  try {
    for (const s of services) {
      const password = passwordFor(s.name);
      await client.query(
        `alter role ${client.escapeIdentifier(s.loginRole)} with login password ${client.escapeLiteral(password)}`,
      );
      urls[s.name] = withCredentials(adminUrl, s.loginRole, password);
    }
  } finally {
    await client.end();
  }
  return urls;
}
