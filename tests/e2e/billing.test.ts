/**
 * The billing web app in a browser against the whole platform (demo seed, throwaway database):
 * signing in as the owner of Atelier Dupont (whose seller settings are complete), creating a
 * customer (with a field error first), writing an invoice with two lines whose totals and VAT
 * breakdown follow as they are typed, issuing it (F-<year>-000001), recording a partial payment,
 * and downloading the PDF; then a quote written, sent and converted into a draft invoice, the
 * plans page on FREE without Stripe, a SEPA mandate recorded (with a refused IBAN first), and the
 * recurring invoices, direct debits and dunning screens. One test per step, in order, in one
 * signed-in browser context; screenshots go to test-results/e2e/billing-*.png.
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
  /** A customer of the demo seed: quotes and mandates. */
  const seeded = 'Boulangerie Léa SARL';

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

  it('e-mails the issued invoice to the customer, its PDF attached', async () => {
    await open(page, invoiceUrl);
    await page.getByRole('button', { name: 'E-mail' }).click();
    const sent = page.waitForResponse((r) =>
      /\/api\/billing\/invoices\/[^/]+\/email$/.test(new URL(r.url()).pathname),
    );
    await page.getByRole('button', { name: 'Send e-mail' }).click();
    expect((await sent).status()).toBe(202);
    await page.getByText('E-mailed to compta@menuiserie-girard.example.fr').waitFor();
    await expectHealthy(page);
    expect(errors).toEqual([]);
  }, 60_000);

  it('writes a quote with one line, sends it and converts it into a draft invoice with the same total', async () => {
    await open(page, `${billing}/customers`);
    const nav = page.getByRole('navigation', { name: 'Billing' });
    for (const section of ['Quotes', 'Recurring', 'Direct debits', 'Plan']) {
      expect(await nav.getByRole('link', { name: section }).count()).toBe(1);
    }
    await page.getByRole('link', { name: seeded }).click();
    await page.getByRole('heading', { name: seeded, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByRole('link', { name: 'New quote' }).click();
    await page.getByRole('heading', { name: 'New quote', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    // The customer of the page it came from is already chosen.
    expect(await page.getByRole('combobox', { name: 'Customer' }).inputValue()).toBe(seeded);
    await page.getByLabel('Title').fill('Shop front renovation');
    await page.getByLabel('Description (line 1)').fill('Oak counter, made to measure');
    await page.getByLabel('Quantity (line 1)').fill('3');
    await page.getByLabel('Unit (line 1)').selectOption({ label: 'Day' });
    await page.getByLabel('Unit price (line 1)').fill('450');
    // 3 days × 450,00 = 1 350,00 at the default 20 %.
    const totals = page.locator('dl[aria-label="Quote totals"]');
    await expect.poll(() => definition(totals, 'Total incl. VAT')).toBe('1 620,00 €');
    await expectHealthy(page);
    await shot(page, 'quote-01-editor');

    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByRole('heading', { name: 'Draft quote', level: 1 }).waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    await page.getByRole('table', { name: 'Lines' }).getByText('Oak counter, made to measure').waitFor();

    await page.getByRole('button', { name: 'Send quote' }).click();
    const send = page.getByRole('alertdialog', { name: 'Send this quote?' });
    await send.getByText('can no longer be changed').waitFor();
    await send.getByRole('button', { name: 'Send quote' }).click();
    const sentHeading = page.getByRole('heading', { name: /^Quote D-\d{4}-\d{6}$/, level: 1 });
    await sentHeading.waitFor({ timeout: 30_000 });
    await page.waitForLoadState('networkidle');
    const quoteNumber = plain(await sentHeading.textContent()).replace(/^Quote /, '');
    await page.getByText('Sent', { exact: true }).first().waitFor();
    expect(await page.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    // The sent quote's PDF, fetched with the session.
    const pdfResponse = page.waitForResponse((r) =>
      /^\/api\/billing\/quotes\/[^/]+\/pdf$/.test(new URL(r.url()).pathname),
    );
    const downloadEvent = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download PDF' }).click();
    const response = await pdfResponse;
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^application\/pdf/);
    expect((await downloadEvent).suggestedFilename()).toBe(`${quoteNumber}.pdf`);
    await expectHealthy(page);
    await shot(page, 'quote-02-sent');

    await page.getByRole('button', { name: 'Convert to invoice' }).click();
    const convert = page.getByRole('alertdialog', { name: 'Convert to invoice?' });
    await convert.getByRole('button', { name: 'Convert to invoice' }).click();
    await page.waitForURL((url) => /^\/invoices\/[0-9a-f-]{36}$/.test(url.pathname), { timeout: 30_000 });
    await page.getByRole('heading', { name: 'Draft invoice', level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    const amounts = page.locator('dl[aria-label="Amounts"]');
    expect(await definition(amounts, 'Total incl. VAT')).toBe('1 620,00 €');
    await page.getByRole('table', { name: 'Lines' }).getByText('Oak counter, made to measure').waitFor();
    await page.getByRole('link', { name: 'quote', exact: true }).waitFor();
    await expectHealthy(page);
    await shot(page, 'quote-03-invoice');

    // The quote is accepted on the way and points at its invoice; the list says so.
    await open(page, `${billing}/quotes?status=accepted`);
    const row = page.getByRole('row', { name: new RegExp(quoteNumber) });
    await row.getByText('Accepted').waitFor();
    await row.getByText('Invoiced').waitFor();
    expect(await rowText(row)).toContain('1 620,00 €');
    await expectHealthy(page);
    await shot(page, 'quote-04-list');
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows the plan: FREE with its usage, and upgrades disabled while Stripe is not configured', async () => {
    await open(page, `${billing}/plan`);
    await page.getByRole('heading', { name: 'Plan', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Free', level: 2 }).waitFor();
    // FREE quotas: 10 invoices, 50 AI requests, 2 seats a month.
    const bars = page.getByRole('list', { name: 'Usage' });
    for (const [name, max] of [
      ['Invoices used this month', '10'],
      ['AI requests used this month', '50'],
      ['Seats used this month', '2'],
    ] as const) {
      expect(await bars.getByRole('progressbar', { name }).getAttribute('aria-valuemax')).toBe(max);
    }
    const plans = page.getByRole('list', { name: 'Plans' });
    await plans.getByText('Current plan').waitFor();
    expect(
      plain(await plans.getByRole('listitem').filter({ hasText: 'Starter' }).first().textContent()),
    ).toContain('19,00 € / month excl. VAT');
    const upgrades = plans.getByRole('button', { name: /^Upgrade to / });
    expect(await upgrades.count()).toBe(3);
    for (const button of await upgrades.all()) expect(await button.isDisabled()).toBe(true);
    await page.getByRole('status').filter({ hasText: 'not configured' }).waitFor();
    await expectHealthy(page);
    await shot(page, 'plan');
    expect(errors).toEqual([]);
  }, 120_000);

  it('adds a SEPA mandate to a customer: an IBAN outside SEPA is refused next to its field', async () => {
    await open(page, `${billing}/customers`);
    await page.getByRole('link', { name: seeded }).click();
    await page.getByRole('heading', { name: seeded, level: 1 }).waitFor();
    await page.waitForLoadState('networkidle');
    await page.getByRole('heading', { name: 'No SEPA mandate' }).waitFor();
    await page.getByRole('button', { name: 'Add mandate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Add a SEPA mandate' });
    const iban = dialog.getByLabel('Debtor IBAN');
    // A well-formed Brazilian IBAN: the API refuses it (not in the SEPA schemes) on its field.
    await iban.fill('BR18 0036 0305 0000 1000 9795 493C 1');
    await dialog.getByRole('button', { name: 'Add mandate' }).click();
    await expect.poll(() => iban.getAttribute('aria-invalid'), { timeout: 15_000 }).toBe('true');
    await dialog
      .getByText(/not in the SEPA schemes/)
      .first()
      .waitFor();

    await iban.fill('FR14 2004 1010 0505 0001 3M02 606');
    await dialog.getByRole('button', { name: 'Add mandate' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const mandates = page.getByRole('list', { name: 'SEPA mandates' });
    await mandates.getByText('FR14 2004 1010 0505 0001 3M02 606').waitFor();
    await mandates.getByText('Active', { exact: true }).waitFor();
    await mandates.getByText(/First collection next/).waitFor();
    await expectHealthy(page);
    await shot(page, 'mandate');
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows the dunning of an invoice, the dunning settings, recurring invoices and direct debits', async () => {
    await open(page, invoiceUrl);
    await page.getByRole('heading', { name: 'Dunning', level: 2 }).waitFor();
    await page.getByRole('heading', { name: 'No reminders yet' }).waitFor();

    await open(page, `${billing}/settings#dunning`);
    const steps = page.getByRole('list', { name: 'Dunning steps' });
    // The default schedule: +7, +15, +30, then a formal notice at +45.
    expect(await steps.getByRole('listitem').count()).toBe(4);
    expect(await page.getByLabel('Days after the due date (step 4)').inputValue()).toBe('45');
    await page.getByRole('button', { name: 'Run dunning now' }).click();
    await page.getByText(/^Checked \d+ overdue invoices?:/).waitFor();

    await open(page, `${billing}/recurring`);
    await page.getByRole('heading', { name: 'Recurring invoices', level: 1 }).waitFor();
    await open(page, `${billing}/direct-debits/new`);
    await page.getByRole('heading', { name: 'New direct debit batch', level: 1 }).waitFor();
    // Menuiserie Girard's invoice has no mandate; Boulangerie Léa's converted quote is still a draft.
    await page
      .getByRole('table', { name: 'Unpaid invoices' })
      .getByText('No active mandate for this customer')
      .waitFor();
    await expectHealthy(page);
    expect(errors).toEqual([]);
  }, 120_000);
});
