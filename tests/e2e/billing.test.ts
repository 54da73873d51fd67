/**
 * The billing web app in a browser against the whole platform (demo seed, throwaway database):
 * signing in as the owner of Atelier Dupont (whose seller settings are complete), creating a
 * customer (with a field error first), writing an invoice with two lines whose totals and VAT
 * breakdown follow as they are typed, issuing it (F-<year>-000001), recording a partial payment,
 * and downloading the PDF. One test per step, in order, in one signed-in browser context;
 * screenshots go to test-results/e2e/billing-*.png.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '@comptoir/platform';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ARTIFACTS, chromiumAvailable, launchChromium, startTestPlatform } from './browser.js';

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(ARTIFACTS, `billing-${name}.png`), fullPage: true });

/**
 * Opens a page of the billing app and waits until it has settled (scripts loaded and hydrated,
 * no request under way), so that the first click reaches React.
 */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState('networkidle');
}

/** Fails on an error boundary or a section that could not load its data. */
async function expectHealthy(page: Page): Promise<void> {
  // biome-ignore lint/performance/useDomNodeTextContent: the rendered text, not the inline RSC payload scripts.
  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/could not be (loaded|shown)|Something went wrong|Application error/i);
}

/** Text with every kind of space (French money uses narrow no-break spaces) as one plain space. */
const plain = (text: string | null) => (text ?? '').replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** The value next to a term of a description list (`<div><dt>term</dt><dd>value</dd></div>`). */
async function definition(list: Locator, term: string): Promise<string> {
  const row = list.locator('div', { has: list.page().getByText(term, { exact: true }) }).last();
  return plain(await row.locator('dd').textContent());
}

/** The cells of a table row, separated by single spaces. */
async function rowText(row: Locator): Promise<string> {
  return plain((await row.locator('th, td').allTextContents()).join(' '));
}

/** This year in the demo tenant's time zone: the year of its invoice numbers. */
const year = new Intl.DateTimeFormat('en', { timeZone: 'Europe/Paris', year: 'numeric' }).format(new Date());

// Skipped only where Debian's chromium is not installed (a developer machine without it);
// .ci/run installs it, so CI always runs this file.
describe.skipIf(!chromiumAvailable)('Billing web app', () => {
  let platform: Platform;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let billing: string;
  let invoiceUrl: string;
  const errors: string[] = [];
  const customer = 'Menuiserie Girard SARL';
  const number = `F-${year}-000001`;

  beforeAll(async () => {
    [platform, browser] = await Promise.all([startTestPlatform(), launchChromium()]);
    billing = platform.urls.billing!;
    context = await browser.newContext({
      viewport: { width: 1440, height: 900 },
      locale: 'en-GB',
      acceptDownloads: true,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await platform?.stop();
  });

  it('signs in through the platform login and shows the invoices', async () => {
    expect(billing, 'the billing web app must be built').toBeDefined();
    await open(page, `${billing}/`);
    await page.waitForURL(/\/sign-in/);
    await page.getByLabel('Email').fill('alice@atelier-dupont.example');
    await page.getByLabel('Password').fill('demo-password');
    await shot(page, '01-sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/invoices');
    await page.getByRole('heading', { name: 'Invoices', level: 1 }).waitFor();
    // Billing's sections in the shell, the status tabs and the summary of a tenant without invoices.
    const nav = page.getByRole('navigation', { name: 'Billing' });
    for (const section of ['Invoices', 'Customers', 'Settings']) {
      expect(await nav.getByRole('link', { name: section }).count()).toBe(1);
    }
    const tabs = page.getByRole('navigation', { name: 'Filter by status' });
    for (const tab of ['All', 'Drafts', 'Unpaid', 'Overdue', 'Paid', 'Cancelled']) {
      expect(await tabs.getByRole('link', { name: tab, exact: true }).count()).toBe(1);
    }
    await page.getByRole('heading', { name: 'No invoices yet' }).waitFor();
    await page.getByRole('button', { name: 'Switch app (current: Billing)' }).waitFor();
    await expectHealthy(page);
    await shot(page, '02-invoices-empty');
    expect(errors).toEqual([]);
  }, 120_000);

  it('creates a customer: a bad e-mail shows its error next to the field, then it is saved', async () => {
    await open(page, `${billing}/customers`);
    // The two customers of the demo seed.
    await page.getByRole('link', { name: 'Boulangerie Léa SARL' }).waitFor();
    await page.getByRole('link', { name: 'Éditions Martin SA' }).waitFor();
    await page.getByRole('link', { name: 'New customer' }).first().click();
    await page.getByRole('heading', { name: 'New customer', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByLabel('Legal name').fill(customer);
    await page.getByLabel('Email').fill('compta@');
    await page.getByRole('button', { name: 'Create customer' }).click();
    const email = page.getByLabel('Email');
    await expect.poll(() => email.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    await page.getByText('Invalid email address').waitFor();
    await shot(page, '03-customer-field-error');

    await email.fill('compta@menuiserie-girard.example.fr');
    await page.getByLabel('Address', { exact: true }).fill('5 rue des Artisans');
    await page.getByLabel('Postal code').fill('69007');
    await page.getByLabel('City').fill('Lyon');
    await page.getByLabel('SIREN').fill('732 829 320');
    await page.getByRole('button', { name: 'Create customer' }).click();
    await page.getByRole('heading', { name: customer, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByRole('heading', { name: 'No invoices yet' }).waitFor();
    await expectHealthy(page);
    await shot(page, '04-customer');
  }, 120_000);

  it('writes an invoice with two lines: the totals and the VAT breakdown follow as it is typed', async () => {
    await page.getByRole('link', { name: 'New invoice' }).first().click();
    await page.getByRole('heading', { name: 'New invoice', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    // The customer of the page it came from is already chosen.
    expect(await page.getByRole('combobox', { name: 'Customer' }).inputValue()).toBe(customer);

    await page.getByLabel('Description (line 1)').fill('Kitchen cabinets, oak');
    await page.getByLabel('Quantity (line 1)').fill('2');
    await page.getByLabel('Unit price (line 1)').fill('1 234,56');
    const net1 = page.getByText(/^Net of line 1:/).locator('..');
    await expect.poll(async () => plain(await net1.textContent())).toBe('Net of line 1: 2 469,12 €');

    // Enter in the last line adds the next one and moves there, keyboard only.
    await page.getByLabel('Unit price (line 1)').press('Enter');
    const description2 = page.getByLabel('Description (line 2)');
    await expect.poll(() => description2.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('Installation');
    await page.getByLabel('Quantity (line 2)').fill('1,5');
    await page.getByLabel('Unit (line 2)').selectOption({ label: 'Hour' });
    await page.getByLabel('Unit price (line 2)').fill('80');
    await page.getByLabel('VAT rate (line 2)').selectOption({ label: 'TVA 10 %' });

    // 2 × 1 234,56 = 2 469,12 at 20 %; 1,5 h × 80,00 = 120,00 at 10 %; VAT rounded once per rate.
    const totals = page.locator('dl[aria-label="Invoice totals"]');
    await expect.poll(() => definition(totals, 'Total incl. VAT')).toBe('3 094,94 €');
    expect(await definition(totals, 'Total excl. VAT')).toBe('2 589,12 €');
    expect(await definition(totals, 'VAT')).toBe('505,82 €');
    const breakdown = page.getByRole('table', { name: 'VAT breakdown' });
    expect(await rowText(breakdown.getByRole('row', { name: /VAT 20/ }))).toBe(
      'VAT 20 % 2 469,12 € 493,82 €',
    );
    expect(await rowText(breakdown.getByRole('row', { name: /VAT 10/ }))).toBe('VAT 10 % 120,00 € 12,00 €');
    await expectHealthy(page);
    await shot(page, '05-invoice-editor');
  }, 120_000);

  it(`issues it after confirming: it becomes ${number}`, async () => {
    await page.getByRole('button', { name: 'Issue invoice' }).click();
    const dialog = page.getByRole('alertdialog', { name: 'Issue this invoice?' });
    await dialog.getByText('An issued invoice can no longer be changed').waitFor();
    await shot(page, '06-issue-confirm');
    await dialog.getByRole('button', { name: 'Issue invoice' }).click();
    await page.getByRole('heading', { name: `Invoice ${number}`, level: 1 }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    invoiceUrl = page.url();
    await page.getByText('Issued', { exact: true }).first().waitFor();
    const amounts = page.locator('dl[aria-label="Amounts"]');
    expect(await definition(amounts, 'Balance due')).toBe('3 094,94 €');
    const lines = page.getByRole('table', { name: 'Lines' });
    await lines.getByText('Kitchen cabinets, oak').waitFor();
    await lines.getByText('Installation').waitFor();
    // Issued: no more editing, payments and documents instead.
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Record payment' }).waitFor();
    await expectHealthy(page);
    await shot(page, '07-issued');
  }, 120_000);

  it('records a partial payment: the invoice is partially paid and shows its balance', async () => {
    await page.getByRole('button', { name: 'Record payment' }).click();
    const dialog = page.getByRole('dialog', { name: 'Record a payment' });
    // Prefilled with the balance due, as the tenant's locale writes it.
    expect(await dialog.getByLabel('Amount').inputValue()).toBe('3094,94');
    await dialog.getByLabel('Amount').fill('1 000');
    await dialog.getByLabel('Method').selectOption({ label: 'Bank transfer' });
    await dialog.getByLabel('Reference').fill('VIR GIRARD 0001');
    await shot(page, '08-record-payment');
    await dialog.getByRole('button', { name: 'Record payment' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByText('Partially paid', { exact: true }).first().waitFor();
    const amounts = page.locator('dl[aria-label="Amounts"]');
    await expect.poll(() => definition(amounts, 'Balance due')).toBe('2 094,94 €');
    expect(await definition(amounts, 'Paid')).toBe('1 000,00 €');
    await page
      .getByRole('list', { name: 'Payments' })
      .getByText('VIR GIRARD 0001', { exact: false })
      .waitFor();
    await expectHealthy(page);
    await shot(page, '09-partially-paid');

    // The list says so too, under Unpaid, and the summary counts it as outstanding.
    await open(page, `${billing}/invoices?status=unpaid`);
    const row = page.getByRole('row', { name: new RegExp(number) });
    await row.getByText('Partially paid').waitFor();
    expect(await rowText(row)).toContain('3 094,94 € 2 094,94 €');
    const outstanding = page.getByRole('link', { name: /^Outstanding/ });
    expect(plain(await outstanding.textContent())).toContain('2 094,94 €');
    await expectHealthy(page);
    await shot(page, '10-invoices-unpaid');
  }, 120_000);

  it('downloads the PDF of the issued invoice and previews it in the page', async () => {
    await open(page, invoiceUrl);
    const pdfResponse = page.waitForResponse((r) =>
      /^\/api\/billing\/invoices\/[^/]+\/pdf$/.test(new URL(r.url()).pathname),
    );
    const downloadEvent = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    const response = await pdfResponse;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/pdf/);
    const download = await downloadEvent;
    expect(download.suggestedFilename()).toBe(`${number}.pdf`);
    const bytes = readFileSync(await download.path());
    expect(bytes.subarray(0, 4).toString('latin1')).toBe('%PDF');

    await page.getByRole('button', { name: 'Preview PDF' }).click();
    const preview = page.locator(`iframe[title="PDF of ${number}"]`);
    await preview.waitFor();
    await preview.scrollIntoViewIfNeeded();
    // The PDF viewer renders the page a moment after the frame loads; the viewport shows it.
    await page.waitForTimeout(3_000);
    await expectHealthy(page);
    await page.screenshot({ path: join(ARTIFACTS, 'billing-11-pdf-preview.png') });
    expect(errors).toEqual([]);
  }, 120_000);
});
