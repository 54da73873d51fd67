/**
 * A built API stops gracefully on SIGTERM: it finishes the request in flight, then closes its
 * job queue and pools and exits 0 (what `docker stop` and rolling updates rely on).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { join } from 'node:path';
import { freePort, provideTestDatabase } from '@comptoir/db/connection';
import { migrate } from '@comptoir/db/migrate';
import { configureServiceLogins } from '@comptoir/db/roles';
import { describe, expect, it } from 'vitest';
import { ROOT } from './browser.js';

const server = join(ROOT, 'services', 'crm', 'dist', 'server.js');

describe('graceful shutdown', () => {
  it('drains the request in flight and exits 0 on SIGTERM', async () => {
    expect(existsSync(server), 'run pnpm build first').toBe(true);
    const database = await provideTestDatabase(process.env);
    try {
      await migrate(database.adminUrl, join(ROOT, 'supabase', 'migrations'));
      const urls = await configureServiceLogins(database.adminUrl, () => randomBytes(12).toString('hex'));
      const port = await freePort();
      const child = spawn(process.execPath, [server], {
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          HOST: '127.0.0.1',
          DATABASE_URL: urls.crm!,
          AUTH_JWKS: '{"keys":[]}',
          LOG_LEVEL: 'info',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let log = '';
      child.stdout.on('data', (d) => (log += d));
      child.stderr.on('data', (d) => (log += d));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const ok = await fetch(`http://127.0.0.1:${port}/ready`).then(
          (r) => r.ok,
          () => false,
        );
        if (ok) break;
        await new Promise((r) => setTimeout(r, 200));
      }

      // A request whose body is still arriving when the signal comes.
      const response = new Promise<number>((resolve, reject) => {
        const req = http.request(
          {
            host: '127.0.0.1',
            port,
            method: 'POST',
            path: '/contacts',
            headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
          },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.on('error', reject);
        req.write('{"first_name":');
        setTimeout(() => {
          child.kill('SIGTERM');
          setTimeout(() => req.end('"Late"}'), 300);
        }, 200);
      });

      expect(await response).toBe(401); // answered (no credentials), not cut off
      expect(await exited).toBe(0);
      expect(log).toContain('"msg":"shutting down"');
      expect(log).toContain('"msg":"stopped"');
    } finally {
      await database.stop();
    }
  }, 60_000);
});
