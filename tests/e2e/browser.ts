/**
 * @module browser
 * Debian's Chromium driven by playwright-core (never a browser downloaded by a tool), and the
 * platform it tests, started once per file from the built apps on a throwaway database.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Platform, startPlatform } from '@comptoir/platform';
import { type Browser, chromium } from 'playwright-core';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');

/** Whether the browser tests can run here (CI installs Debian's chromium; see .ci/run). */
export const chromiumAvailable = existsSync(CHROMIUM);

/** Launches headless Chromium; `*.localhost` hosts resolve to the loopback address. */
export function launchChromium(): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--host-resolver-rules=MAP *.localhost 127.0.0.1',
    ],
  });
}

/** The whole platform from the built apps, with demo data, on a free port. */
export function startTestPlatform(): Promise<Platform> {
  return startPlatform({ root: ROOT, port: 0, database: 'ephemeral', seed: true });
}
