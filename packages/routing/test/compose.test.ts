/**
 * The production stack against the routing table: docker-compose.yml must carry, for every
 * upstream of the table, exactly the Traefik labels that `traefikLabels()` derives from it, and the
 * Traefik configuration must define every name those labels use.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ROUTES, type Route, UPSTREAMS, type Upstream } from '../src/table.js';
import { DOMAIN_VARIABLE, HEALTH_PATHS, routeLabels, traefikLabels } from '../src/traefik.js';

interface ComposeService {
  profiles?: string[];
  labels?: Record<string, unknown> | string[];
  healthcheck?: { test?: string[] | string; disable?: boolean };
  container_name?: string;
  ports?: unknown[];
  depends_on?: Record<string, { condition?: string }> | string[];
}

const root = (path: string) => fileURLToPath(new URL(`../../../${path}`, import.meta.url));
// `merge`: the compose file shares blocks through YAML merge keys (`<<: *app`), as Compose does.
const readYaml = (path: string) => parse(readFileSync(root(path), 'utf8'), { merge: true });

const compose = readYaml('docker-compose.yml') as { services: Record<string, ComposeService> };
const services = compose.services;
const upstreams: Upstream[] = Object.values(UPSTREAMS);

/** Labels as a map whichever form the file uses (`key: value` or `- key=value`), values as strings. */
function labelsOf(service: ComposeService): Record<string, string> {
  const { labels } = service;
  if (!labels) return {};
  if (Array.isArray(labels)) {
    return Object.fromEntries(
      labels.map((l) => {
        const i = l.indexOf('=');
        return i < 0 ? [l, ''] : [l.slice(0, i), l.slice(i + 1)];
      }),
    );
  }
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, String(v ?? '')]));
}

const traefikLabelsOf = (service: ComposeService) =>
  Object.fromEntries(Object.entries(labelsOf(service)).filter(([k]) => k.startsWith('traefik.')));

describe('traefikLabels()', () => {
  it('Should give an API route a PathPrefix router that strips its prefix', () => {
    const route: Route = { id: 'crm-api', pathPrefix: '/api/crm', upstream: UPSTREAMS.crmApi, priority: 100 };
    expect(routeLabels(route)).toEqual({
      'traefik.http.routers.crm-api.rule': 'PathPrefix(`/api/crm`)',
      'traefik.http.routers.crm-api.priority': '100',
      'traefik.http.routers.crm-api.entrypoints': 'websecure',
      'traefik.http.routers.crm-api.tls.certresolver': 'letsencrypt',
      'traefik.http.routers.crm-api.middlewares': 'secure-headers@file,rate-limit@file,crm-api-strip',
      'traefik.http.routers.crm-api.service': 'crm-api',
      'traefik.http.middlewares.crm-api-strip.stripprefix.prefixes': '/api/crm',
    });
  });

  it('Should give a web route a Host router on its subdomain, without stripping anything', () => {
    const route: Route = { id: 'crm-web', subdomain: 'crm', upstream: UPSTREAMS.crmWeb, priority: 10 };
    expect(routeLabels(route, { domain: 'example.com' })).toEqual({
      'traefik.http.routers.crm-web.rule': 'Host(`crm.example.com`)',
      'traefik.http.routers.crm-web.priority': '10',
      'traefik.http.routers.crm-web.entrypoints': 'websecure',
      'traefik.http.routers.crm-web.tls.certresolver': 'letsencrypt',
      'traefik.http.routers.crm-web.middlewares': 'secure-headers@file,rate-limit@file',
      'traefik.http.routers.crm-web.service': 'crm-web',
    });
  });

  it('Should put the bare-domain redirect on the home app and a load balancer on every upstream', () => {
    const labels = traefikLabels();
    expect(Object.keys(labels).sort()).toEqual(upstreams.map((u) => u.composeService).sort());
    const account = labels[UPSTREAMS.accountWeb.composeService]!;
    expect(account['traefik.http.routers.home-redirect.rule']).toBe(`Host(\`${DOMAIN_VARIABLE}\`)`);
    // `$${1}`: Compose's escape of Traefik's `${1}`.
    expect(account['traefik.http.middlewares.home-redirect.redirectregex.replacement']).toBe(
      `https://account.${DOMAIN_VARIABLE}/$\${1}`,
    );
    for (const u of upstreams) {
      const lb = `traefik.http.services.${u.composeService}.loadbalancer`;
      expect(labels[u.composeService]).toMatchObject({
        'traefik.enable': 'true',
        [`${lb}.server.port`]: String(u.containerPort),
        [`${lb}.healthcheck.path`]: HEALTH_PATHS[u.kind],
      });
    }
  });

  it('Should refuse two routes with the same id', () => {
    const route = ROUTES[0]!;
    expect(() => traefikLabels([route, { ...route }])).toThrow(/duplicate route id/);
  });
});

describe('docker-compose.yml', () => {
  const expected = traefikLabels();

  describe.each(upstreams.map((u) => [u.composeService, u] as const))('service %s', (name, upstream) => {
    const service = services[name];

    it('Should exist', () => {
      expect(service).toBeDefined();
    });

    it('Should carry exactly the Traefik labels derived from the routing table', () => {
      // toEqual on the whole map: a missing, extra or different label fails with a readable diff.
      expect(traefikLabelsOf(service!)).toEqual(expected[name]);
    });

    it('Should start with the profile of the table', () => {
      expect(service!.profiles ?? []).toEqual(upstream.profile ? [upstream.profile] : []);
    });

    it('Should have a healthcheck on its health path', () => {
      const test = service!.healthcheck?.test;
      expect(service!.healthcheck?.disable).not.toBe(true);
      expect(test).toBeDefined();
      expect([test].flat().join(' ')).toContain(`:${upstream.containerPort}${HEALTH_PATHS[upstream.kind]}`);
    });

    it('Should run with the NODE_OPTIONS of the table', () => {
      const environment = (service!.environment ?? {}) as Record<string, string | undefined>;
      expect(environment.NODE_OPTIONS).toBe(upstream.nodeOptions);
    });

    it('Should publish no port and have no container_name, so that it scales', () => {
      expect(service!.ports).toBeUndefined();
      expect(service!.container_name).toBeUndefined();
    });

    if (upstream.kind === 'api') {
      it('Should wait for the migration job to succeed', () => {
        const dependsOn = service!.depends_on as Record<string, { condition?: string }> | undefined;
        expect(dependsOn?.migrate?.condition).toBe('service_completed_successfully');
      });
    }
  });

  it('Should route only services of the table', () => {
    const routed = Object.entries(services)
      .filter(([, s]) => Object.keys(traefikLabelsOf(s)).length > 0)
      .map(([name]) => name);
    const enabled = Object.entries(services)
      .filter(([, s]) => labelsOf(s)['traefik.enable'] === 'true')
      .map(([name]) => name);
    const known: string[] = upstreams.map((u) => u.composeService);
    expect(routed.filter((name) => !known.includes(name))).toEqual([]);
    expect(enabled.sort()).toEqual([...known].sort());
  });

  it('Should publish ports 80 and 443 on Traefik only, and name no container', () => {
    for (const [name, service] of Object.entries(services)) {
      expect(service.container_name, name).toBeUndefined();
      if (name !== 'traefik') expect(service.ports, name).toBeUndefined();
    }
    expect(services.traefik?.ports?.map(String).sort()).toEqual(['443:443', '80:80']);
  });
});

describe('traefik/', () => {
  const staticConfig = readYaml('traefik/traefik.yml');
  const dynamicConfig = readYaml('traefik/dynamic/middlewares.yml');
  const used = Object.values(traefikLabels()).flatMap((labels) => Object.entries(labels));
  const valuesOf = (suffix: string) =>
    new Set(used.filter(([k]) => k.endsWith(suffix)).flatMap(([, v]) => v.split(',')));

  it('Should define every file-provider middleware the labels use', () => {
    for (const ref of valuesOf('.middlewares')) {
      if (ref.endsWith('@file')) expect(dynamicConfig.http.middlewares).toHaveProperty(ref.slice(0, -5));
    }
  });

  it('Should define the entrypoints and certificate resolver the labels use', () => {
    for (const entryPoint of valuesOf('.entrypoints'))
      expect(staticConfig.entryPoints).toHaveProperty(entryPoint);
    for (const resolver of valuesOf('.tls.certresolver')) {
      expect(staticConfig.certificatesResolvers).toHaveProperty(resolver);
    }
  });

  it('Should expose only labelled containers and redirect http to https', () => {
    expect(staticConfig.providers.docker.exposedByDefault).toBe(false);
    expect(staticConfig.entryPoints.web.http.redirections.entryPoint).toMatchObject({
      to: 'websecure',
      scheme: 'https',
    });
    expect(staticConfig.api?.dashboard ?? false).toBe(false);
  });
});
