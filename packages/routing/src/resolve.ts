/**
 * @module resolve
 * Matches a request (host, path) against the routing table: the local gateway's router.
 */
import { HOME_SUBDOMAIN, ROUTES, type Route } from './table.js';

/** Outcome of {@link resolveRoute}. */
export type Resolution =
  | { kind: 'route'; route: Route /** path to forward (prefix stripped for APIs) */; path: string }
  | { kind: 'redirect'; subdomain: string }
  | { kind: 'none' };

/**
 * Finds the rule for a request.
 *
 * @param host Host header without port, e.g. 'crm.comptoir.localhost'.
 * @param path request path with query, e.g. '/api/crm/contacts?limit=5'.
 * @param domain the platform's parent domain, e.g. 'comptoir.localhost'.
 */
export function resolveRoute(host: string, path: string, domain: string): Resolution {
  const hostname = host.toLowerCase();
  let subdomain: string | null;
  if (hostname === domain) subdomain = null;
  else if (hostname.endsWith(`.${domain}`)) subdomain = hostname.slice(0, -(domain.length + 1));
  else return { kind: 'none' };

  const pathname = path.split('?')[0] ?? '/';
  const candidates = ROUTES.filter(
    (r) =>
      (r.subdomain === undefined || r.subdomain === subdomain) &&
      (r.pathPrefix === undefined || pathname === r.pathPrefix || pathname.startsWith(`${r.pathPrefix}/`)),
  ).sort((a, b) => b.priority - a.priority);
  const route = candidates[0];
  if (route) {
    const forwarded =
      route.upstream.kind === 'api' && route.pathPrefix ? path.slice(route.pathPrefix.length) || '/' : path;
    return { kind: 'route', route, path: forwarded.startsWith('/') ? forwarded : `/${forwarded}` };
  }
  if (subdomain === null) return { kind: 'redirect', subdomain: HOME_SUBDOMAIN };
  return { kind: 'none' };
}
