import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);

/**
 * In a fresh Node process (the SDK builds its schemas once per process),
 * imports `entry` from the build, then asks whether the SDK's JSON object
 * schema still tracks reference cycles: with tracking, a cyclic value
 * parses; without, the recursion ends in a RangeError. With `optIn`, the app
 * turns tracking back on (zod's own API) and builds a recursive schema after.
 */
async function probe(entry: string | undefined, optIn = false): Promise<string> {
  const script = `
    import 'reflect-metadata';
    ${entry ? `await import(${JSON.stringify(`./${entry}`)});` : ''}
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

describe("zod's cycle tracking (off before the SDK builds its schemas)", () => {
  it('is on in a process that never imports the module (the control)', async () => {
    expect(await probe(undefined)).toBe('tracked');
  });

  it("is off for the SDK's schemas in the app (the graph main.ts imports) and through the module's entry", async () => {
    expect(await probe('dist-test/test/fixture-app/fixture-app.module.js')).toBe('untracked');
    expect(await probe('dist/index.js')).toBe('untracked');
  });

  it('is back on for schemas built after an app turns it on', async () => {
    expect(await probe('dist/index.js', true)).toBe('tracked');
  });
});
