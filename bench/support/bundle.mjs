// The benchmark app bundled the way `npm run build` bundles the real app (the same esbuild
// options, scripts/bundle-options.mjs), so its cold start is the production artifact's.
// Throughput and profiles use the tsc output (same code, readable stacks).
import { join } from 'node:path';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

export const BUNDLE = 'bench/dist/main.bundle.mjs';

export async function bundleBenchApp(root) {
  await build(bundleOptions(join(root, 'bench/dist/bench/app/main.js'), join(root, BUNDLE)));
}
