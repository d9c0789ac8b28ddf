// A server named on the command line of the A/B scripts: kind[@script][:ENV=value...]
//   pipeline:LOG_LEVEL=warn   ours with an env override
//   pipeline@bench/results/a.bundle.mjs   another build of ours (a kept copy of its bundle: bench/support/bundle.mjs)
import { SIMPLE_TOOL } from '../shared/tools.mjs';
import { toolCallFor } from './open.mjs';
import { KINDS, spawnServer } from './servers.mjs';

export async function startSpec(spec, index) {
  const [kindAndScript, ...overrides] = spec.split(':');
  const [kind, script] = kindAndScript.split('@');
  // The tsc output imports the framework by name, so a copy of it would run today's packages/nest-mcp/dist.
  if (script?.endsWith('bench/app/main.js') && script !== KINDS[kind]?.script) {
    throw new Error(
      `${spec}: a copy of bench/dist runs the current framework build; keep a copy of the bundle instead`,
    );
  }
  const env = Object.fromEntries(
    overrides.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const server = await spawnServer(kind, { name: `ab-${index}-${kind}`, env, script });
  await server.ready();
  return server;
}

/** Starts each server of a comma-separated list, with the test_simple_text call it will be loaded with in `era`. */
export async function startSpecs(specs, era) {
  const started = [];
  for (const [index, spec] of specs.split(',').entries()) {
    const server = await startSpec(spec, index);
    started.push({ spec, server, request: await toolCallFor(server, era, SIMPLE_TOOL.name) });
  }
  return started;
}
