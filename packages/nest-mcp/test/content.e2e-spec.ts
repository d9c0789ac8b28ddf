import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client as V2Client } from '@modelcontextprotocol/client';
import { McpRegistry } from '../src/index.js';
import { connectMcpClient, startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { connectV1Client } from '../src/testing/v1-client.js';
import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  ResourceUpdatedNotificationSchema,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';

type AnyClient = V1Client | V2Client;
const eras = ['sdk-v1', 'sdk-v2-modern'] as const;

describe.each(eras)('resources, prompts, completions and pagination, with %s', (kind) => {
  let running: RunningMcpApp;
  let client: AnyClient;

  beforeAll(async () => {
    running = await startMcpApp(featureModule());
    client =
      kind === 'sdk-v1' ? (await connectV1Client(running.url)).client : await connectMcpClient(running.url, 'modern');
  });
  afterAll(async () => {
    await client.close();
    await running.close();
  });

  it('lists and reads fixed resources and templates', async () => {
    const { resources } = await client.listResources();
    expect(resources.map((r) => r.uri).sort()).toEqual(['test://hello', 'test://watched']);
    const { resourceTemplates } = await client.listResourceTemplates();
    expect(resourceTemplates.map((t) => t.uriTemplate)).toEqual(['test://items/{id}']);
    const hello = await client.readResource({ uri: 'test://hello' });
    expect(hello.contents).toEqual([{ uri: 'test://hello', text: 'hello world', mimeType: 'text/plain' }]);
    const item = await client.readResource({ uri: 'test://items/42' });
    expect(item.contents[0]).toMatchObject({
      uri: 'test://items/42',
      text: 'item 42',
    });
  });

  it('answers an unknown resource with a not-found error carrying the URI', async () => {
    await expect(client.readResource({ uri: 'test://nowhere' })).rejects.toMatchObject({
      code: -32602,
      data: { uri: 'test://nowhere' },
    });
  });

  it('gets prompts, validates their arguments and completes them', async () => {
    const { prompts } = await client.listPrompts();
    expect(prompts).toEqual([
      {
        name: 'greet',
        description: 'Greets someone',
        arguments: [
          { name: 'name', required: true },
          { name: 'mood', required: false },
        ],
      },
    ]);
    const prompt = await client.getPrompt({
      name: 'greet',
      arguments: { name: 'Ada' },
    });
    expect(prompt.messages).toEqual([{ role: 'user', content: { type: 'text', text: 'Say hello to Ada' } }]);
    await expect(client.getPrompt({ name: 'greet', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    const completion = await client.complete({
      ref: { type: 'ref/prompt', name: 'greet' },
      argument: { name: 'name', value: 'ap' },
    });
    expect(completion.completion.values).toEqual(['apple', 'apricot']);
    const templateCompletion = await client.complete({
      ref: { type: 'ref/resource', uri: 'test://items/{id}' },
      argument: { name: 'id', value: 'b' },
    });
    expect(templateCompletion.completion.values).toEqual(['banana']);
  });

  it('pages tools/list with cursors, each tool exactly once', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await client.listTools(cursor ? { cursor } : {});
      seen.push(...page.tools.map((tool) => tool.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    // SDK v2 walks every page itself when called without a cursor; v1 shows them one by one.
    if (kind === 'sdk-v1') expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toHaveLength(running.app.get(McpRegistry).toolCount);
    await expect(client.listTools({ cursor: 'bogus' })).rejects.toMatchObject({ code: -32602 });
  });
});

describe('notifications from runtime changes', () => {
  let running: RunningMcpApp;
  let registry: McpRegistry;

  beforeAll(async () => {
    running = await startMcpApp(featureModule());
    registry = running.app.get(McpRegistry);
  });
  afterAll(() => running.close());

  it('tells a 2025-era session about tools added and removed at runtime, and about updated resources', async () => {
    const { client } = await connectV1Client(running.url);
    const listChanged: number[] = [];
    const updated: string[] = [];
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      listChanged.push(Date.now());
    });
    client.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => {
      updated.push(n.params.uri);
    });
    await client.subscribeResource({ uri: 'test://watched' });
    // The v1 client opens its GET stream after initialization; give it a moment to be there.
    await new Promise((resolve) => setTimeout(resolve, 200));

    registry.addTool({
      name: 'late_tool',
      description: 'added at runtime',
      handler: () => 'late',
    });
    await expect.poll(() => listChanged.length).toBeGreaterThanOrEqual(1);
    const result = await client.callTool({ name: 'late_tool', arguments: {} });
    expect(result.content).toEqual([{ type: 'text', text: 'late' }]);

    registry.notifyResourceUpdated('test://watched');
    registry.notifyResourceUpdated('test://hello');
    await expect.poll(() => updated).toEqual(['test://watched']);

    registry.removeTool('late_tool');
    await expect.poll(() => listChanged.length).toBeGreaterThanOrEqual(2);
    await expect(client.callTool({ name: 'late_tool', arguments: {} })).rejects.toMatchObject({ code: -32602 });
    await client.close();
  });

  it('tells a 2026-07-28 client on its subscriptions/listen stream', async () => {
    const client = await connectMcpClient(running.url, 'modern');
    const seen: string[] = [];
    client.setNotificationHandler('notifications/tools/list_changed', () => {
      seen.push('tools');
    });
    client.setNotificationHandler('notifications/resources/updated', (n) => {
      seen.push(n.params.uri);
    });
    const subscription = await client.listen({
      toolsListChanged: true,
      resourceSubscriptions: ['test://watched'],
    });
    registry.addTool({ name: 'later_tool', handler: () => 'later' });
    registry.notifyResourceUpdated('test://watched');
    await expect.poll(() => seen).toEqual(['tools', 'test://watched']);
    await subscription.close();
    registry.removeTool('later_tool');
    await client.close();
  });
});
