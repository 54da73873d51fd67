/**
 * @module cli
 * `comptoir <command>` (run through the root package.json scripts):
 *
 * - `up`       start everything (embedded PostgreSQL under .data/ unless DATABASE_URL is set,
 *              migrations, demo data, every built API and web app, the gateway on PORT,
 *              default 8080) and print the URLs and demo logins; Ctrl-C stops it all.
 * - `db`       start only the embedded PostgreSQL and print its URL.
 * - `migrate`  apply supabase/migrations and set the service login passwords
 *              (`<SERVICE>_DB_PASSWORD`, else the local secrets); with SEED_DEMO=true also seed.
 * - `seed`     load supabase/seed.sql.
 * - `types`    regenerate the Kysely types from a throwaway database migrated from scratch.
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSchemaTypes } from '@comptoir/db/codegen';
import { provideTestDatabase } from '@comptoir/db/connection';
import { migrate } from '@comptoir/db/migrate';
import { configureServiceLogins } from '@comptoir/db/roles';
import { subdomainUrl } from '@comptoir/routing';
import { loadEnv } from './env.js';
import {
  DEMO_LOGINS,
  localSecrets,
  provideDatabase,
  saveSecrets,
  seed,
  servicePassword,
  startPlatform,
} from './platform.js';

const ROOT = resolve(fileURLToPath(new URL('../../..', import.meta.url)));
const MIGRATIONS = join(ROOT, 'supabase', 'migrations');

const say = (line: string) => process.stdout.write(`${line}\n`);

/** Resolves on SIGINT/SIGTERM. */
const untilSignal = () =>
  new Promise<string>((done) => {
    process.once('SIGINT', () => done('SIGINT'));
    process.once('SIGTERM', () => done('SIGTERM'));
  });

async function up(env: ReturnType<typeof loadEnv>): Promise<void> {
  const platform = await startPlatform({
    root: ROOT,
    port: env.PORT,
    database: 'persistent',
    seed: true,
    databaseUrl: env.DATABASE_URL,
    embeddedPort: env.EMBEDDED_PG_PORT,
    env: env.passwords,
    log: (line) => say(`  ${line}`),
  });
  const home = subdomainUrl(platform.origin, 'account');
  const api = (name: string) => `${home}/api/${name}/docs`;
  say('');
  say(`Comptoir is running (ready in ${(platform.readyMs / 1000).toFixed(1)} s). Ctrl-C stops it.`);
  say('');
  say('  Web apps');
  for (const [name, url] of Object.entries(platform.urls)) say(`    ${name.padEnd(10)} ${url}`);
  if (Object.keys(platform.urls).length === 0) say('    (none built: run pnpm build)');
  say('');
  say('  API reference');
  for (const name of ['auth', 'crm', 'billing']) say(`    ${name.padEnd(10)} ${api(name)}`);
  say('');
  say('  Demo logins (password: demo-password)');
  for (const login of DEMO_LOGINS) say(`    ${login.email.padEnd(32)} ${login.note}`);
  say('');
  say(`  E-mails (no SMTP configured): ${home}/dev/mailbox`);
  say(`  Database (${platform.database.kind}): ${platform.adminUrl.replace(/:[^:@/]+@/, ':****@')}`);
  say(`  Logs: ${join(ROOT, '.data', 'logs')}`);
  say('');
  await untilSignal();
  say('stopping…');
  await platform.stop();
}

async function db(env: ReturnType<typeof loadEnv>): Promise<void> {
  const secrets = await localSecrets(ROOT);
  const database = await provideDatabase(ROOT, 'persistent', secrets, {
    databaseUrl: env.DATABASE_URL,
    embeddedPort: env.EMBEDDED_PG_PORT,
  });
  say(`PostgreSQL (${database.kind}) at ${database.adminUrl}`);
  say('Ctrl-C stops it.');
  await untilSignal();
  await database.stop();
}

/** Runs `work` against DATABASE_URL, or against the local embedded cluster started for it. */
async function withDatabase(
  env: ReturnType<typeof loadEnv>,
  work: (adminUrl: string) => Promise<void>,
): Promise<void> {
  const secrets = await localSecrets(ROOT);
  const database = await provideDatabase(ROOT, 'persistent', secrets, {
    databaseUrl: env.DATABASE_URL,
    embeddedPort: env.EMBEDDED_PG_PORT,
  });
  try {
    await work(database.adminUrl);
  } finally {
    await database.stop();
  }
}

async function main(): Promise<void> {
  const command = process.argv[2] ?? 'up';
  const env = loadEnv();
  switch (command) {
    case 'up':
      return up(env);
    case 'db':
      return db(env);
    case 'migrate':
      return withDatabase(env, async (adminUrl) => {
        const result = await migrate(adminUrl, MIGRATIONS);
        say(`applied ${result.applied.length} migration(s), ${result.skipped.length} already applied`);
        const secrets = await localSecrets(ROOT);
        const external = env.DATABASE_URL !== undefined;
        await configureServiceLogins(adminUrl, (service) => {
          const password = servicePassword(secrets, service, env.passwords);
          if (external && !env.passwords[`${service.toUpperCase()}_DB_PASSWORD`]) {
            say(
              `warning: ${service.toUpperCase()}_DB_PASSWORD is not set; a generated password was stored in .data/secrets.json`,
            );
          }
          return password;
        });
        saveSecrets(ROOT, secrets);
        if (env.SEED_DEMO === 'true') {
          await seed(ROOT, adminUrl);
          say('demo data loaded');
        }
      });
    case 'seed':
      return withDatabase(env, async (adminUrl) => {
        await seed(ROOT, adminUrl);
        say('demo data loaded');
      });
    case 'types': {
      const scratch = await provideTestDatabase({});
      try {
        await migrate(scratch.adminUrl, MIGRATIONS);
        const changed = await writeSchemaTypes(scratch.adminUrl);
        say(changed.length ? `updated types of: ${changed.join(', ')}` : 'types are up to date');
      } finally {
        await scratch.stop();
      }
      return;
    }
    default:
      say('usage: comptoir up | db | migrate | seed | types');
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`\n${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
