/**
 * @module service
 * `createService()`: the one way a Comptoir API is assembled. Middleware runs in this order:
 *
 * 1. request id (`X-Request-Id`, kept from the client when well-formed)
 * 2. JSON access log with PII redaction, and metrics
 * 3. secure headers
 * 4. CORS, allowing only the platform's own origins (credentials included)
 * 5. body size limit (413)
 *    — `/health`, `/ready`, `/metrics`, `/openapi.json`, `/docs` are answered here —
 * 6. rate limit shared across replicas (PostgreSQL)
 *    — public routes (sign-up, sign-in, webhooks) are answered here —
 * 7. authentication (JWT, API key or session cookie)
 * 8. the tenant transaction (`c.var.db`, RLS as the caller)
 * 9. `Idempotency-Key` on POST/PATCH
 * 10. per route: the permission guard, validation, the handler.
 *
 * Errors of every layer become RFC 9457 problems through one `onError`.
 */
import type { PublicOrigin } from '@comptoir/routing';
import { isPlatformOrigin } from '@comptoir/routing';
import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { cors } from 'hono/cors';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type pg from 'pg';
import type { Logger } from 'pino';
import { authenticate } from './auth.js';
import type { AppEnv } from './context.js';
import { idempotency } from './idempotency.js';
import { requestLogger } from './logger.js';
import { createMetrics, type ServiceMetrics } from './metrics.js';
import { mountOpenApi } from './openapi.js';
import { problemResponse, toProblem, validationHook } from './problem.js';
import { rateLimit } from './rate-limit.js';
import { tenantTransaction } from './tenant-transaction.js';
import type { TokenVerifier } from './tokens.js';

/** Options of {@link createService}. */
export interface ServiceOptions<DB> {
  /** Service name: log field, metrics label, rate-limit namespace, outbox source. */
  name: string;
  title: string;
  version: string;
  description: string;
  /** Public path prefix, e.g. '/api/crm'. */
  basePath: string;
  /** Pool of the service's login role. */
  pool: pg.Pool;
  /** Role each request runs as, e.g. 'crm_authenticated'. */
  requestRole: string;
  verifyToken: TokenVerifier;
  publicOrigin: PublicOrigin;
  logger: Logger;
  /** Requests per window and client; false disables (never in production). */
  rateLimit: { points: number; durationSeconds: number } | false;
  trustProxy: boolean;
  /** Largest accepted body in bytes (default 1 MiB). */
  maxBodyBytes?: number;
  /** Larger limits for some paths (file uploads), first match wins. */
  bodyLimits?: Array<{ pathPrefix: string; maxBytes: number }>;
  /** When set, /metrics requires this bearer token. */
  metricsToken?: string | undefined;
  /** Routes callable without credentials (rate limited). */
  publicRoutes?: OpenAPIHono<AppEnv<DB>>[];
  /** Routes of the tenant's data (authenticated, in the tenant transaction). */
  routes: OpenAPIHono<AppEnv<DB>>[];
}

/** A built service. */
export interface Service<DB> {
  app: OpenAPIHono<AppEnv<DB>>;
  metrics: ServiceMetrics;
  /** Flip to false on shutdown: /ready answers 503 so load balancers stop routing here. */
  state: { ready: boolean };
}

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Builds a service app (does not listen: `server.ts` does, tests call `app.request()`).
 *
 * @example
 * const service = createService<DB>({ name: 'crm', …, routes: [contactsRouter] });
 * export const app = service.app;
 */
export function createService<DB>(options: ServiceOptions<DB>): Service<DB> {
  const app = new OpenAPIHono<AppEnv<DB>>({ defaultHook: validationHook });
  const metrics = createMetrics(options.name);
  const state = { ready: true };

  app.onError((error, c) =>
    toProblem(error, c, (e) => (c.var.logger ?? options.logger).error({ err: e }, 'unhandled error')),
  );
  app.notFound((c) => problemResponse(c, 404, { detail: `No route ${c.req.method} ${c.req.path}` }));

  app.use(
    requestId({
      headerName: 'X-Request-Id',
      generator: () => crypto.randomUUID(),
      limitLength: 128,
    }),
  );
  app.use(async (c, next) => {
    // hono/request-id accepts any visible characters; keep ids log-safe.
    if (!REQUEST_ID.test(c.var.requestId)) c.set('requestId', crypto.randomUUID());
    await next();
  });
  app.use(requestLogger(options.logger));
  app.use(metrics.middleware);
  app.use(
    secureHeaders({
      contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
      crossOriginResourcePolicy: 'same-site',
      strictTransportSecurity:
        options.publicOrigin.scheme === 'https' ? 'max-age=31536000; includeSubDomains' : false,
    }),
  );
  // CORS only concerns requests that carry an Origin. Hono's cors middleware touches `c.res`
  // before the handler and calls `c.header()` after it, which turns node-server's lightweight
  // response into a full web Response streamed back (measured: a sizeable share of a list page's
  // server time). Without an Origin it has nothing to answer, so it is skipped; `Vary: Origin`
  // is still sent, set on the response's own headers, so caches keep the two kinds apart.
  const corsHandler = cors({
    origin: (origin) => (isPlatformOrigin(options.publicOrigin, origin) ? origin : null),
    credentials: true,
    allowMethods: ['GET', 'HEAD', 'POST', 'PATCH', 'PUT', 'DELETE'],
    allowHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Api-Key', 'X-Request-Id'],
    exposeHeaders: [
      'Location',
      'Retry-After',
      'X-Request-Id',
      'Idempotent-Replayed',
      'RateLimit-Limit',
      'RateLimit-Remaining',
      'RateLimit-Reset',
      'RateLimit-Policy',
    ],
    maxAge: 600,
  });
  app.use(async (c, next) => {
    if (c.req.header('origin') !== undefined) return corsHandler(c, next);
    await next();
    try {
      c.res.headers.append('vary', 'Origin');
    } catch {
      c.header('vary', 'Origin', { append: true }); // a response with immutable headers
    }
  });
  const limitFor = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) =>
        problemResponse(c, 413, {
          type: 'body-too-large',
          detail: `The request body exceeds ${maxSize} bytes`,
        }),
    });
  const defaultLimit = limitFor(options.maxBodyBytes ?? 1024 * 1024);
  const pathLimits = (options.bodyLimits ?? []).map((l) => ({
    prefix: l.pathPrefix,
    limit: limitFor(l.maxBytes),
  }));
  app.use((c, next) => {
    // GET and HEAD carry no body; skipping them also spares building a full Request object.
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const special = pathLimits.find((l) => c.req.path.startsWith(l.prefix));
    return (special?.limit ?? defaultLimit)(c, next);
  });

  // Infrastructure endpoints: no rate limit, no credentials.
  app.get('/health', (c) => c.json({ status: 'ok', service: options.name }));
  app.get('/ready', async (c) => {
    if (!state.ready) return problemResponse(c, 503, { type: 'shutting-down', detail: 'Shutting down' });
    try {
      await Promise.race([
        options.pool.query('select 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('database timeout')), 2000)),
      ]);
      return c.json({ status: 'ready', service: options.name });
    } catch {
      return problemResponse(c, 503, { type: 'not-ready', detail: 'The database does not answer' });
    }
  });
  app.get('/metrics', async (c) => {
    if (options.metricsToken && c.req.header('authorization') !== `Bearer ${options.metricsToken}`) {
      return problemResponse(c, 401, { detail: 'Metrics need the metrics token' });
    }
    c.header('content-type', metrics.registry.contentType);
    return c.body(await metrics.registry.metrics());
  });
  mountOpenApi(app, {
    title: options.title,
    version: options.version,
    description: options.description,
    basePath: options.basePath,
  });

  if (options.rateLimit) {
    app.use(
      rateLimit({
        pool: options.pool,
        keyPrefix: options.name,
        points: options.rateLimit.points,
        durationSeconds: options.rateLimit.durationSeconds,
        trustProxy: options.trustProxy,
      }),
    );
  }
  for (const router of options.publicRoutes ?? []) app.route('/', router);

  app.use(
    authenticate({
      verifyToken: options.verifyToken,
      pool: options.pool,
      publicOrigin: options.publicOrigin,
    }),
    tenantTransaction({ pool: options.pool, requestRole: options.requestRole }),
    idempotency(),
  );
  for (const router of options.routes) app.route('/', router);

  return { app, metrics, state };
}
