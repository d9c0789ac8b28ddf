// The benchmark app bundled the way `npm run build` bundles the real app
// (scripts/bundle.mjs: esbuild, one ES module, Nest's optional integrations
// external), so its cold start is the production artifact's. Throughput and
// profiles use the tsc output (same code, readable stacks).
import { build } from 'esbuild';
import { join } from 'node:path';

const OPTIONAL = [
  '@nestjs/microservices',
  '@nestjs/microservices/*',
  '@nestjs/websockets',
  '@nestjs/websockets/*',
  '@nestjs/platform-fastify',
  'class-transformer',
  'class-transformer/*',
  'class-validator',
  '@fastify/*',
];

export const BUNDLE = 'bench/dist/main.bundle.mjs';

export async function bundleBenchApp(root) {
  await build({
    entryPoints: [join(root, 'bench/dist/bench/app/main.js')],
    outfile: join(root, BUNDLE),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: true,
    external: OPTIONAL,
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  });
}
