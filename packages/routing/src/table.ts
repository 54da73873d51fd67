/**
 * @module routing
 * The platform's one routing table. Every vertical has a web app on its own subdomain
 * (`<vertical>.<domain>`) and an API under `/api/<vertical>` (on every host of the domain, so any
 * app can call any API same-origin); the auth API answers `/api/auth` on every host, which is
 * what lets one sign-in cookie (scoped to the parent domain) serve every vertical.
 *
 * Read by: Traefik labels in docker-compose.yml (checked by a test), the local gateway of
 * `pnpm start`, the CORS allowlist of the APIs and the vertical switcher of the web apps.
 */

/** A deployable unit: an API service or a web app. */
export interface Upstream {
  /** Workspace folder: services/<name> or frontends/<name>. */
  name: string;
  kind: 'api' | 'web';
  /** docker-compose service name (also the Traefik service name). */
  composeService: string;
  /** Port the container listens on. */
  containerPort: number;
  /** Compose profile that starts it; undefined: always started. */
  profile?: string;
  /**
   * `NODE_OPTIONS` the process runs with, wherever it runs (`pnpm start`, docker-compose, the
   * benchmark), e.g. a heap limit measured to fit its work.
   */
  nodeOptions?: string;
}

/** One rule of the table, most specific first. */
export interface Route {
  id: string;
  /** Subdomain the rule matches (`crm` → crm.<domain>); undefined: every host of the domain. */
  subdomain?: string;
  /** Path prefix the rule matches; removed before the request reaches an API. */
  pathPrefix?: string;
  upstream: Upstream;
  /** Higher wins when several rules match (Traefik router priority). */
  priority: number;
}

/** A business vertical as shown in the vertical switcher. */
export interface Vertical {
  key: string;
  name: string;
  description: string;
  /** Whether its web app exists yet (the switcher shows only these). */
  available: boolean;
}

export const UPSTREAMS = {
  authApi: { name: 'auth', kind: 'api', composeService: 'auth-api', containerPort: 3000 },
  crmApi: {
    name: 'crm',
    kind: 'api',
    composeService: 'crm-api',
    containerPort: 3000,
    profile: 'crm',
    // A 100,000-row import peaks at 91 MiB of V8 heap; without a limit V8 lets garbage grow the
    // heap to ~270 MiB (RSS 456 MiB) before collecting. bench/README.md, CRM part.
    nodeOptions: '--max-old-space-size=128',
  },
  billingApi: {
    name: 'billing',
    kind: 'api',
    composeService: 'billing-api',
    containerPort: 3000,
    profile: 'billing',
  },
  accountWeb: { name: 'account', kind: 'web', composeService: 'account-web', containerPort: 3000 },
  crmWeb: { name: 'crm', kind: 'web', composeService: 'crm-web', containerPort: 3000, profile: 'crm' },
  billingWeb: {
    name: 'billing',
    kind: 'web',
    composeService: 'billing-web',
    containerPort: 3000,
    profile: 'billing',
  },
} as const satisfies Record<string, Upstream>;

/** The routing table. */
export const ROUTES: readonly Route[] = [
  { id: 'auth-api', pathPrefix: '/api/auth', upstream: UPSTREAMS.authApi, priority: 100 },
  { id: 'crm-api', pathPrefix: '/api/crm', upstream: UPSTREAMS.crmApi, priority: 100 },
  { id: 'billing-api', pathPrefix: '/api/billing', upstream: UPSTREAMS.billingApi, priority: 100 },
  { id: 'account-web', subdomain: 'account', upstream: UPSTREAMS.accountWeb, priority: 10 },
  { id: 'crm-web', subdomain: 'crm', upstream: UPSTREAMS.crmWeb, priority: 10 },
  { id: 'billing-web', subdomain: 'billing', upstream: UPSTREAMS.billingWeb, priority: 10 },
];

/** The verticals, in switcher order. `account` is the home of settings, members and API keys. */
export const VERTICALS: readonly Vertical[] = [
  { key: 'crm', name: 'CRM', description: 'Contacts, companies, deals and tasks', available: true },
  {
    key: 'billing',
    name: 'Billing',
    description: 'Quotes, invoices, payments and dunning',
    available: true,
  },
  {
    key: 'accounting',
    name: 'Accounting',
    description: 'Journals, ledger and bank reconciliation',
    available: false,
  },
  {
    key: 'scheduling',
    name: 'Scheduling',
    description: 'Calendars, bookings and availability',
    available: false,
  },
  { key: 'agents', name: 'AI agents', description: 'Assistants working across your data', available: false },
];

/** Subdomain the bare domain redirects to. */
export const HOME_SUBDOMAIN = 'account';

/** Where the platform is reached from outside: scheme, parent domain and port. */
export interface PublicOrigin {
  scheme: 'http' | 'https';
  /** Parent domain, e.g. 'comptoir.localhost' or 'comptoir.example.com'. */
  domain: string;
  /** Omitted for the scheme's default port. */
  port?: number | undefined;
}

/** `https://crm.example.com` / `http://crm.comptoir.localhost:8080`. */
export function subdomainUrl(origin: PublicOrigin, subdomain: string | null): string {
  const host = subdomain ? `${subdomain}.${origin.domain}` : origin.domain;
  const defaultPort = origin.scheme === 'https' ? 443 : 80;
  const port = origin.port && origin.port !== defaultPort ? `:${origin.port}` : '';
  return `${origin.scheme}://${host}${port}`;
}

/** Whether a browser Origin header belongs to the platform (same scheme, port, and the domain or a subdomain). */
export function isPlatformOrigin(origin: PublicOrigin, value: string): boolean {
  if (!value) return false; // no Origin header (same-origin GET, server-to-server): nothing to allow
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.protocol !== `${origin.scheme}:`) return false;
  const defaultPort = origin.scheme === 'https' ? 443 : 80;
  const port = url.port ? Number(url.port) : defaultPort;
  if (port !== (origin.port ?? defaultPort)) return false;
  return url.hostname === origin.domain || url.hostname.endsWith(`.${origin.domain}`);
}

/** Parses `http://comptoir.localhost:8080` into a {@link PublicOrigin}. */
export function parsePublicOrigin(baseUrl: string): PublicOrigin {
  const url = new URL(baseUrl);
  const scheme = url.protocol === 'https:' ? 'https' : 'http';
  return { scheme, domain: url.hostname, port: url.port ? Number(url.port) : undefined };
}
