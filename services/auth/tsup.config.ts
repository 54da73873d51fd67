import { defineConfig } from 'tsup';

// One file per service: workspace packages are bundled in (their exports point at TypeScript
// sources), registry dependencies stay external and come from node_modules.
export default defineConfig({
  entry: ['src/server.ts'],
  format: ['esm'],
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  clean: true,
  noExternal: [/^@comptoir\//],
});
