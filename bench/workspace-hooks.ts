/**
 * @module workspace-hooks
 * Node module resolution hook of the server children. pnpm gives each workspace package its own
 * `node_modules`, and `bench/` is not a package: a bare specifier such as `hono` cannot be found
 * from here. When Node fails to resolve a bare specifier imported by a file of `bench/`, this
 * hook resolves it again as `services/crm` would, so the children load the very copies of hono,
 * @hono/node-server, @hono/zod-openapi and kysely the CRM API runs with. Everything else is left
 * to Node (and tsx) untouched.
 *
 * Registered by `register-workspace-hooks.ts` (`node --import tsx --import …`); TypeScript
 * finds the same packages through `paths` in `bench/tsconfig.json`.
 */
import type { ResolveHook } from 'node:module';

const BENCH_DIR = new URL('./', import.meta.url).href;
/** A file of the package whose dependencies are borrowed. */
const RESOLVE_AS = new URL('../services/crm/src/app.ts', import.meta.url).href;

const isBare = (specifier: string) => !/^(\.{0,2}\/|[a-z][a-z0-9+.-]*:)/i.test(specifier);

/** Retries an unresolvable bare import of a `bench/` file from `services/crm`. */
export const resolve: ResolveHook = async (specifier, context, nextResolve) => {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    const fromBench = context.parentURL?.startsWith(BENCH_DIR) ?? false;
    if ((error as { code?: string }).code !== 'ERR_MODULE_NOT_FOUND' || !fromBench || !isBare(specifier)) {
      throw error;
    }
    return nextResolve(specifier, { ...context, parentURL: RESOLVE_AS });
  }
};
