import { describe, expect, it } from 'vitest';
import { resolveRoute } from './resolve.js';
import { isPlatformOrigin, parsePublicOrigin, subdomainUrl } from './table.js';

const domain = 'comptoir.localhost';

describe('resolveRoute', () => {
  it('sends /api/<vertical> to its API on every host, prefix stripped, query kept', () => {
    const r = resolveRoute('crm.comptoir.localhost', '/api/crm/contacts?limit=5', domain);
    expect(r).toMatchObject({ kind: 'route', route: { id: 'crm-api' }, path: '/contacts?limit=5' });
    expect(resolveRoute('account.comptoir.localhost', '/api/auth/login', domain)).toMatchObject({
      route: { id: 'auth-api' },
      path: '/login',
    });
    expect(resolveRoute('crm.comptoir.localhost', '/api/auth', domain)).toMatchObject({
      route: { id: 'auth-api' },
      path: '/',
    });
  });

  it('sends a vertical subdomain to its web app, path untouched', () => {
    expect(resolveRoute('CRM.comptoir.localhost', '/contacts', domain)).toMatchObject({
      route: { id: 'crm-web' },
      path: '/contacts',
    });
  });

  it('does not mistake a longer prefix for an API', () => {
    expect(resolveRoute('crm.comptoir.localhost', '/api/crmx', domain)).toMatchObject({
      route: { id: 'crm-web' },
    });
  });

  it('redirects the bare domain home and refuses foreign hosts', () => {
    expect(resolveRoute('comptoir.localhost', '/', domain)).toEqual({
      kind: 'redirect',
      subdomain: 'account',
    });
    expect(resolveRoute('evil.example', '/', domain)).toEqual({ kind: 'none' });
    expect(resolveRoute('nope.comptoir.localhost', '/', domain)).toEqual({ kind: 'none' });
  });
});

describe('public origins', () => {
  const origin = parsePublicOrigin('http://comptoir.localhost:8080');

  it('builds subdomain URLs, omitting default ports', () => {
    expect(subdomainUrl(origin, 'crm')).toBe('http://crm.comptoir.localhost:8080');
    expect(subdomainUrl(parsePublicOrigin('https://comptoir.example.com'), 'crm')).toBe(
      'https://crm.comptoir.example.com',
    );
  });

  it('accepts only the platform’s own origins', () => {
    expect(isPlatformOrigin(origin, 'http://crm.comptoir.localhost:8080')).toBe(true);
    expect(isPlatformOrigin(origin, 'http://comptoir.localhost:8080/x')).toBe(true);
    expect(isPlatformOrigin(origin, 'https://crm.comptoir.localhost:8080')).toBe(false);
    expect(isPlatformOrigin(origin, 'http://crm.comptoir.localhost:9999')).toBe(false);
    expect(isPlatformOrigin(origin, 'http://evilcomptoir.localhost:8080')).toBe(false);
    expect(isPlatformOrigin(origin, 'http://comptoir.localhost.evil.example:8080')).toBe(false);
    expect(isPlatformOrigin(origin, 'not a url')).toBe(false);
  });
});
