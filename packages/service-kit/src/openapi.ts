/**
 * @module openapi
 * OpenAPI 3.1 document (`/openapi.json`) and its docs page (`/docs`, Swagger UI served from the
 * `swagger-ui-dist` package: no CDN, works offline), plus route helpers that keep every route's
 * permission and error responses in the document.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Permission } from '@comptoir/contracts/permissions';
import { ProblemSchema } from '@comptoir/contracts/problem';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Env } from 'hono';
import type { ZodType } from 'zod';
import { requirePermission } from './auth.js';

const problemContent = { 'application/problem+json': { schema: ProblemSchema } };

/** Error responses every authenticated route can give. */
export const PROBLEM_RESPONSES = {
  401: { description: 'Missing or invalid credentials', content: problemContent },
  403: { description: 'Your role does not allow this', content: problemContent },
  422: { description: 'The request is not valid (one error per field)', content: problemContent },
  429: { description: 'Too many requests', content: problemContent },
} as const;

/** 404 for routes addressing one resource (also for another tenant's resource). */
export const NOT_FOUND_RESPONSE = {
  404: { description: 'No such resource in your tenant', content: problemContent },
} as const;

/** 409 for routes that can conflict (unique values, concurrent changes, idempotency). */
export const CONFLICT_RESPONSE = {
  409: { description: 'Conflicts with the current state', content: problemContent },
} as const;

/** A JSON request body (required). */
export function jsonBody<T extends ZodType>(schema: T, description?: string) {
  return {
    required: true as const,
    ...(description ? { description } : {}),
    content: { 'application/json': { schema } },
  };
}

/** A JSON response. */
export function jsonResponse<T extends ZodType>(schema: T, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/**
 * Route fragment for a permission-guarded operation: the guard middleware, the `x-permission`
 * extension and the security requirement in the document.
 *
 * @example
 * createRoute({ method: 'post', path: '/contacts', ...guarded('contacts:create'), … })
 */
export function guarded(permission: Permission) {
  return {
    middleware: [requirePermission(permission)],
    security: [{ bearerAuth: [] }, { apiKey: [] }, { cookieAuth: [] }] as Array<Record<string, string[]>>,
    'x-permission': permission,
  };
}

/** Options of {@link mountOpenApi}. */
export interface OpenApiOptions {
  title: string;
  version: string;
  description: string;
  /** Public path prefix of the service, e.g. '/api/crm' (the document's server URL). */
  basePath: string;
}

/** Registers security schemes and serves `/openapi.json` and `/docs`. */
export function mountOpenApi<E extends Env>(app: OpenAPIHono<E>, options: OpenApiOptions): void {
  const registry = app.openAPIRegistry;
  registry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Access token from POST /api/auth/login (15 minutes)',
  });
  registry.registerComponent('securitySchemes', 'apiKey', {
    type: 'apiKey',
    in: 'header',
    name: 'X-Api-Key',
    description: 'Personal API key (cpt_…); also accepted as a bearer token',
  });
  registry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'comptoir_access',
    description: 'Session cookie of the web apps',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: { title: options.title, version: options.version, description: options.description },
    servers: [{ url: options.basePath }],
  });

  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const assets = new Map([
    ['swagger-ui.css', 'text/css; charset=utf-8'],
    ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ]);
  const csp =
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";
  app.get('/docs', (c) => {
    c.header('content-security-policy', csp);
    return c.html(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · API reference</title><link rel="stylesheet" href="docs/swagger-ui.css"></head>
<body><div id="docs"></div><script src="docs/swagger-ui-bundle.js"></script><script src="docs/init.js"></script></body></html>`);
  });
  app.get('/docs/init.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'no-cache');
    return c.body(
      `SwaggerUIBundle({ url: new URL('openapi.json', location.href.replace(/docs\\/?$/, '')).href, dom_id: '#docs', deepLinking: true });`,
    );
  });
  app.get('/docs/:asset{swagger-ui\\.css|swagger-ui-bundle\\.js}', async (c) => {
    const name = c.req.param('asset');
    c.header('content-type', assets.get(name) ?? 'application/octet-stream');
    c.header('cache-control', 'public, max-age=86400');
    return c.body(await readFile(join(dist, name)));
  });
}
