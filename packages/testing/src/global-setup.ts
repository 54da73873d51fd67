/**
 * @module global-setup
 * Vitest global setup of the integration tests: one real PostgreSQL for the whole run
 * (`DATABASE_URL` when set, else testcontainers when a Docker engine answers, else embedded),
 * migrated from `supabase/migrations`, with random passwords on the service login roles and a
 * fresh ES256 signing key. Test files isolate themselves by creating their own tenants.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { provideTestDatabase } from '@comptoir/db/connection';
import { migrate } from '@comptoir/db/migrate';
import { configureServiceLogins } from '@comptoir/db/roles';
import { exportJWK, generateKeyPair } from 'jose';
import type { TestProject } from 'vitest/node';
import './context.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../supabase/migrations', import.meta.url));

export default async function setup(project: TestProject) {
  const database = await provideTestDatabase(process.env);
  await migrate(database.adminUrl, MIGRATIONS_DIR);
  const serviceUrls = await configureServiceLogins(database.adminUrl, () => randomBytes(16).toString('hex'));
  const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
  const kid = `test-${randomBytes(4).toString('hex')}`;
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  const privateJwk = { ...(await exportJWK(privateKey)), kid, alg: 'ES256' };
  project.provide('testDb', {
    kind: database.kind,
    adminUrl: database.adminUrl,
    serviceUrls,
    jwks: { keys: [publicJwk] },
    privateJwk,
    issuer: 'comptoir-auth',
  });
  return async () => {
    await database.stop();
  };
}
