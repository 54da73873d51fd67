/**
 * @module gateway
 * The local stand-in for Traefik: one HTTP port serving the platform's routing table for
 * `*.<domain>` hosts (default `*.comptoir.localhost`, which browsers resolve to the loopback
 * address). APIs get their `/api/<vertical>` prefix stripped, exactly as Traefik's stripprefix
 * middleware does; the bare domain redirects to the home app. Proxying is http-proxy-3's.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Upstream } from '@comptoir/routing';
import { type PublicOrigin, subdomainUrl } from '@comptoir/routing';
import { resolveRoute } from '@comptoir/routing/resolve';
import { createProxyServer } from 'http-proxy-3';

/** Options of {@link startGateway}. */
export interface GatewayOptions {
  origin: PublicOrigin;
  /** Where each upstream listens locally, keyed by `${kind}:${name}` (e.g. 'api:crm'). */
  targets: Map<string, string>;
  /** Interface to bind (default 127.0.0.1). */
  host?: string;
}

/** A running gateway. */
export interface Gateway {
  port: number;
  close(): Promise<void>;
}

/** Key of an upstream in {@link GatewayOptions.targets}. */
export const upstreamKey = (u: Pick<Upstream, 'kind' | 'name'>) => `${u.kind}:${u.name}`;

function problem(res: http.ServerResponse, status: number, title: string, detail: string): void {
  res.writeHead(status, { 'content-type': 'application/problem+json' });
  res.end(JSON.stringify({ type: 'about:blank', title, status, detail }));
}

/**
 * Starts the gateway on `origin.port` (0 → a free port).
 *
 * @throws when the port is taken (EADDRINUSE), with the port in the message.
 */
export function startGateway(options: GatewayOptions): Promise<Gateway> {
  const proxy = createProxyServer({ xfwd: true, proxyTimeout: 120_000 });
  // The public origin, with the port actually bound (options may ask for 0: any free port).
  const origin: PublicOrigin = { ...options.origin };
  proxy.on('error', (_error, _req, res) => {
    if (res && 'writeHead' in res && !res.headersSent) {
      problem(
        res as http.ServerResponse,
        502,
        'Bad Gateway',
        'The service behind this address is not answering',
      );
    }
  });

  const route = (req: http.IncomingMessage) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    return resolveRoute(host, req.url ?? '/', options.origin.domain);
  };

  const server = http.createServer((req, res) => {
    const resolution = route(req);
    if (resolution.kind === 'redirect') {
      res.writeHead(302, {
        location: `${subdomainUrl(origin, resolution.subdomain)}${req.url ?? '/'}`,
      });
      res.end();
      return;
    }
    if (resolution.kind === 'none') {
      problem(res, 404, 'Not Found', `No application answers ${req.headers.host ?? ''}${req.url ?? ''}`);
      return;
    }
    const target = options.targets.get(upstreamKey(resolution.route.upstream));
    if (!target) {
      problem(res, 503, 'Service Unavailable', `${resolution.route.upstream.composeService} is not running`);
      return;
    }
    req.url = resolution.path;
    proxy.web(req, res, { target });
  });

  server.on('upgrade', (req, socket, head) => {
    const resolution = route(req);
    const target =
      resolution.kind === 'route' ? options.targets.get(upstreamKey(resolution.route.upstream)) : undefined;
    if (resolution.kind !== 'route' || !target) {
      socket.destroy();
      return;
    }
    req.url = resolution.path;
    proxy.ws(req, socket, head, { target });
  });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.origin.port} is in use; set PORT to another port`)
          : error,
      ),
    );
    server.listen(options.origin.port ?? 0, options.host ?? '127.0.0.1', () => {
      origin.port = (server.address() as AddressInfo).port;
      resolve({
        port: origin.port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
            proxy.close();
          }),
      });
    });
  });
}
