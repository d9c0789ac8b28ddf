// mcp-remote, a second real client (the stdio proxy desktop clients use to reach remote servers),
// signs in by itself and calls a scoped tool: discovery from the 401, its own registration (DCR),
// the browser sign-in, the callback to its own listener, then MCP over stdio.
import { McpRemote } from './support/mcp-remote.js';
import { ScriptedBrowser } from './support/scripted-browser.js';
import { startSecureTrusting } from './support/secure-app.js';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp.js';

let idp: UpstreamIdp;
let secure: Awaited<ReturnType<typeof startSecureTrusting>>;
let remote: McpRemote | undefined;

beforeAll(async () => {
  idp = await startUpstreamIdp({ resourceScopes: 'notes:read notes:write audit:read admin' });
  secure = await startSecureTrusting(idp);
});
afterAll(async () => {
  remote?.close();
  await secure.running.close();
  await idp.close();
});

describe('mcp-remote against an authorization server it registers with', () => {
  it('signs in through the browser, then lists and calls tools over stdio', async () => {
    const browser = new ScriptedBrowser({ login: 'erin' });
    remote = await McpRemote.signIn(secure.running.url, browser);
    const initialized = await remote.request('initialize', {
      protocolVersion: '2025-06-18',
      capabilities: {},
      clientInfo: { name: 'desktop-client', version: '1' },
    });
    expect(initialized.error).toBeUndefined();
    remote.notify('notifications/initialized');
    const listed = (await remote.request('tools/list')).result as { tools: { name: string }[] };
    expect(listed.tools.map((tool) => tool.name)).toContain('whoami');
    const called = (await remote.request('tools/call', { name: 'whoami', arguments: {} })).result as {
      content: { text: string }[];
    };
    expect(JSON.parse(called.content[0].text)).toMatchObject({ subject: 'erin' });
    expect(browser.visited.length).toBeGreaterThan(0);
  });
});
