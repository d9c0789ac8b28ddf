import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const MEMOIZER_TRAP = fileURLToPath(new URL('./support/zod-memoizer-trap.mjs', import.meta.url));

/**
 * In a fresh Node process (the SDK builds its schemas once per process),
 * imports `entries` from the build in order, then asks whether the SDK's JSON
 * object schema still tracks reference cycles: with tracking, a cyclic value
 * parses; without, the recursion ends in a RangeError. With `optIn`, the app
 * turns tracking back on (zod's own API) and builds a recursive schema after.
 */
async function probe(entries: string[], optIn = false): Promise<string> {
  const script = `
    import 'reflect-metadata';
    for (const entry of ${JSON.stringify(entries.map((entry) => `./${entry}`))}) await import(entry);
    const { z } = await import('zod');
    const { specTypeSchemas } = await import('@modelcontextprotocol/server');
    let schema = specTypeSchemas.JSONObject;
    if (${optIn}) {
      z.config({ memoizer: z.memoizer() });
      const json = z.lazy(() => z.union([z.number(), z.record(z.string(), json)]));
      schema = json;
    }
    const cyclic = { n: 1 };
    cyclic.self = cyclic;
    try {
      console.log(schema.safeParse(cyclic).success ? 'tracked' : 'rejected');
    } catch (error) {
      console.log(error instanceof RangeError ? 'untracked' : 'other: ' + error.message);
    }
    process.exit(0);
  `;
  const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 });
  return stdout.trim();
}

/** Runs a built app's main with a bad PORT (its whole module graph loads, then the boot stops) and names the memoizers its schemas were built with. */
async function memoizersOfMain(main: string): Promise<string> {
  const result = await run(process.execPath, ['--import', MEMOIZER_TRAP, main], {
    env: { ...process.env, PORT: 'not-a-port' },
    timeout: 20_000,
  }).catch((error: { stderr: string }) => error);
  return /zod memoizers: (.*)/.exec(result.stderr)?.[1] ?? result.stderr;
}

describe("zod's cycle tracking (off only when the app asks, before the SDK builds its schemas)", () => {
  it('is on in a process that never imports the package (the control)', async () => {
    expect(await probe([])).toBe('tracked');
  });

  it('stays on when the package is imported: importing it changes nothing outside it', async () => {
    expect(await probe(['dist/index.js'])).toBe('tracked');
    expect(await probe(['dist/testing/index.js'])).toBe('tracked');
  });

  it('is off for the SDK schemas once the switch (nest-mcp/zod-acyclic) is imported first', async () => {
    expect(await probe(['dist/zod-acyclic.js', 'dist/index.js'])).toBe('untracked');
  });

  it("is off for every schema of an app whose main imports the switch first (the fixture app's build)", async () => {
    expect(await memoizersOfMain('dist-test/test/fixture-app/main.js')).toBe('UntrackedMemoizer');
  });

  it('is back on for schemas built after an app turns it on', async () => {
    expect(await probe(['dist/zod-acyclic.js', 'dist/index.js'], true)).toBe('tracked');
  });
});
