/**
 * Seller settings, customers, tax rates and products through the real HTTP handlers: validation
 * of French identifiers, the French default VAT rates, archiving, permissions and tenant
 * isolation.
 */
import { addMember, createTenant, signAccessToken, useAdminPool } from '@comptoir/testing/fixtures';
import { expectProblem } from '@comptoir/testing/http';
import { describe, expect, it } from 'vitest';
import { billingTenant, client, SELLER_SETTINGS, useBillingService } from './helpers.js';

const admin = useAdminPool();
const { app } = useBillingService();
const { send, ok, get } = client(app);

async function owner() {
  const member = await createTenant(admin, 'Boutique Éloïse');
  return { member, token: await signAccessToken(member) };
}

describe('billing settings', () => {
  it('start from the tenant name and list what is missing before issuing', async () => {
    const { token } = await owner();
    const settings = await ok(get('/settings', token));
    expect(settings).toMatchObject({
      legal_name: 'Boutique Éloïse',
      vat_regime: 'normal',
      invoice_prefix: 'F',
      complete: false,
      missing: ['address_line1', 'postal_code', 'city', 'siren', 'vat_number'],
    });
    const updated = await ok(send('PATCH', '/settings', token, SELLER_SETTINGS));
    expect(updated).toMatchObject({
      complete: true,
      missing: [],
      iban: 'FR7630006000011234567890189',
      bic: 'AGRIFRPP',
    });
  });

  it('refuses a SIREN failing its check digit, a bad IBAN and a bad colour, naming each field', async () => {
    const { token } = await owner();
    const problem = await expectProblem(
      await send('PATCH', '/settings', token, {
        siren: '303265046',
        iban: 'not an iban',
        primary_color: 'blue',
      }),
      422,
    );
    expect(problem.errors?.map((e) => e.pointer).sort()).toEqual(['#/iban', '#/primary_color', '#/siren']);
  });

  it('are changed by admins only', async () => {
    const { member, token } = await owner();
    const manager = await signAccessToken(await addMember(admin, member.tenantId, 'MANAGER'));
    await expectProblem(await send('PATCH', '/settings', manager, { city: 'Nantes' }), 403);
    await ok(get('/settings', manager));
    await ok(send('PATCH', '/settings', token, { city: 'Nantes' }));
  });

  it('store a PNG logo and refuse anything else', async () => {
    const { token } = await owner();
    const png = Buffer.from(
      '89504e470d0a1a0a0000000d4948445200000001000000010806000000' +
        '1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082',
      'hex',
    );
    const put = (body: Buffer, type: string) =>
      app.request('/settings/logo', {
        method: 'PUT',
        headers: { authorization: `Bearer ${token}`, 'content-type': type },
        body,
      });
    expect((await put(png, 'image/png')).status).toBe(204);
    expect((await ok(get('/settings', token))).has_logo).toBe(true);
    await expectProblem(await put(Buffer.from('GIF89a'), 'image/png'), 422);
    await expectProblem(await put(png, 'image/gif'), 415);
  });
});

describe('customers', () => {
  it('creates, normalises identifiers, searches by name prefix and pages', async () => {
    const { token } = await owner();
    const created = await ok(
      send('POST', '/customers', token, {
        legal_name: 'Société Générale de Boulangerie',
        siren: '542 065 479',
        siret: '542 065 479 00017',
        vat_number: 'fr 61 542065479',
        email: 'Compta@Example.com',
        country_code: 'fr',
      }),
      201,
    );
    expect(created).toMatchObject({
      siren: '542065479',
      siret: '54206547900017',
      vat_number: 'FR61542065479',
      email: 'compta@example.com',
      country_code: 'FR',
      default_currency: 'EUR',
      kind: 'business',
    });
    for (const name of ['Alpha', 'Bravo', 'Charlie'])
      await ok(send('POST', '/customers', token, { legal_name: name }), 201);
    expect((await ok(get('/customers?q=soc', token))).data.map((c: any) => c.legal_name)).toEqual([
      'Société Générale de Boulangerie',
    ]);
    const first = await ok(get('/customers?limit=2', token));
    const second = await ok(get(`/customers?limit=2&cursor=${first.next_cursor}`, token));
    expect([...first.data, ...second.data].map((c: any) => c.legal_name)).toEqual([
      'Alpha',
      'Bravo',
      'Charlie',
      'Société Générale de Boulangerie',
    ]);
    expect(second.next_cursor).toBeNull();
  });

  it('refuses a SIRET of another SIREN and an invalid SIRET', async () => {
    const { token } = await owner();
    await expectProblem(
      await send('POST', '/customers', token, {
        legal_name: 'X',
        siren: '542065479',
        siret: '30326504500011',
      }),
      422,
    );
    await expectProblem(
      await send('POST', '/customers', token, { legal_name: 'X', siret: '30326504500012' }),
      422,
    );
  });

  it('are archived by managers, not members, and archived ones leave the default list', async () => {
    const { member, token } = await owner();
    const memberToken = await signAccessToken(await addMember(admin, member.tenantId, 'MEMBER'));
    const customer = await ok(send('POST', '/customers', memberToken, { legal_name: 'Old client' }), 201);
    await expectProblem(
      await send('PATCH', `/customers/${customer.id}`, memberToken, { archived: true }),
      403,
    );
    const archived = await ok(send('PATCH', `/customers/${customer.id}`, token, { archived: true }));
    expect(archived.archived_at).not.toBeNull();
    expect((await ok(get('/customers', token))).data).toEqual([]);
    expect((await ok(get('/customers?archived=true', token))).data).toHaveLength(1);
  });

  it("is 404 for another tenant's customer", async () => {
    const a = await billingTenant(app, admin);
    const { token } = await owner();
    await expectProblem(await get(`/customers/${a.customer.id}`, token), 404);
    await expectProblem(
      await send('PATCH', `/customers/${a.customer.id}`, token, { legal_name: 'Mine' }),
      404,
    );
    await expectProblem(await get(`/customers/${a.customer.id}/balance`, token), 404);
    expect((await ok(get(`/customers/${a.customer.id}`, a.token))).legal_name).toBe(
      'Boulangerie Martin SARL',
    );
  });
});

describe('tax rates', () => {
  it('start with the French rates, 20 % by default, and exemptions carrying their legal mention', async () => {
    const { token } = await owner();
    const { data } = await ok(get('/tax-rates', token));
    expect(data[0]).toMatchObject({ rate_basis_points: 2000, is_default: true, vat_category: 'S' });
    expect(data.filter((r: any) => r.vat_category === 'S').map((r: any) => r.rate_basis_points)).toEqual([
      2000, 1000, 550, 210,
    ]);
    expect(data.find((r: any) => r.vat_category === 'AE')).toMatchObject({
      exemption_reason_code: 'VATEX-EU-AE',
    });
    expect(data.find((r: any) => r.exemption_reason_code === 'VATEX-FR-FRANCHISE').exemption_reason).toMatch(
      /293 B/,
    );
    // Reading twice creates nothing more.
    expect((await ok(get('/tax-rates', token))).data).toHaveLength(data.length);
  });

  it('refuse an exemption without its mention and a standard rate of zero; the default moves and cannot be archived', async () => {
    const { token } = await owner();
    await expectProblem(
      await send('POST', '/tax-rates', token, { name: 'Exonéré', rate_basis_points: 0, vat_category: 'E' }),
      422,
    );
    await expectProblem(
      await send('POST', '/tax-rates', token, { name: 'Zéro', rate_basis_points: 0, vat_category: 'S' }),
      422,
    );
    const corse = await ok(
      send('POST', '/tax-rates', token, {
        name: 'TVA Corse 13 %',
        rate_basis_points: 1300,
        vat_category: 'S',
        is_default: true,
      }),
      201,
    );
    const { data } = await ok(get('/tax-rates', token));
    expect(data.filter((r: any) => r.is_default).map((r: any) => r.id)).toEqual([corse.id]);
    await expectProblem(await send('PATCH', `/tax-rates/${corse.id}`, token, { archived: true }), 422);
    await expectProblem(
      await send('POST', '/tax-rates', token, {
        name: 'TVA Corse 13 %',
        rate_basis_points: 1300,
        vat_category: 'S',
      }),
      409,
    );
  });
});

describe('products', () => {
  it('default to the default tax rate, archive, and refuse a rate of another tenant', async () => {
    const { token } = await owner();
    const other = await owner();
    const foreignRate = (await ok(get('/tax-rates', other.token))).data[0].id;
    const product = await ok(
      send('POST', '/products', token, {
        name: 'Heure de conseil',
        unit_code: 'HUR',
        unit_price_minor: 9_000,
      }),
      201,
    );
    const defaultRate = (await ok(get('/tax-rates', token))).data[0];
    expect(product).toMatchObject({ tax_rate_id: defaultRate.id, currency: 'EUR', unit_code: 'HUR' });
    await expectProblem(
      await send('POST', '/products', token, { name: 'X', unit_price_minor: 1, tax_rate_id: foreignRate }),
      422,
    );
    await expectProblem(await send('POST', '/products', token, { name: 'X', unit_price_minor: 1.5 }), 422);
    await ok(send('PATCH', `/products/${product.id}`, token, { archived: true }));
    expect((await ok(get('/products', token))).data).toEqual([]);
    await expectProblem(await get(`/products/${product.id}`, other.token), 404);
  });
});
