// Preloaded into every benchmark server (`--expose-gc --import`): answers the
// runner's memory probes over the IPC channel (and, for bench/held.mjs, writes
// heap snapshots and runs V8's sampling heap profiler). Idle otherwise; it
// never keeps the process alive.
import { writeFileSync } from 'node:fs';
import { getHeapSpaceStatistics, writeHeapSnapshot } from 'node:v8';

let inspector;

/** `start`: samples allocations from now; a file path: writes what is sampled and still live there, and stops. */
async function sampleHeap(sampling) {
  if (!inspector) {
    const { Session } = await import('node:inspector/promises');
    inspector = new Session();
    inspector.connect();
  }
  if (sampling === 'start') {
    await inspector.post('HeapProfiler.startSampling', { samplingInterval: 128 });
    return undefined;
  }
  const { profile } = await inspector.post('HeapProfiler.stopSampling');
  writeFileSync(sampling, JSON.stringify(profile));
  return sampling;
}

/** Bytes V8's young generation has in memory: its size follows the allocation rate, not what is held. */
const youngGeneration = () =>
  getHeapSpaceStatistics()
    .filter(({ space_name: name }) => name === 'new_space' || name === 'new_large_object_space')
    .reduce((sum, space) => sum + space.physical_space_size, 0);

if (process.send) {
  process.on('message', async (message) => {
    if (message?.type !== 'memory') return;
    if (message.gc && typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const sampled = message.sampling ? await sampleHeap(message.sampling) : undefined;
    const snapshot = message.snapshot ? writeHeapSnapshot(message.snapshot) : undefined;
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send({
      type: 'memory',
      id: message.id,
      rss,
      heapUsed,
      external,
      arrayBuffers,
      youngGeneration: youngGeneration(),
      snapshot,
      sampled,
    });
  });
  process.channel?.unref();
}
