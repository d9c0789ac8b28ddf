// mcp-remote, a second real client (the stdio proxy desktop clients use to reach remote servers),
// signs in by itself and calls a scoped tool: discovery from the 401, its own registration (DCR),
// the browser sign-in, the callback to its own listener, then MCP over stdio. Once against a
// server whose authorization server is the IdP itself, once through the OAuth bridge.
import type { RunningMcpApp } from '../src/testing/index.js';
import { startBridged } from './support/bridged-app.js';
import { McpRemote } from './support/mcp-remote.js';
import { ScriptedBrowser } from './support/scripted-browser.js';
import { startSecureTrusting } from './support/secure-app.js';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp.js';

let idp: UpstreamIdp;
const servers: RunningMcpApp[] = [];
const remotes: McpRemote[] = [];

beforeAll(async () => {
  idp = await startUpstreamIdp({ resourceScopes: 'notes:read notes:write audit:read admin' });
});
afterAll(async () => {
  for (const remote of remotes) remote.close();
  await Promise.all(servers.map((server) => server.close()));
  await idp.close();
});

/** Signs mcp-remote in as `login`, then initializes and returns who the server says the caller is. */
async function whoamiThrough(url: URL, login: string): Promise<{ subject: string; tools: string[]; visited: URL[] }> {
  const browser = new ScriptedBrowser({ login });
  const remote = await McpRemote.signIn(url, browser);
  remotes.push(remote);
  const initialized = await remote.request('initialize', {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'desktop-client', version: '1' },
  });
  expect(initialized.error).toBeUndefined();
  remote.notify('notifications/initialized');
  const listed = (await remote.request('tools/list')).result as { tools: { name: string }[] };
  const called = (await remote.request('tools/call', { name: 'whoami', arguments: {} })).result as {
    content: { text: string }[];
  };
  return {
    visited: browser.visited,
    subject: (JSON.parse(called.content[0].text) as { subject: string }).subject,
    tools: listed.tools.map((tool) => tool.name),
  };
}

describe('mcp-remote signs in by itself', () => {
  it('at an authorization server it registers with, then lists and calls tools over stdio', async () => {
    const secure = await startSecureTrusting(idp);
    servers.push(secure.running);
    const seen = await whoamiThrough(secure.running.url, 'erin');
    expect(seen.subject).toBe('erin');
    expect(seen.tools).toContain('whoami');
    expect(seen.visited.length).toBeGreaterThan(0);
  });

  it('through the OAuth bridge: registers at the bridge, signs in at the IdP, consents, and calls as the IdP user', async () => {
    const bridged = await startBridged(idp);
    servers.push(bridged);
    const seen = await whoamiThrough(bridged.url, 'frank');
    expect(seen.subject).toBe('frank');
    expect(seen.tools).toEqual(expect.arrayContaining(['whoami', 'read_notes']));
    // The browser went to the IdP to sign in, came back through the bridge's callback, and never saw the IdP's tokens.
    expect(seen.visited.some((url) => url.origin === new URL(idp.issuer).origin)).toBe(true);
    expect(seen.visited.some((url) => url.href.startsWith(`${bridged.url.origin}/oauth/callback`))).toBe(true);
  });
});
