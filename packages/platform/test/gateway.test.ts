/**
 * The local gateway serves the routing table on one port, like Traefik in production: APIs by
 * path prefix on every host (prefix stripped), web apps by subdomain, the bare domain redirected
 * home, anything else refused.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Gateway, startGateway } from '../src/gateway.js';

const servers: http.Server[] = [];
let gateway: Gateway;

/** An upstream that answers with its name and the path it received. */
async function echo(name: string): Promise<string> {
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        name,
        url: req.url,
        forwardedFor: req.headers['x-forwarded-for'] ?? null,
        host: req.headers.host,
      }),
    );
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  servers.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const domain = 'comptoir.localhost';
const get = (host: string, path: string) =>
  new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port: gateway.port, path, headers: { host: `${host}:${gateway.port}` } },
      (res) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });

beforeAll(async () => {
  const targets = new Map([
    ['api:auth', await echo('auth-api')],
    ['api:crm', await echo('crm-api')],
    ['web:crm', await echo('crm-web')],
    ['web:account', 'http://127.0.0.1:9'], // nothing listens there
  ]);
  gateway = await startGateway({ origin: { scheme: 'http', domain, port: 0 }, targets });
});

afterAll(async () => {
  await gateway.close();
  for (const s of servers) s.close();
});

describe('gateway', () => {
  it('sends /api/<vertical> to its API from any subdomain, with the prefix stripped and X-Forwarded-For set', async () => {
    const res = await get(`crm.${domain}`, '/api/crm/contacts?limit=2');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      name: 'crm-api',
      url: '/contacts?limit=2',
      forwardedFor: expect.stringMatching(/127\.0\.0\.1/),
    });
    expect(JSON.parse((await get(`account.${domain}`, '/api/auth/login')).body)).toMatchObject({
      name: 'auth-api',
      url: '/login',
    });
  });

  it('sends a subdomain to its web app with the path untouched', async () => {
    expect(JSON.parse((await get(`crm.${domain}`, '/contacts/42')).body)).toMatchObject({
      name: 'crm-web',
      url: '/contacts/42',
    });
  });

  it('redirects the bare domain to the home app', async () => {
    const res = await get(domain, '/');
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`http://account.${domain}:${gateway.port}/`);
  });

  it('refuses hosts outside the platform with a 404 problem', async () => {
    const res = await get('evil.example', '/');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });

  it('answers 502 with a problem when an app does not answer', async () => {
    const res = await get(`account.${domain}`, '/');
    expect(res.status).toBe(502);
    expect(res.headers['content-type']).toBe('application/problem+json');
  });
});
