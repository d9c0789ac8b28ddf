// A/B by CPU time per request: the measure to trust for changes of a few per cent.
//   npm run bench:build && node bench/cpu-ab.mjs [legacy|modern] [servers=pipeline,sdk] [rounds=8]
// Servers as for quick.mjs (kind[@script][:ENV=value...]). Each round loads every server in turn
// (the order rotating, 3 s each after a warm-up) and reads the server's CPU time (all threads,
// user + system) over its run: CPU per request moves far less with the machine's drift than
// req/s does. Prints the median of the rounds, its ratio to the first server's, every round, and
// the median req/s.
import { drain, load, median } from './support/load.mjs';
import { startSpecs } from './support/spec.mjs';

const [era = 'legacy', specs = 'pipeline,sdk', rounds = '8'] = process.argv.slice(2);
const CONNECTIONS = 10;

const servers = (await startSpecs(specs, era)).map((started) => ({ ...started, cpu: [], rps: [] }));
for (let round = 0; round < Number(rounds); round++) {
  for (const item of servers.map((_, i) => servers[(i + round) % servers.length])) {
    const { url, authHeaders } = item.server;
    const options = { connections: CONNECTIONS, extraHeaders: authHeaders };
    await load(url, item.request, { ...options, duration: round === 0 ? 3 : 1 });
    await drain(url, item.request, options);
    const before = item.server.cpuSeconds();
    const run = await load(url, item.request, { ...options, duration: 3 });
    await drain(url, item.request, options); // the run's abandoned requests are still its work
    const seconds = item.server.cpuSeconds() - before;
    item.cpu.push((seconds * 1e6) / (run.ok + CONNECTIONS));
    item.rps.push(run.ok / run.seconds);
  }
}

const base = median(servers[0].cpu);
for (const item of servers) {
  const cpu = median(item.cpu);
  console.log(
    `${item.spec.padEnd(40)} ${cpu.toFixed(1).padStart(6)} µs CPU/req  ×${(cpu / base).toFixed(3)}  ` +
      `[${item.cpu.map((value) => value.toFixed(0)).join(' ')}]  ${median(item.rps).toFixed(0)} req/s`,
  );
  await item.server.stop();
}
process.exit(0);
