// A server named on the command line of the A/B scripts: kind[@script][:ENV=value...]
//   pipeline:LOG_LEVEL=warn   ours with an env override
//   pipeline@bench/results/dist-a/bench/app/main.js   another build of ours (a copy of an earlier bench/dist)
import { spawnServer } from './servers.mjs';

export async function startSpec(spec, index) {
  const [kindAndScript, ...overrides] = spec.split(':');
  const [kind, script] = kindAndScript.split('@');
  const env = Object.fromEntries(
    overrides.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
  const server = await spawnServer(kind, { name: `ab-${index}-${kind}`, env, script });
  await server.ready();
  return server;
}
