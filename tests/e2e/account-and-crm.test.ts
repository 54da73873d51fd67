/**
 * The web apps against the real APIs: every account page renders with data (no error
 * boundary, no "could not be loaded"), switching tenant changes what the CRM shows, and a contact
 * created in the CRM's dialog appears in the list. Screenshots go to test-results/e2e/.
 */
import { join } from 'node:path';
import type { Platform } from '@comptoir/platform';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, chromiumAvailable, launchChromium, startTestPlatform } from './browser.js';

async function signIn(page: Page, appUrl: string, email: string): Promise<void> {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('demo-password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/** Fails on an error boundary or a section that could not load its data. */
async function expectHealthy(page: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, not the inline RSC payload scripts.
  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/could not be loaded|Something went wrong|Application error/i);
}

// Skipped only where Debian's chromium is not installed; .ci/run installs it.
describe.skipIf(!chromiumAvailable)('account and CRM apps on the real APIs', () => {
  let platform: Platform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startTestPlatform(), launchChromium()]);
    context = await browser.newContext();
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
    await signIn(page, platform.urls.account!, 'alice@atelier-dupont.example');
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.stop();
  });

  it('renders every settings page with its data', async () => {
    const pages = [
      ['/settings', 'Company settings', '04-account-settings'],
      ['/settings/members', 'Members', '05-account-members'],
      ['/settings/api-keys', 'API keys', '06-account-api-keys'],
      ['/settings/security', 'Security', '07-account-security'],
    ] as const;
    for (const [path, heading, shot] of pages) {
      await page.goto(`${platform.urls.account}${path}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await expectHealthy(page);
      await page.screenshot({ path: join(ARTIFACTS, `${shot}.png`), fullPage: true });
    }
    // Members of Atelier Dupont from the seed.
    await page.goto(`${platform.urls.account}/settings/members`);
    await page.getByRole('cell', { name: 'carla@atelier-dupont.example' }).waitFor();
    expect(errors).toEqual([]);
  }, 90_000);

  it('creates a contact from the CRM dialog and lists it', async () => {
    await page.goto(`${platform.urls.crm}/contacts`);
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('First name').fill('Marie');
    await dialog.getByLabel('Last name').fill('Curie');
    await dialog.getByLabel('Email').fill('marie.curie@example.fr');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await page.getByText('Marie Curie').first().waitFor();
    await expectHealthy(page);
    await page.screenshot({ path: join(ARTIFACTS, '08-crm-contact-created.png'), fullPage: true });
  }, 60_000);

  it('switches tenant: the CRM then shows the other tenant’s contacts only', async () => {
    await page.goto(`${platform.urls.crm}/contacts`);
    await page.getByLabel(/Switch tenant/).click();
    await page.getByRole('menuitemradio', { name: /Northwind Traders/ }).click();
    // The switch re-renders the whole page for the other tenant: allow for a busy machine.
    await expect
      .poll(async () => page.getByLabel(/Switch tenant/).getAttribute('aria-label'), { timeout: 15_000 })
      .toMatch(/Northwind/);
    await page.getByText('olivia.brown@example.co.uk').waitFor();
    expect(await page.getByText('Marie Curie').count()).toBe(0);
    await page.screenshot({ path: join(ARTIFACTS, '09-crm-other-tenant.png'), fullPage: true });
  }, 60_000);
});
