/**
 * After `next build`: copies what the standalone server serves but Next.js does not copy
 * (`.next/static`, `public/`) next to `server.js`, so `node .next/standalone/frontends/<app>/server.js`
 * serves a complete app.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const appName = path.basename(appDir);
const target = path.join(appDir, '.next', 'standalone', 'frontends', appName);

if (!existsSync(path.join(target, 'server.js'))) {
  console.error(`copy-assets: ${path.relative(appDir, target)}/server.js is missing; run next build first`);
  process.exit(1);
}

for (const [from, to] of [
  [path.join(appDir, '.next', 'static'), path.join(target, '.next', 'static')],
  [path.join(appDir, 'public'), path.join(target, 'public')],
]) {
  if (!existsSync(from)) continue;
  rmSync(to, { recursive: true, force: true });
  cpSync(from, to, { recursive: true });
  console.log(`copy-assets: ${path.relative(appDir, from)} → ${path.relative(appDir, to)}`);
}
