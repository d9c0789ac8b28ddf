// Preloaded into a built app (`node --import`): names the zod memoizer every schema was built with,
// on stderr at exit. zod keeps its config on globalThis, so this sees a bundled copy of zod too.
const config = (globalThis.__zod_globalConfig ??= {});
let current;
const seen = new Set();
Object.defineProperty(config, 'memoizer', {
  configurable: true,
  enumerable: true,
  get() {
    // zod reads the memoizer once per container schema, when it is built.
    if (current !== undefined) seen.add(current.constructor?.name ?? 'unnamed');
    return current;
  },
  set(value) {
    current = value;
  },
});
process.once('exit', () => process.stderr.write(`zod memoizers: ${[...seen].join(',') || 'none'}\n`));
