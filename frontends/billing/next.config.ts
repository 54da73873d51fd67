/**
 * Next.js configuration of the billing web app: a standalone server traced from the monorepo root,
 * compiling the workspace packages (they export TypeScript sources).
 *
 * Built with webpack (`next build --webpack`): the workspace packages import their siblings as
 * `./x.js` (TypeScript's ESM convention), which webpack maps to `.ts` with `extensionAlias` and
 * Turbopack cannot yet (vercel/next.js#82945).
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

const appDir = path.dirname(fileURLToPath(import.meta.url));

const nextConfig: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: path.join(appDir, '../..'),
  transpilePackages: ['@comptoir/ui', '@comptoir/contracts', '@comptoir/routing'],
  poweredByHeader: false,
  reactStrictMode: true,
  webpack(config) {
    config.resolve.extensionAlias = {
      ...config.resolve.extensionAlias,
      '.js': ['.ts', '.tsx', '.js'],
      '.mjs': ['.mts', '.mjs'],
    };
    return config;
  },
};

export default nextConfig;
