import { beforeAll, afterAll, describe, expect, it } from 'vitest';
import { McpRegistry, JsonRpcCode } from '../src/index.js';
import { connectMcpClient, type RunningMcpApp } from '../src/testing/index.js';
import { CLIENT_KINDS, connectTestClient, textOf } from '../src/testing/clients.js';
import { startHs256, type Hs256App } from './support/hs256-tokens.js';
import { initializeBody, post } from './support/raw-http.js';
import { bearer } from './support/secure-app.js';

const modernMeta = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

describe('HS256 tokens', () => {
  let running: RunningMcpApp;
  let token: Hs256App['token'];
  beforeAll(async () => {
    ({ running, token } = await startHs256());
  });
  afterAll(() => running.close());

  describe.each(CLIENT_KINDS)('with %s', (kind) => {
    it('shows only what the scopes allow, and steps up with 403 insufficient_scope', async () => {
      const client = await connectTestClient(kind, running.url, { headers: bearer(await token()) });
      const { tools } = await (client.raw as { listTools(): Promise<{ tools: { name: string }[] }> }).listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['admin_reset', 'hold', 'read_notes', 'whoami']);
      expect(textOf(await client.callTool('read_notes'))).toBe('the notes');
      expect(JSON.parse(textOf(await client.callTool('whoami')))).toEqual({
        subject: 'alice',
        scopes: ['notes:read'],
        via: 'jwt',
      });
      await expect(client.callTool('write_note', { text: 'x' })).rejects.toThrow(/403|insufficient|Forbidden/i);
      await expect(client.callTool('admin_reset')).rejects.toMatchObject({ code: JsonRpcCode.Forbidden });
      await client.close();
    });

    it('lets a role-holding principal through the roles guard', async () => {
      const client = await connectTestClient(kind, running.url, {
        headers: bearer(await token({ sub: 'root', roles: ['admin'], scope: 'notes:read notes:write' })),
      });
      expect(textOf(await client.callTool('admin_reset'))).toBe('reset');
      expect(textOf(await client.callTool('write_note', { text: 'hi' }))).toBe('wrote hi');
      await client.close();
    });
  });

  it('filters prompts and resources by scope too, and steps up on reading a hidden resource', async () => {
    const reader = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token()) } },
    });
    expect((await reader.listPrompts()).prompts).toEqual([]);
    expect((await reader.listResources()).resources).toEqual([]);
    await expect(reader.readResource({ uri: 'secure://audit' })).rejects.toThrow(/403|insufficient|Forbidden/i);
    await reader.close();

    const auditor = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token({ scope: 'audit:read notes:write' })) } },
    });
    expect((await auditor.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(['draft']);
    expect((await auditor.listResources()).resources.map((resource) => resource.uri)).toEqual(['secure://audit']);
    expect((await auditor.readResource({ uri: 'secure://audit' })).contents[0]).toMatchObject({ text: 'audit log' });
    await auditor.close();
  });

  it('answers a missing scope with the step-up challenge on the wire', async () => {
    const response = await post(
      running.url,
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: {
          name: 'write_note',
          arguments: { text: 'x' },
          _meta: modernMeta,
        },
      },
      { ...bearer(await token()), 'mcp-protocol-version': '2026-07-28' },
    );
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate')!;
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="notes:write"');
    expect(challenge).toContain('resource_metadata=');
  });

  it('refuses a 2025 resources/subscribe without the scopes a read needs, with the same step-up 403', async () => {
    const sessionAs = async (scope: string) => {
      const headers = bearer(await token({ scope }));
      const opened = await post(running.url, initializeBody(), headers);
      await opened.text();
      return {
        ...headers,
        'mcp-session-id': opened.headers.get('mcp-session-id')!,
        'mcp-protocol-version': '2025-06-18',
      };
    };
    const subscribe = { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri: 'secure://audit' } };
    const refused = await post(running.url, subscribe, await sessionAs('notes:read'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="audit:read admin"');
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.Forbidden } });
    const allowed = await post(running.url, subscribe, await sessionAs('audit:read'));
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('"result":{}');
  });

  it('refuses a 2026-07-28 listen filter naming a resource the caller may not read; one who may hears its updates', async () => {
    const filter = { resourceSubscriptions: ['notes://elsewhere', 'secure://audit'] };
    const listen = {
      jsonrpc: '2.0',
      id: 4,
      method: 'subscriptions/listen',
      params: { notifications: filter, _meta: modernMeta },
    };
    const refused = await post(running.url, listen, { ...bearer(await token()), 'mcp-protocol-version': '2026-07-28' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="audit:read admin"');

    const reader = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token()) } },
    });
    await expect(reader.listen(filter)).rejects.toThrow(/403|insufficient|Forbidden/i);
    await reader.close();

    const auditor = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token({ scope: 'audit:read' })) } },
    });
    const updated: string[] = [];
    auditor.setNotificationHandler('notifications/resources/updated', (notification) => {
      updated.push(notification.params.uri);
    });
    const subscription = await auditor.listen(filter);
    running.app.get(McpRegistry).notifyResourceUpdated('secure://audit');
    await expect.poll(() => updated).toEqual(['secure://audit']);
    await subscription.close();
    await auditor.close();
  });
});
