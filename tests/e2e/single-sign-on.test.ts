/**
 * One sign-in serves every vertical: a user signs in on the CRM's subdomain and reaches the
 * account app on another subdomain without signing in again (the session cookies live on the
 * platform's parent domain). Screenshots go to test-results/e2e/.
 */
import { join } from 'node:path';
import type { Platform } from '@comptoir/platform';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, chromiumAvailable, launchChromium, startTestPlatform } from './browser.js';

// Skipped only where Debian's chromium is not installed (a developer machine without it);
// .ci/run installs it, so CI always runs this file.
describe.skipIf(!chromiumAvailable)('single sign-on across vertical subdomains', () => {
  let platform: Platform;
  let browser: Browser;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startTestPlatform(), launchChromium()]);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await platform?.stop();
  });

  it('signs in on crm.<domain> and reaches account.<domain> already signed in', async () => {
    expect(platform.urls.crm, 'the CRM web app must be built').toBeDefined();
    expect(platform.urls.account, 'the account web app must be built').toBeDefined();
    const context = await browser.newContext();
    const page = await context.newPage();

    await page.goto(`${platform.urls.crm}/`);
    await page.waitForURL(/\/sign-in/);
    await page.screenshot({ path: join(ARTIFACTS, '01-crm-sign-in.png'), fullPage: true });
    await page.getByLabel('Email').fill('alice@atelier-dupont.example');
    await page.getByLabel('Password').fill('demo-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await expect.poll(() => page.getByRole('button', { name: /Alice Dupont/ }).count()).toBeGreaterThan(0);
    // The contacts of the demo tenant (supabase/seed.sql), read through the CRM API under RLS.
    await page.getByText('Élodie Martin').first().waitFor();
    await page.screenshot({ path: join(ARTIFACTS, '02-crm-signed-in.png'), fullPage: true });

    const cookies = await context.cookies();
    const access = cookies.find((c) => c.name === 'comptoir_access');
    expect(access?.domain.replace(/^\./, '')).toBe(platform.origin.domain);
    expect(access?.httpOnly).toBe(true);

    await page.goto(`${platform.urls.account}/`);
    await page.waitForLoadState('networkidle');
    expect(new URL(page.url()).pathname).not.toMatch(/^\/sign-in/);
    await expect.poll(() => page.getByRole('button', { name: /Alice Dupont/ }).count()).toBeGreaterThan(0);
    await page.screenshot({ path: join(ARTIFACTS, '03-account-already-signed-in.png'), fullPage: true });
    await context.close();
  }, 120_000);

  it('sends a visitor without a session to the sign-in page of the app they asked for', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${platform.urls.account}/settings/members`);
    await page.waitForURL(/\/sign-in/);
    expect(new URL(page.url()).searchParams.get('next')).toBe('/settings/members');
    await context.close();
  }, 60_000);
});
