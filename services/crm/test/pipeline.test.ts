/**
 * The service kit's pipeline, through a real service (the CRM API): authentication, CSRF,
 * idempotency, rate limiting, CORS, request ids, body limits, problem details, OpenAPI, health.
 */
import { randomUUID } from 'node:crypto';
import { createTokenVerifier } from '@comptoir/service-kit/tokens';
import {
  bearer,
  createTenant,
  signAccessToken,
  silentLogger,
  testDb,
  useAdminPool,
} from '@comptoir/testing/fixtures';
import { expectProblem, jsonRequest, rawJson, readJson } from '@comptoir/testing/http';
import { SignJWT } from 'jose';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { buildCrmService } from '../src/app.js';
import { PUBLIC_ORIGIN, useCrmService } from './helpers.js';

const admin = useAdminPool();
const { app } = useCrmService();

const contactCount = async (tenantId: string) =>
  (await admin.query('select count(*)::int as n from crm.contacts where tenant_id = $1', [tenantId])).rows[0]
    .n as number;

describe('authentication', () => {
  it('answers 401 with WWW-Authenticate without credentials', async () => {
    const res = await app.request('/contacts');
    await expectProblem(res, 401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer realm="comptoir"/);
  });

  it('refuses an expired token, a token of another issuer key, and garbage', async () => {
    const owner = await createTenant(admin);
    const expired = await signAccessToken(owner, { expiresIn: '-1m' });
    expect(
      (await expectProblem(await app.request('/contacts', { headers: bearer(expired) }), 401)).detail,
    ).toMatch(/expired/);
    const forged = await new SignJWT({
      role: 'authenticated',
      app_metadata: { tenant_id: owner.tenantId, tenant_role: 'OWNER' },
    })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(owner.userId)
      .setAudience('authenticated')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('x'.repeat(40)));
    await expectProblem(await app.request('/contacts', { headers: bearer(forged) }), 401);
    await expectProblem(await app.request('/contacts', { headers: bearer('not.a.jwt') }), 401);
    await expectProblem(await app.request('/contacts', { headers: { authorization: 'Basic abc' } }), 401);
  });

  it('accepts the session cookie, and refuses cross-site writes made with it', async () => {
    const owner = await createTenant(admin);
    const cookie = `comptoir_access=${await signAccessToken(owner)}`;
    expect((await app.request('/contacts', { headers: { cookie } })).status).toBe(200);
    const body = JSON.stringify({ first_name: 'Csrf' });
    const evil = await app.request('/contacts', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'https://evil.example' },
      body,
    });
    await expectProblem(evil, 403);
    const ok = await app.request('/contacts', {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json', origin: 'http://crm.comptoir.localhost:8080' },
      body,
    });
    expect(ok.status).toBe(201);
    expect(await contactCount(owner.tenantId)).toBe(1);
  });
});

describe('Idempotency-Key', () => {
  it('replays the stored response for the same key and body, without a second write', async () => {
    const owner = await createTenant(admin);
    const token = await signAccessToken(owner);
    const key = randomUUID();
    const first = await app.request(
      '/contacts',
      jsonRequest('POST', { first_name: 'Once' }, { ...bearer(token), 'idempotency-key': key }),
    );
    expect(first.status).toBe(201);
    const firstBody = await first.text();
    const again = await app.request(
      '/contacts',
      jsonRequest('POST', { first_name: 'Once' }, { ...bearer(token), 'idempotency-key': key }),
    );
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect(await again.text()).toBe(firstBody);
    expect(await contactCount(owner.tenantId)).toBe(1);
  });

  it('answers 422 when the same key comes with another body, and writes nothing', async () => {
    const owner = await createTenant(admin);
    const token = await signAccessToken(owner);
    const key = randomUUID();
    await app.request(
      '/contacts',
      jsonRequest('POST', { first_name: 'First' }, { ...bearer(token), 'idempotency-key': key }),
    );
    const other = await app.request(
      '/contacts',
      jsonRequest('POST', { first_name: 'Other' }, { ...bearer(token), 'idempotency-key': key }),
    );
    expect((await expectProblem(other, 422)).type).toMatch(/idempotency-key-reused$/);
    expect(await contactCount(owner.tenantId)).toBe(1);
  });

  it('runs concurrent retries of one key exactly once', async () => {
    const owner = await createTenant(admin);
    const token = await signAccessToken(owner);
    const key = randomUUID();
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        app.request(
          '/contacts',
          jsonRequest('POST', { first_name: 'Race' }, { ...bearer(token), 'idempotency-key': key }),
        ),
      ),
    );
    for (const r of responses) expect([201, 409]).toContain(r.status);
    expect(await contactCount(owner.tenantId)).toBe(1);
  });

  it('does not store a failed request: a corrected retry with the same key runs', async () => {
    const owner = await createTenant(admin);
    const token = await signAccessToken(owner);
    const key = randomUUID();
    await expectProblem(
      await app.request(
        '/contacts',
        jsonRequest('POST', { first_name: 'x', bogus: 1 }, { ...bearer(token), 'idempotency-key': key }),
      ),
      422,
    );
    // Different body after a failure: the failure left no key behind.
    const ok = await app.request(
      '/contacts',
      jsonRequest('POST', { first_name: 'x' }, { ...bearer(token), 'idempotency-key': key }),
    );
    expect(ok.status).toBe(201);
  });

  it('keeps keys per tenant: another tenant may use the same key', async () => {
    const a = await signAccessToken(await createTenant(admin));
    const b = await signAccessToken(await createTenant(admin));
    const key = randomUUID();
    expect(
      (
        await app.request(
          '/contacts',
          jsonRequest('POST', { first_name: 'A' }, { ...bearer(a), 'idempotency-key': key }),
        )
      ).status,
    ).toBe(201);
    const res = await app.request(
      '/contacts',
      jsonRequest('POST', { first_name: 'B' }, { ...bearer(b), 'idempotency-key': key }),
    );
    expect(res.status).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
  });

  it('rejects a malformed key with 400', async () => {
    const token = await signAccessToken(await createTenant(admin));
    await expectProblem(
      await app.request(
        '/contacts',
        jsonRequest('POST', { first_name: 'K' }, { ...bearer(token), 'idempotency-key': 'a b\tc' }),
      ),
      400,
    );
  });
});

describe('rate limiting', async () => {
  const { app: limited } = useCrmService({ rateLimit: { points: 3, durationSeconds: 60 } });
  it('counts per credential in PostgreSQL and answers 429 with Retry-After past the limit', async () => {
    const token = await signAccessToken(await createTenant(admin));
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 4; i++) {
      last = await limited.request('/contacts', { headers: bearer(token) });
      statuses.push(last.status);
      if (i === 0) {
        expect(last.headers.get('ratelimit-limit')).toBe('3');
        expect(last.headers.get('ratelimit-remaining')).toBe('2');
      }
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    await expectProblem(last!, 429);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    const { rows } = await admin.query(
      `select count(*)::int as n from private.rate_limits where key like 'crm:cred:%'`,
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });
});

describe('request handling', () => {
  it('echoes a well-formed X-Request-Id and replaces a hostile one', async () => {
    const ok = await app.request('/health', { headers: { 'x-request-id': 'abc-123' } });
    expect(ok.headers.get('x-request-id')).toBe('abc-123');
    const hostile = await app.request('/health', { headers: { 'x-request-id': 'a b<script>' } });
    expect(hostile.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers CORS preflights for platform origins only', async () => {
    const ok = await app.request('/contacts', {
      method: 'OPTIONS',
      headers: { origin: 'http://crm.comptoir.localhost:8080', 'access-control-request-method': 'POST' },
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe('http://crm.comptoir.localhost:8080');
    expect(ok.headers.get('access-control-allow-credentials')).toBe('true');
    const evil = await app.request('/contacts', {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers CORS on requests from platform origins, and varies on Origin for every response', async () => {
    const owner = await createTenant(admin);
    const token = await signAccessToken(owner);
    const fromApp = await app.request('/contacts', {
      headers: { ...bearer(token), origin: 'http://crm.comptoir.localhost:8080' },
    });
    expect(fromApp.status).toBe(200);
    expect(fromApp.headers.get('access-control-allow-origin')).toBe('http://crm.comptoir.localhost:8080');
    expect(fromApp.headers.get('access-control-allow-credentials')).toBe('true');
    expect(fromApp.headers.get('access-control-expose-headers')).toContain('RateLimit-Remaining');
    expect(fromApp.headers.get('vary')).toContain('Origin');
    // Same data without an Origin (CLI, mobile, same-origin GET): no CORS headers, Vary still set,
    // and the other middleware's headers (request id, security) all there.
    const direct = await app.request('/contacts', { headers: bearer(token) });
    expect(direct.status).toBe(200);
    expect(direct.headers.get('access-control-allow-origin')).toBeNull();
    expect(direct.headers.get('vary')).toContain('Origin');
    expect(direct.headers.get('x-request-id')).not.toBeNull();
    expect(direct.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await direct.json()).toEqual(await fromApp.json());
  });

  it('refuses oversize bodies with 413 and malformed JSON with 400, writing nothing', async () => {
    const owner = await createTenant(admin);
    const token = await signAccessToken(owner);
    const huge = JSON.stringify({ first_name: 'x'.repeat(2 * 1024 * 1024) });
    await expectProblem(await app.request('/contacts', rawJson('POST', huge, bearer(token))), 413);
    await expectProblem(
      await app.request('/contacts', rawJson('POST', '{"first_name":', bearer(token))),
      400,
    );
    await expectProblem(
      await app.request('/contacts', {
        method: 'POST',
        headers: { ...bearer(token), 'content-type': 'text/plain' },
        body: 'hi',
      }),
      415,
    );
    expect(await contactCount(owner.tenantId)).toBe(0);
  });

  it('answers unknown routes with a 404 problem and sets security headers', async () => {
    const token = await signAccessToken(await createTenant(admin));
    const res = await app.request('/nope', { headers: bearer(token) });
    await expectProblem(res, 404);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
  });
});

describe('operations endpoints', () => {
  it('serves health, readiness, Prometheus metrics, the OpenAPI 3.1 document and its docs page', async () => {
    expect(await readJson(await app.request('/health'))).toEqual({ status: 'ok', service: 'crm' });
    expect((await app.request('/ready')).status).toBe(200);
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toContain('http_server_request_duration_seconds_bucket');
    const doc = await readJson(await app.request('/openapi.json'));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.servers).toEqual([{ url: '/api/crm' }]);
    const operations = Object.values(doc.paths).flatMap((p) =>
      Object.values(p as Record<string, { operationId: string }>),
    );
    const ids = operations.map((o) => o.operationId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'createContact',
        'deleteContact',
        'getContact',
        'listContacts',
        'restoreContact',
        'updateContact',
      ]),
    );
    expect(new Set(ids).size).toBe(ids.length);
    // Every operation says which permission it needs.
    for (const op of operations as Array<Record<string, unknown>>)
      expect(op['x-permission']).toMatch(/^[a-z_]+:[a-z_]+/);
    const docs = await app.request('/docs');
    expect(docs.headers.get('content-type')).toMatch(/text\/html/);
    expect(await docs.text()).toContain('swagger-ui-bundle.js');
  });
});

describe('Supabase HS256 tokens', () => {
  it('are accepted when SUPABASE_JWT_SECRET is configured, with the tenant from app_metadata', async () => {
    const secret = 'super-secret-jwt-token-with-at-least-32-characters';
    const pool = new pg.Pool({ connectionString: testDb().serviceUrls.crm, max: 2 });
    try {
      const service = buildCrmService({
        pool,
        verifyToken: createTokenVerifier({
          jwks: testDb().jwks as never,
          issuer: testDb().issuer,
          supabaseJwtSecret: secret,
        }),
        publicOrigin: PUBLIC_ORIGIN,
        logger: silentLogger(),
        rateLimit: false,
        trustProxy: false,
      });
      const owner = await createTenant(admin);
      const token = await new SignJWT({
        role: 'authenticated',
        app_metadata: { tenant_id: owner.tenantId, tenant_role: 'OWNER' },
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(owner.userId)
        .setAudience('authenticated')
        .setIssuer('https://project.supabase.co/auth/v1')
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
      const res = await service.app.request(
        '/contacts',
        jsonRequest('POST', { first_name: 'Supa' }, bearer(token)),
      );
      expect(res.status).toBe(201);
    } finally {
      await pool.end();
    }
  });
});
