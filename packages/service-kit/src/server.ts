/**
 * @module server
 * Runs a service over HTTP (`@hono/node-server`) and stops it gracefully on SIGTERM/SIGINT:
 * `/ready` turns 503 at once (load balancers stop sending), the listener closes, in-flight
 * requests finish (up to `drainMs`), then the given resources close (job queue, pools).
 */
import { type ServerType, serve } from '@hono/node-server';
import type { Logger } from 'pino';

/** Options of {@link startServer}. */
export interface StartOptions {
  fetch: (request: Request) => Response | Promise<Response>;
  port: number;
  hostname: string;
  logger: Logger;
  state: { ready: boolean };
  /** Closed in order after the listener drained. */
  onShutdown: Array<() => Promise<unknown>>;
  /** Longest wait for in-flight requests (default 10 s). */
  drainMs?: number;
}

/** Starts listening; resolves once the port is bound. */
export function startServer(options: StartOptions): Promise<ServerType> {
  return new Promise((resolve) => {
    const server = serve({ fetch: options.fetch, port: options.port, hostname: options.hostname }, (info) => {
      options.logger.info({ port: info.port }, 'listening');
      resolve(server);
    });
    let stopping = false;
    const shutdown = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      options.logger.info({ signal }, 'shutting down');
      options.state.ready = false;
      const drained = new Promise<void>((done) => server.close(() => done()));
      if ('closeIdleConnections' in server) server.closeIdleConnections();
      await Promise.race([drained, new Promise((r) => setTimeout(r, options.drainMs ?? 10_000))]);
      for (const close of options.onShutdown) {
        try {
          await close();
        } catch (error) {
          options.logger.error({ err: error }, 'error while shutting down');
        }
      }
      options.logger.info('stopped');
      process.exit(0);
    };
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
    process.once('SIGINT', () => void shutdown('SIGINT'));
  });
}
