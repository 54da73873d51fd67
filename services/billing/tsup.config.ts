import { defineConfig } from 'tsup';

// One self-contained file per service: workspace packages (whose exports point at TypeScript
// sources) and registry dependencies are bundled, so the runtime image needs no node_modules
// except swagger-ui-dist, whose static files the docs page serves from disk.
export default defineConfig({
  entry: ['src/server.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/.*/],
  external: ['pg-native', 'swagger-ui-dist'],
  // Bundled CommonJS dependencies call require(); give them one in the ESM output.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
});
