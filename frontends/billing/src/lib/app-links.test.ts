import { describe, expect, it } from 'vitest';
import { crmDealUrl } from './app-links';

describe('crmDealUrl', () => {
  it("Should link to the deal in the CRM's subdomain, keeping the scheme and port", () => {
    expect(crmDealUrl('http://comptoir.localhost:8080', 'de000000-0000-4000-8000-0000000000a2')).toBe(
      'http://crm.comptoir.localhost:8080/deals/de000000-0000-4000-8000-0000000000a2',
    );
    expect(crmDealUrl('https://comptoir.example.com', 'd1')).toBe(
      'https://crm.comptoir.example.com/deals/d1',
    );
  });
});
