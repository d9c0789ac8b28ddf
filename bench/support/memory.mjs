// A server's memory at an idle point, read through the probe (bench/support/probe.mjs).

/**
 * `process.memoryUsage()` (and V8's young generation) after full GCs, `settleMs` for V8 to hand
 * freed pages back (RSS read right after a burst of allocation overstates it), and full GCs again.
 */
export async function idleMemory(server, settleMs) {
  await server.memory(true);
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return server.memory(true);
}

/** `idleMs` after the last request (ours parks idle sessions), the idle memory of every server at once. */
export async function idleMemories(servers, { idleMs, settleMs }) {
  await new Promise((resolve) => setTimeout(resolve, idleMs));
  return Promise.all(servers.map((server) => idleMemory(server, settleMs)));
}
