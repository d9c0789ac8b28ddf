// Preloaded into every benchmark server (`--expose-gc --import`): answers the
// runner's memory probes over the IPC channel. Idle otherwise; it never keeps
// the process alive.
if (process.send) {
  process.on('message', (message) => {
    if (message?.type !== 'memory') return;
    if (message.gc && typeof globalThis.gc === 'function') {
      globalThis.gc();
      globalThis.gc();
    }
    const { rss, heapUsed, external, arrayBuffers } = process.memoryUsage();
    process.send({ type: 'memory', id: message.id, rss, heapUsed, external, arrayBuffers });
  });
  process.channel?.unref();
}
