/**
 * @module traefik
 * The Traefik labels of docker-compose.yml, derived from the routing table: what each compose
 * service must carry so that production routes exactly like the local gateway. A test
 * (`packages/routing/test/compose.test.ts`) compares this with docker-compose.yml label for label;
 * when the table changes, the compose file must change with it.
 *
 * Values are compose *source* strings: `${COMPTOIR_DOMAIN}` is interpolated by Compose when the
 * stack starts, and `$$` is Compose's escape for a literal `$` (Traefik's `${1}` capture groups).
 *
 * Names it relies on outside the labels (kept in step by the same test):
 * - entrypoint `websecure` and certificate resolver `letsencrypt`: `traefik/traefik.yml`;
 * - middlewares `secure-headers` and `rate-limit` (file provider, hence `@file`):
 *   `traefik/dynamic/middlewares.yml`.
 */
import { HOME_SUBDOMAIN, ROUTES, type Route, type Upstream } from './table.js';

/** Labels of one container, `traefik.*` key → value. */
export type TraefikLabels = Record<string, string>;

/** Compose variable holding the platform's parent domain, e.g. `comptoir.example.com`. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Compose variable, interpolated by Compose.
export const DOMAIN_VARIABLE = '${COMPTOIR_DOMAIN}';

/** Path each kind of upstream answers when it can serve traffic (Traefik and Docker health checks). */
export const HEALTH_PATHS: Readonly<Record<Upstream['kind'], string>> = { api: '/ready', web: '/sign-in' };

/** Router (and middleware) that sends the bare domain to the home subdomain. */
export const HOME_REDIRECT_ROUTER = 'home-redirect';

/**
 * Priority of {@link HOME_REDIRECT_ROUTER}: below every rule of the table, so `/api/<x>` on the bare
 * domain still reaches its API.
 */
export const HOME_REDIRECT_PRIORITY = 1;

/** Knobs of {@link traefikLabels}; the defaults are the production stack's names. */
export interface TraefikLabelOptions {
  /** Parent domain as written in the rules. Default {@link DOMAIN_VARIABLE}. */
  domain?: string;
  /** Entrypoint every router listens on. Default `websecure` (:443). */
  entryPoint?: string;
  /** ACME resolver of every router's certificate. Default `letsencrypt`. */
  certResolver?: string;
  /** Middlewares every router runs first, in order. Default `secure-headers@file`, `rate-limit@file`. */
  sharedMiddlewares?: readonly string[];
  /** Traefik's active health check of each service. Default every 10s, 3s timeout. */
  healthCheck?: { interval: string; timeout: string };
}

const DEFAULTS: Required<TraefikLabelOptions> = {
  domain: DOMAIN_VARIABLE,
  entryPoint: 'websecure',
  certResolver: 'letsencrypt',
  sharedMiddlewares: ['secure-headers@file', 'rate-limit@file'],
  healthCheck: { interval: '10s', timeout: '3s' },
};

/**
 * Traefik rule of a route: `Host(...)` for a subdomain, `PathPrefix(...)` for a path prefix, both
 * joined with `&&` when a route has both; a route with neither matches everything.
 *
 * @example
 * routeRule({ id: 'crm-web', subdomain: 'crm', ... }, '${COMPTOIR_DOMAIN}') // 'Host(`crm.${COMPTOIR_DOMAIN}`)'
 */
export function routeRule(route: Route, domain: string = DOMAIN_VARIABLE): string {
  const parts: string[] = [];
  if (route.subdomain !== undefined) parts.push(`Host(\`${route.subdomain}.${domain}\`)`);
  if (route.pathPrefix !== undefined) parts.push(`PathPrefix(\`${route.pathPrefix}\`)`);
  return parts.length > 0 ? parts.join(' && ') : 'PathPrefix(`/`)';
}

/** Name of the `stripprefix` middleware of an API route (`<route id>-strip`). */
export const stripPrefixMiddleware = (route: Route): string => `${route.id}-strip`;

/**
 * Labels of one route: its router (rule, priority, entrypoint, certificate, middlewares, service)
 * and, for an API under a path prefix, the `stripprefix` middleware that removes the prefix (the
 * APIs serve their routes at `/`, as behind the local gateway).
 *
 * @example
 * routeLabels(ROUTES[0])
 * // {
 * //   'traefik.http.routers.auth-api.rule': 'PathPrefix(`/api/auth`)',
 * //   'traefik.http.routers.auth-api.priority': '100',
 * //   'traefik.http.routers.auth-api.entrypoints': 'websecure',
 * //   'traefik.http.routers.auth-api.tls.certresolver': 'letsencrypt',
 * //   'traefik.http.routers.auth-api.middlewares': 'secure-headers@file,rate-limit@file,auth-api-strip',
 * //   'traefik.http.routers.auth-api.service': 'auth-api',
 * //   'traefik.http.middlewares.auth-api-strip.stripprefix.prefixes': '/api/auth',
 * // }
 */
export function routeLabels(route: Route, options: TraefikLabelOptions = {}): TraefikLabels {
  const o = { ...DEFAULTS, ...options };
  const router = `traefik.http.routers.${route.id}`;
  const strips = route.upstream.kind === 'api' && route.pathPrefix !== undefined;
  const middlewares = [...o.sharedMiddlewares, ...(strips ? [stripPrefixMiddleware(route)] : [])];
  const labels: TraefikLabels = {
    [`${router}.rule`]: routeRule(route, o.domain),
    [`${router}.priority`]: String(route.priority),
    [`${router}.entrypoints`]: o.entryPoint,
    [`${router}.tls.certresolver`]: o.certResolver,
    [`${router}.middlewares`]: middlewares.join(','),
    [`${router}.service`]: route.upstream.composeService,
  };
  if (strips) {
    labels[`traefik.http.middlewares.${stripPrefixMiddleware(route)}.stripprefix.prefixes`] =
      route.pathPrefix!;
  }
  return labels;
}

/**
 * Labels of an upstream's Traefik service (named like its compose service): the container port
 * and the active health check, which takes a replica out of rotation while it is not ready.
 */
export function serviceLabels(upstream: Upstream, options: TraefikLabelOptions = {}): TraefikLabels {
  const o = { ...DEFAULTS, ...options };
  const lb = `traefik.http.services.${upstream.composeService}.loadbalancer`;
  return {
    [`${lb}.server.port`]: String(upstream.containerPort),
    [`${lb}.healthcheck.path`]: HEALTH_PATHS[upstream.kind],
    [`${lb}.healthcheck.interval`]: o.healthCheck.interval,
    [`${lb}.healthcheck.timeout`]: o.healthCheck.timeout,
  };
}

/**
 * Labels of the bare-domain redirect (`<domain>/x` → `https://<home>.<domain>/x`, permanent),
 * carried by the home app's service. Its router needs a service to be valid; the redirect
 * middleware answers before the request would reach it.
 */
export function homeRedirectLabels(home: Route, options: TraefikLabelOptions = {}): TraefikLabels {
  const o = { ...DEFAULTS, ...options };
  const router = `traefik.http.routers.${HOME_REDIRECT_ROUTER}`;
  const middleware = `traefik.http.middlewares.${HOME_REDIRECT_ROUTER}.redirectregex`;
  return {
    [`${router}.rule`]: `Host(\`${o.domain}\`)`,
    [`${router}.priority`]: String(HOME_REDIRECT_PRIORITY),
    [`${router}.entrypoints`]: o.entryPoint,
    [`${router}.tls.certresolver`]: o.certResolver,
    [`${router}.middlewares`]: [...o.sharedMiddlewares, HOME_REDIRECT_ROUTER].join(','),
    [`${router}.service`]: home.upstream.composeService,
    // The router only matches the bare host, so the regex need not repeat the domain.
    [`${middleware}.regex`]: '^https?://[^/]+/(.*)',
    // `$$` is Compose's escape: Traefik receives `${1}`, the captured path and query.
    [`${middleware}.replacement`]: `https://${home.subdomain}.${o.domain}/$\${1}`,
    [`${middleware}.permanent`]: 'true',
  };
}

/**
 * The exact `traefik.*` labels every routed compose service must carry, keyed by compose service
 * name: `traefik.enable`, one router per route of the table (plus the bare-domain redirect on the
 * service of the {@link HOME_SUBDOMAIN} route), and its load-balancer service. Compose services
 * missing from the result must carry no `traefik.*` label at all.
 *
 * @param routes the routing table; default {@link ROUTES}.
 * @throws {Error} when two routes share an id (they would share a Traefik router).
 *
 * @example
 * traefikLabels()['crm-web']['traefik.http.routers.crm-web.rule'] // 'Host(`crm.${COMPTOIR_DOMAIN}`)'
 */
export function traefikLabels(
  routes: readonly Route[] = ROUTES,
  options: TraefikLabelOptions = {},
): Record<string, TraefikLabels> {
  const byService: Record<string, TraefikLabels> = {};
  const ids = new Set<string>();
  for (const route of routes) {
    if (ids.has(route.id) || route.id === HOME_REDIRECT_ROUTER)
      throw new Error(`duplicate route id: ${route.id}`);
    ids.add(route.id);
    const service = route.upstream.composeService;
    byService[service] ??= { 'traefik.enable': 'true', ...serviceLabels(route.upstream, options) };
    Object.assign(byService[service], routeLabels(route, options));
    if (route.subdomain === HOME_SUBDOMAIN && route.pathPrefix === undefined) {
      Object.assign(byService[service], homeRedirectLabels(route, options));
    }
  }
  return byService;
}
