// What a results file says about where it was measured: machine, versions, commit, and the other
// load the machine carried while the harness idled.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { ROOT } from '../support/servers.mjs';

export function meta() {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  // The code measured: the framework's sources (the bench app imports its build).
  const dirty = git('status', '--porcelain', '--', 'packages/nest-mcp/src');
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    commit: git('rev-parse', '--short', 'HEAD'),
    otherLoad: [],
    groupSeconds: {},
    srcDirty: dirty ? dirty.split('\n').length : 0,
    versions: {
      sdkServer: pkgVersion('node_modules/@modelcontextprotocol/server'),
      sdkNode: pkgVersion('node_modules/@modelcontextprotocol/node'),
      nest: pkgVersion('node_modules/@nestjs/core'),
      mcpNest: pkgVersion('bench/mcp-nest/node_modules/@rekog/mcp-nest'),
      autocannon: pkgVersion('node_modules/autocannon'),
    },
  };
}

/** CPU busy % of the whole machine over half a second while the harness is idle: other load that skews runs. */
export async function busyPercent() {
  const sample = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
  };
  try {
    const a = sample();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const b = sample();
    return Math.round(100 * (1 - (b.idle - a.idle) / Math.max(1, b.total - a.total)));
  } catch {
    return undefined;
  }
}

function pkgVersion(dir) {
  try {
    return JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}
