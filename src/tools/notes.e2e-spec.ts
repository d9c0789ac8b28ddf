import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AppModule } from '../app.module.js';
import { connectMcpClient, startMcpApp, type RunningMcpApp } from 'nest-mcp/testing';
import { connectV1Client } from 'nest-mcp/testing';
import { connectTestClient, textOf } from 'nest-mcp/testing';

describe('the example app, seen by three independent clients', () => {
  let running: RunningMcpApp;

  beforeAll(async () => {
    running = await startMcpApp(AppModule);
  });
  afterAll(() => running.close());

  it('shows the same tools to SDK v1, SDK v2 pinned to 2026-07-28 and SDK v2 negotiating', async () => {
    const { client: v1 } = await connectV1Client(running.url);
    const modern = await connectMcpClient(running.url, 'modern');
    const negotiating = await connectMcpClient(running.url, 'negotiate');

    const names = async (list: Promise<{ tools: { name: string }[] }>) => (await list).tools.map((t) => t.name).sort();
    const expected = ['createNote', 'deleteNote', 'exportNotes', 'searchNotes'];
    expect(await names(v1.listTools())).toEqual(expected);
    expect(await names(modern.listTools())).toEqual(expected);
    expect(await names(negotiating.listTools())).toEqual(expected);
    expect(negotiating.getNegotiatedProtocolVersion?.() ?? '2026-07-28').toBe('2026-07-28');

    await Promise.all([v1.close(), modern.close(), negotiating.close()]);
  });

  it('reads the notes index as one JSON document, every note in it', async () => {
    const client = await connectMcpClient(running.url, 'modern');
    const { contents } = await client.readResource({ uri: 'notes://index' });
    expect(contents).toHaveLength(1);
    expect(contents[0]).toMatchObject({ uri: 'notes://index', mimeType: 'application/json' });
    const index = JSON.parse((contents[0] as { text: string }).text) as { id: string; uri: string }[];
    expect(index.length).toBeGreaterThan(1);
    for (const note of index) expect(note.uri).toBe(`notes://${note.id}`);
    await client.close();
  });

  it('returns structured content with its JSON as text', async () => {
    const client = await connectMcpClient(running.url, 'modern');
    const result = await client.callTool({
      name: 'searchNotes',
      arguments: { query: 'milk' },
    });
    expect(result.isError).toBeFalsy();
    const structured = result.structuredContent as {
      total: number;
      notes: { title: string }[];
    };
    expect(structured.total).toBe(1);
    expect(structured.notes[0].title).toBe('Shopping');
    expect(JSON.parse((result.content as { text: string }[])[0].text)).toEqual(structured);
    await client.close();
  });
});

describe('the example app: a destructive action confirmed by elicitation, a long job with progress', () => {
  let running: RunningMcpApp;

  beforeAll(async () => {
    running = await startMcpApp(AppModule);
  });
  afterAll(() => running.close());

  it.each(['sdk-v1', 'sdk-v2-modern'] as const)(
    'asks before deleting, and keeps the note on "no" (%s)',
    async (kind) => {
      let answer = false;
      const client = await connectTestClient(kind, running.url, {
        elicit: ({ message }) => {
          expect(message).toMatch(/^Delete the note/);
          return { action: 'accept', content: { confirm: answer } };
        },
      });
      const created = await client.callTool('createNote', { title: `Temp ${kind}`, body: 'to be deleted' });
      const { id } = created.structuredContent as { id: string };
      expect(textOf(await client.callTool('deleteNote', { id }))).toBe(`Kept "Temp ${kind}"`);
      answer = true;
      expect(textOf(await client.callTool('deleteNote', { id }))).toBe(`Deleted "Temp ${kind}"`);
      const missing = await client.callTool('deleteNote', { id });
      expect(missing.isError).toBe(true);
      expect(textOf(missing)).toBe(`No note with id ${id}`);
      await client.close();
    },
  );

  it('reports progress on the export and stops when the client cancels', async () => {
    const client = await connectTestClient('sdk-v2-modern', running.url);
    const progress: number[] = [];
    const done = await client.callTool(
      'exportNotes',
      { delayMs: 10 },
      { onprogress: (p) => progress.push(p.progress) },
    );
    expect(textOf(done)).toContain('# Welcome');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    const controller = new AbortController();
    const slow = client.callTool('exportNotes', { delayMs: 5_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(slow).rejects.toThrow();
    await client.close();
  });
});

describe('the example app: the export as a task', () => {
  let running: RunningMcpApp;
  beforeAll(async () => {
    running = await startMcpApp(AppModule);
  });
  afterAll(() => running.close());

  it('a 2025-11-25 client gets a task for the export, polls it to its Markdown, and can cancel one', async () => {
    const { client } = await connectV1Client(running.url);
    const tasks = client.experimental.tasks;
    const seen: { type: string; result?: unknown; task?: unknown }[] = [];
    const call = { name: 'exportNotes', arguments: { delayMs: 300 } };
    for await (const message of tasks.callToolStream(call, undefined, { task: { ttl: 60_000 } })) seen.push(message);
    expect(seen[0]).toMatchObject({ type: 'taskCreated', task: { status: 'working', ttl: 60_000 } });
    expect(seen.at(-1)).toMatchObject({ type: 'result' });
    expect(textOf(seen.at(-1)!.result as never)).toContain('# Welcome');

    const slow = tasks.callToolStream({ name: 'exportNotes', arguments: { delayMs: 5_000 } }, undefined, {
      task: { ttl: 60_000 },
    });
    const created = (await slow.next()).value as { task: { taskId: string } };
    expect((await tasks.cancelTask(created.task.taskId)).status).toBe('cancelled');
    expect((await tasks.getTask(created.task.taskId)).status).toBe('cancelled');
    await slow.return();
    await client.close();
  });
});

describe('the example app with auth on', () => {
  let running: RunningMcpApp;
  beforeAll(() => vi.stubEnv('MCP_JWT_SECRET', 'a-test-secret-that-is-long-enough-for-hs256'));
  afterAll(async () => {
    await running?.close();
    vi.unstubAllEnvs();
  });

  it('calls a scoped tool with a token that has its scope, and is refused one it lacks', async () => {
    running = await startMcpApp(AppModule);
    const client = await running.connect('modern', { token: await running.token({ scopes: ['notes:read'] }) });
    expect(
      (await client.callTool({ name: 'searchNotes', arguments: { query: 'milk' } })).structuredContent,
    ).toMatchObject({ total: 1 });

    await expect(client.callTool({ name: 'createNote', arguments: { title: 'T', body: 'B' } })).rejects.toThrow(
      /notes:write/,
    );
    await client.close();
  });
});
