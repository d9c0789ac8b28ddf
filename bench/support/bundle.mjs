// The benchmark app bundled the way `npm run build` bundles the real app (the same esbuild
// options, scripts/bundle-options.mjs), so its cold start is the production artifact's.
// Throughput and profiles use the tsc output (same code, readable stacks). The bundle carries the
// framework (the tsc output imports it by name), so a copy of it is the build an A/B can keep:
//   npm run bench:build && node bench/support/bundle.mjs && cp bench/dist/main.bundle.mjs bench/results/a.bundle.mjs
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundleOptions } from '../../scripts/bundle-options.mjs';

export const BUNDLE = 'bench/dist/main.bundle.mjs';

export async function bundleBenchApp(root) {
  await build(bundleOptions(join(root, 'bench/dist/bench/app/main.js'), join(root, BUNDLE)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  await bundleBenchApp(fileURLToPath(new URL('../..', import.meta.url)));
}
