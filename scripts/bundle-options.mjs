// How the compiled app becomes one ES module (shared by the build and the benchmark's bundle).
// Nest's optional integrations stay external: they are not installed.
export const OPTIONAL_PACKAGES = [
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

/** esbuild options bundling `entry` (tsc output, decorator metadata included) into `outfile`. */
export const bundleOptions = (entry, outfile) => ({
  entryPoints: [entry],
  outfile,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  external: OPTIONAL_PACKAGES,
  // CommonJS dependencies (express) call require(); give the ES module bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
