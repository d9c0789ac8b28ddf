// Before any server starts: the build is there, the bundle is fresh, MCP-Nest is installed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { bundleBenchApp } from '../support/bundle.mjs';
import { KINDS, ROOT } from '../support/servers.mjs';
import { log } from './record.mjs';
import { quick, S } from './settings.mjs';

export async function preflight() {
  if (!existsSync(join(ROOT, KINDS.pipeline.script))) {
    throw new Error('bench/dist is missing: run `npm run bench` (it builds first) or `npm run bench:build`');
  }
  await bundleBenchApp(ROOT);
  if (!existsSync(join(ROOT, 'bench/mcp-nest/node_modules/@rekog/mcp-nest'))) {
    log('installing MCP-Nest into bench/mcp-nest (npm ci, its own lockfile)');
    const npm = spawnSync('npm', ['ci', '--prefix', 'bench/mcp-nest', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (npm.status !== 0) throw new Error('npm ci --prefix bench/mcp-nest failed');
  }
  log(
    `settings: ${S.duration} s runs after ${S.warmup} s warm-up, ${S.rounds} rounds, ${S.connections} connections, ` +
      `${S.sessions} sessions${quick ? ' (--quick)' : ''}`,
  );
}
