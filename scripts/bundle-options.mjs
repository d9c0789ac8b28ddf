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

// Loaded only when a feature is configured (the OAuth bridge), from node_modules: kept out of the
// bundle, which every cold start reads and parses whether the feature is on or not.
// The OpenTelemetry SDK likewise, when OTEL_* asks for traces (src/tracing.ts); the API stays in.
export const ON_DEMAND_PACKAGES = [
  'oidc-provider',
  'openid-client',
  '@opentelemetry/sdk-node',
  '@opentelemetry/instrumentation-http',
  '@opentelemetry/instrumentation-undici',
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
  // Comments and layout out (names and syntax kept): 27% less to read and parse, and the source is
  // plain ASCII. A handful of comments in dependencies carry characters such as ≥ and —, which made
  // V8 hold the whole 5.4 MB bundle as a two-byte string, slower to decode and to parse: cold start
  // -4-10% (median of alternating starts).
  minifyWhitespace: true,
  // Bundling renames classes whose names clash across modules (Nest's own `InstanceLoader` became
  // `_InstanceLoader`, ours `McpController2`); boot errors, logs and Nest's messages name classes by
  // `.name`, so names are kept as written.
  keepNames: true,
  external: [...OPTIONAL_PACKAGES, ...ON_DEMAND_PACKAGES],
  // CommonJS dependencies (express) call require(); give the ES module bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
