/**
 * @module metrics
 * Prometheus metrics (prom-client): process defaults plus an HTTP request-duration histogram
 * labelled by method, route pattern and status, served at `/metrics` in the text exposition format.
 */
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** A service's metrics registry and its request histogram. */
export interface ServiceMetrics {
  registry: Registry;
  middleware: MiddlewareHandler;
}

/** Creates the registry of one service (labels every series with `service`). */
export function createMetrics(service: string): ServiceMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: 'http_server_request_duration_seconds',
    help: 'Duration of HTTP requests, seconds',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const middleware = createMiddleware(async function metrics(c, next) {
    const end = duration.startTimer();
    await next();
    // The route pattern (never the raw path) keeps the label set bounded.
    end({ method: c.req.method, route: routePath(c, -1), status_code: String(c.res.status) });
  });
  return { registry, middleware };
}
