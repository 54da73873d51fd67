/**
 * The CRM web app in a browser against the whole platform (demo seed, throwaway database): signing
 * in, creating a contact (with a field error first), importing a vCard file through the wizard,
 * moving deals to Won on the kanban (mouse and keyboard), and merging two duplicates. One test per
 * flow, in order, in one signed-in browser context; screenshots go to test-results/e2e/crm-*.png.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Platform } from '@comptoir/platform';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, chromiumAvailable, launchChromium, startTestPlatform } from './browser.js';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `crm-${name}.png`), fullPage: true });

/**
 * Opens a page of the CRM and waits until it has settled (scripts loaded and hydrated, no
 * request under way), so that the first click or upload reaches React.
 */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
}

/** Fails on an error boundary or a section that could not load its data. */
async function expectHealthy(page: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, not the inline RSC payload scripts.
  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/could not be loaded|Something went wrong|could not be shown|Application error/i);
}

/** Drags with the mouse from the middle of `source` to the middle of `target`, in small steps. */
async function dragWithMouse(page: Page, source: Locator, target: Locator): Promise<void> {
  const from = await source.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('drag source or target is not visible');
  await page.mouse.move(from.x + from.width / 2, from.y + from.height - 12);
  await page.mouse.down();
  await page.mouse.move(from.x + from.width / 2 + 10, from.y + from.height - 6, { steps: 5 });
  await page.mouse.move(to.x + to.width / 2, to.y + Math.min(to.height / 2, 60), { steps: 25 });
  await page.mouse.move(to.x + to.width / 2 + 2, to.y + Math.min(to.height / 2, 60) + 2, { steps: 5 });
  await page.mouse.up();
}

// A vCard 3.0 file with three cards: a folded NOTE line, grouped properties, an ORG and a
// quoted-printable-free Latin name with accents, as phones and Apple Contacts export them.
const VCARD = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Vasseur;Inès;;;',
  'FN:Inès Vasseur',
  'ORG:Fromagerie Vasseur',
  'TITLE:Gérante',
  'EMAIL;TYPE=INTERNET,WORK:ines.vasseur@fromagerie-vasseur.example',
  'TEL;TYPE=CELL:+33 6 11 22 33 44',
  'NOTE:Met at the Salon du fromage\\, wants a quote for',
  '  the shop window.',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Vasseur;Paul;;;',
  'FN:Paul Vasseur',
  'ORG:Fromagerie Vasseur',
  'item1.EMAIL;TYPE=INTERNET:paul.vasseur@fromagerie-vasseur.example',
  'item1.X-ABLabel:Shop',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:3.0',
  'N:Okafor;Ada;;;',
  'FN:Ada Okafor',
  'EMAIL;TYPE=INTERNET,HOME:ada.okafor@example.org',
  'TEL;TYPE=WORK,VOICE:+44 20 7946 0000',
  'END:VCARD',
  '',
].join('\r\n');

// Skipped only where Debian's chromium is not installed (a developer machine without it);
// .ci/run installs it, so CI always runs this file.
describe.skipIf(!chromiumAvailable)('CRM web app', () => {
  let platform: Platform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let crm: string;
  const errors: string[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'crm-e2e-'));

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startTestPlatform(), launchChromium()]);
    crm = platform.urls.crm!;
    context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('signs in through the platform login and shows the contacts', async () => {
    expect(crm, 'the CRM web app must be built').toBeDefined();
    await open(page, `${crm}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill('alice@atelier-dupont.example');
    await page.getByLabel('Password').fill('demo-password');
    await shot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/contacts');
    await page.getByRole('heading', { name: 'Contacts', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Élodie Martin' }).waitFor();
    // The CRM's sections in the shell.
    const nav = page.getByRole('navigation', { name: 'CRM' });
    for (const section of ['Contacts', 'Companies', 'Pipeline', 'Tasks', 'Import', 'Duplicates']) {
      expect(await nav.getByRole('link', { name: section }).count()).toBe(1);
    }
    await expectHealthy(page);
    await shot(page, '02-contacts');
    expect(errors).toEqual([]);
  }, 120_000);

  it('creates a contact: a bad e-mail shows its error next to the field, then it is saved and listed', async () => {
    await open(page, `${crm}/contacts`);
    await page.getByRole('button', { name: 'New contact' }).click();
    const dialog = page.getByRole('dialog', { name: 'New contact' });
    await dialog.getByLabel('First name').fill('Gaspard');
    await dialog.getByLabel('Last name').fill('Lefèvre');
    await dialog.getByLabel('Email').fill('gaspard.lefevre@');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    const email = dialog.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    await dialog.getByText('Invalid email address').waitFor();
    await shot(page, '03-contact-field-error');

    await email.fill('gaspard.lefevre@example.fr');
    await dialog.getByRole('button', { name: 'Add contact' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('link', { name: 'Gaspard Lefèvre' }).waitFor();
    // Searching finds it too (debounced, in the URL).
    await page.getByRole('searchbox', { name: 'Search contacts' }).fill('lefevre');
    await page.waitForURL(/[?&]q=lefevre/);
    await expect
      .poll(() => page.getByRole('link', { name: 'Gaspard Lefèvre' }).count(), { timeout: 15_000 })
      .toBe(1);
    await expect
      .poll(() => page.getByRole('link', { name: 'Élodie Martin' }).count(), { timeout: 15_000 })
      .toBe(0);
    await expectHealthy(page);
    await shot(page, '04-contact-created');

    // Its page: fields, timeline, deals, tasks.
    await page.getByRole('link', { name: 'Gaspard Lefèvre' }).click();
    await page.getByRole('heading', { name: 'Gaspard Lefèvre', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Timeline', exact: true }).waitFor();
    await expectHealthy(page);
  }, 120_000);

  it('imports a vCard file through the wizard and lists the imported contacts', async () => {
    const file = join(scratch, 'fromagerie.vcf');
    writeFileSync(file, VCARD);
    await open(page, `${crm}/import`);
    await page.getByRole('heading', { name: 'Import contacts', level: 1 }).waitFor();
    await page.getByLabel('Choose a file').setInputFiles(file);
    await page.getByRole('heading', { name: 'Check the columns' }).waitFor();
    await page.getByText('vCard', { exact: true }).first().waitFor();
    await shot(page, '05-import-detected');

    await page.getByRole('button', { name: 'Preview import' }).click();
    await page.getByRole('heading', { name: 'What the import will do' }).waitFor();
    await page
      .getByRole('table', { name: 'First rows as they will be imported' })
      .getByText('Ada Okafor')
      .waitFor();
    await shot(page, '06-import-preview');

    await page.getByRole('button', { name: 'Import 3 contacts' }).click();
    await page.getByRole('heading', { name: 'Import finished' }).waitFor({ timeout: 60_000 });
    const bar = page.getByRole('progressbar', { name: 'Import progress' });
    expect(await bar.getAttribute('aria-valuenow')).toBe(await bar.getAttribute('aria-valuemax'));
    const count = (label: string) =>
      page
        .locator('dl[aria-label="Result"] > div', { has: page.getByText(label, { exact: true }) })
        .locator('dd')
        .textContent();
    expect(await count('Created')).toBe('3');
    expect(await count('Rejected')).toBe('0');
    await shot(page, '07-import-result');

    await open(page, `${crm}/contacts?q=vasseur`);
    await page.getByRole('link', { name: 'Inès Vasseur' }).waitFor();
    await page.getByRole('link', { name: 'Paul Vasseur' }).waitFor();
    await open(page, `${crm}/contacts?q=okafor`);
    await page.getByRole('link', { name: 'Ada Okafor' }).waitFor();
    await expectHealthy(page);
    await shot(page, '08-imported-contacts');
  }, 120_000);

  it('moves a deal to Won on the kanban with the mouse, and another with the keyboard', async () => {
    await open(page, `${crm}/pipeline`);
    const won = page.getByRole('list', { name: 'Deals in Won' });
    await won.waitFor();
    await shot(page, '09-pipeline');

    // Mouse: "Wedding cakes 2027" from Lead to Won.
    const card = page.locator('li[data-deal-id]', { hasText: 'Wedding cakes 2027' });
    await dragWithMouse(page, card, won);
    const wonWedding = won.locator('li[data-deal-id]', { hasText: 'Wedding cakes 2027' });
    await wonWedding.waitFor();
    await wonWedding.getByText('Won', { exact: true }).waitFor();
    await shot(page, '10-pipeline-mouse-won');

    // Keyboard: "Bakery website" from Negotiation, one stage to the right (Won).
    const handle = page.getByRole('button', { name: 'Move Bakery website' });
    await handle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => handle.getAttribute('aria-pressed'), { timeout: 15_000 }).toBe('true');
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => won.locator('li[data-deal-id]', { hasText: 'Bakery website' }).count(), { timeout: 15_000 })
      .toBe(1);
    await page.keyboard.press('Space');
    const wonBakery = won.locator('li[data-deal-id]', { hasText: 'Bakery website' });
    await wonBakery.getByText('Won', { exact: true }).waitFor();
    await page.getByText(/Bakery website moved to Won/).waitFor({ state: 'attached' });
    await shot(page, '11-pipeline-keyboard-won');

    // Both stay won after a reload, and the deal's page says so.
    await page.reload();
    await page.waitForLoadState('networkidle');
    await won.locator('li[data-deal-id]', { hasText: 'Wedding cakes 2027' }).waitFor();
    await won.locator('li[data-deal-id]', { hasText: 'Bakery website' }).waitFor();
    await page.getByRole('link', { name: 'Bakery website' }).click();
    await page.getByRole('heading', { name: 'Bakery website', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Stage history' }).waitFor();
    expect(await page.getByText('Won', { exact: true }).count()).toBeGreaterThan(0);
    await expectHealthy(page);
    await shot(page, '12-deal-won');
  }, 120_000);

  it('merges two duplicates: only one contact remains', async () => {
    for (const first of ['Jeanne', 'Jeanne-Marie']) {
      await open(page, `${crm}/contacts`);
      await page.getByRole('button', { name: 'New contact' }).click();
      const dialog = page.getByRole('dialog', { name: 'New contact' });
      await dialog.getByLabel('First name').fill(first);
      await dialog.getByLabel('Last name').fill('Moreau');
      await dialog.getByLabel('Email').fill('jeanne.moreau@example.fr');
      await dialog.getByRole('button', { name: 'Add contact' }).click();
      await dialog.waitFor({ state: 'hidden' });
    }
    await open(page, `${crm}/contacts?q=jeanne.moreau@example.fr`);
    await expect.poll(() => page.getByRole('link', { name: /Moreau$/ }).count(), { timeout: 15_000 }).toBe(2);

    await open(page, `${crm}/duplicates`);
    await page.getByRole('heading', { name: 'Duplicates', level: 1 }).waitFor();
    const merge = page.getByRole('link', {
      name: /^Compare and merge Jeanne(-Marie)? Moreau and Jeanne(-Marie)? Moreau$/,
    });
    await merge.waitFor();
    await shot(page, '13-duplicates');
    await merge.click();
    await page.getByRole('heading', { name: 'Merge contacts', level: 1 }).waitFor();
    // Keep the first name of "Jeanne-Marie" whichever contact stays.
    await page.getByRole('radio', { name: /First name: keep “Jeanne-Marie”/ }).check();
    await shot(page, '14-merge');
    await page.getByRole('button', { name: 'Merge contacts' }).click();
    await page.waitForURL(/\/contacts\/[0-9a-f-]{36}/);
    await page.getByRole('heading', { name: 'Jeanne-Marie Moreau', level: 1 }).waitFor();

    await open(page, `${crm}/contacts?q=jeanne.moreau@example.fr`);
    await page.getByRole('link', { name: 'Jeanne-Marie Moreau' }).waitFor();
    await expect.poll(() => page.getByRole('link', { name: /Moreau$/ }).count(), { timeout: 15_000 }).toBe(1);
    await expectHealthy(page);
    await shot(page, '15-merged');
    expect(errors).toEqual([]);
  }, 120_000);
});
