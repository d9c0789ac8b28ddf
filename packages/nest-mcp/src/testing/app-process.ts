import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import { freePort } from './free-port.js';

/** Where the app runs unless a test says otherwise: no `.env` of the developer's applies to it. */
const EMPTY_DIR = mkdtempSync(join(tmpdir(), 'mcp-app-'));

/** The built app (`dist/main.js`) as a child process, with its combined output captured. */
export class AppProcess {
  output = '';
  exitCode?: number | null;
  private readonly exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
  ) {
    child.stdout!.on('data', (chunk) => (this.output += chunk));
    child.stderr!.on('data', (chunk) => (this.output += chunk));
    this.exited = new Promise((resolve) =>
      child.on('exit', (code) => {
        this.exitCode = code;
        resolve(code);
      }),
    );
  }

  static async start(env: Record<string, string>, script = 'dist/main.js', cwd?: string): Promise<AppProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, [resolvePath(script)], {
      cwd: cwd ?? EMPTY_DIR,
      env: { ...process.env, NODE_ENV: 'test', HOST: '127.0.0.1', PORT: String(port), ...env },
    });
    return new AppProcess(child, port);
  }

  get url(): URL {
    return new URL(`http://127.0.0.1:${this.port}/mcp`);
  }

  /** Resolves once the app answers its liveness probe, or rejects with its output if it exits first. */
  async ready(timeoutMs = 15_000): Promise<void> {
    const started = Date.now();
    while (!(await this.live())) {
      if (this.exitCode !== undefined) throw new Error(`the app exited (${this.exitCode}):\n${this.output}`);
      if (Date.now() - started > timeoutMs) throw new Error(`the app did not start:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  private async live(): Promise<boolean> {
    try {
      return (await fetch(new URL('/health/live', this.url))).ok;
    } catch {
      return false;
    }
  }

  exit(timeoutMs = 15_000): Promise<number | null> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    return this.exited.finally(() => clearTimeout(timer));
  }

  /** Sends a signal without waiting (e.g. SIGTERM to watch the drain). */
  signal(signal: NodeJS.Signals): void {
    this.child.kill(signal);
  }

  async stop(): Promise<number | null> {
    if (this.exitCode === undefined) this.child.kill('SIGTERM');
    return this.exit();
  }
}

/** Runs a built script to completion and returns its exit code and output. */
export async function runScript(script: string, env: Record<string, string>, args: string[] = []) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(process.execPath, [resolvePath(script), ...args], {
      cwd: EMPTY_DIR,
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}
