import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../../src/testing/free-port.js';
import type { ScriptedBrowser } from './scripted-browser.js';

const PROXY = createRequire(import.meta.url).resolve('mcp-remote/dist/proxy.js');
const AUTHORIZE_PROMPT = /Please authorize this client by visiting:\s*(\S+)/;

type Reply = { result?: unknown; error?: { code: number; message: string } };

/**
 * mcp-remote, the stdio-to-HTTP proxy many desktop clients use to reach remote servers, driven
 * headlessly: it prints the authorization URL (no browser here to open it), the scripted
 * browser signs in and consents, the redirect is delivered to mcp-remote's own callback
 * listener, and then JSON-RPC goes over its stdio as a desktop client would send it.
 */
export class McpRemote {
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  stderr = '';

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const message = JSON.parse(line) as Reply & { id?: number };
      if (typeof message.id === 'number') this.pending.get(message.id)?.(message);
    });
    child.stderr.on('data', (chunk) => (this.stderr += chunk));
  }

  /** Starts mcp-remote for `mcpUrl` and walks its sign-in with `browser`. */
  static async signIn(mcpUrl: URL, browser: ScriptedBrowser, timeoutMs = 20_000): Promise<McpRemote> {
    const port = await freePort();
    const child = spawn(process.execPath, [PROXY, mcpUrl.href, String(port), '--allow-http'], {
      // Its own config dir: no tokens of an earlier run (or of the developer's) are reused.
      env: { ...process.env, MCP_REMOTE_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'mcp-remote-')), BROWSER: 'none' },
    });
    const remote = new McpRemote(child);
    const url = await remote.waitFor(AUTHORIZE_PROMPT, timeoutMs);
    const callback = await browser.authorize(url, `http://localhost:${port}/oauth/callback`);
    const delivered = await fetch(callback);
    await delivered.text();
    if (!delivered.ok) throw new Error(`mcp-remote refused the callback (${delivered.status}):\n${remote.stderr}`);
    return remote;
  }

  /** Sends a JSON-RPC request over stdio and resolves with its reply. */
  request(method: string, params: Record<string, unknown> = {}): Promise<Reply> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', id, method, params })}\n`);
    });
  }

  notify(method: string, params: Record<string, unknown> = {}): void {
    this.child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', method, params })}\n`);
  }

  close(): void {
    this.child.kill('SIGTERM');
  }

  private async waitFor(pattern: RegExp, timeoutMs: number): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = pattern.exec(this.stderr);
      if (match) return match[1];
      if (this.child.exitCode !== null || Date.now() > deadline) {
        throw new Error(`mcp-remote did not ask for authorization:\n${this.stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
