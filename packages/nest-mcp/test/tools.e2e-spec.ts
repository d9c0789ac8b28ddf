import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { CLIENT_KINDS, connectTestClient, textOf } from '../src/testing/clients.js';
import { featureModule } from './fixtures/feature.module.js';
import { Probe } from './fixtures/probe.service.js';
import { JsonRpcCode } from '../src/index.js';

describe.each(CLIENT_KINDS)('tools, with %s', (kind) => {
  let running: RunningMcpApp;
  let probe: Probe;

  beforeAll(async () => {
    running = await startMcpApp(featureModule());
    probe = running.app.get(Probe);
  });
  afterAll(() => running.close());

  it('validates arguments and names the bad field in an isError result', async () => {
    const client = await connectTestClient(kind, running.url);
    const ok = await client.callTool('echo', { text: 'ab', count: 2 });
    expect(textOf(ok)).toBe('abab');
    const bad = await client.callTool('echo', { text: 'ab', count: 'two' });
    expect(bad.isError).toBe(true);
    expect(textOf(bad)).toContain('count');
    const raw = await client.callTool('raw_schema', { n: 'x' });
    expect(raw.isError).toBe(true);
    expect(textOf(await client.callTool('raw_schema', { n: 3 }))).toBe('n=3');
    await client.close();
  });

  it('reports thrown errors as isError results without leaking internals', async () => {
    const client = await connectTestClient(kind, running.url);
    const visible = await client.callTool('fail_visible');
    expect(visible.isError).toBe(true);
    expect(textOf(visible)).toBe('the note is locked');
    const internal = await client.callTool('fail_internal');
    expect(internal.isError).toBe(true);
    expect(textOf(internal)).not.toMatch(/hunter2|ECONNREFUSED|at /);
    await client.close();
  });

  it('answers an unknown tool with a JSON-RPC error', async () => {
    const client = await connectTestClient(kind, running.url);
    await expect(client.callTool('no_such_tool')).rejects.toMatchObject({
      code: -32602,
    });
    await client.close();
  });

  it('delivers progress notifications', async () => {
    const client = await connectTestClient(kind, running.url);
    const seen: number[] = [];
    const result = await client.callTool('count_with_progress', {}, { onprogress: (p) => seen.push(p.progress) });
    expect(textOf(result)).toBe('counted');
    expect(seen).toEqual([1, 2, 3]);
    await client.close();
  });

  it('aborts the handler when the client cancels', async () => {
    const client = await connectTestClient(kind, running.url);
    const id = `${kind}-cancel`;
    const controller = new AbortController();
    const call = client.callTool('wait_for_cancel', { id }, { signal: controller.signal });
    await expect.poll(() => probe.started).toContain(id);
    controller.abort();
    await expect(call).rejects.toThrow();
    await expect.poll(() => probe.aborted).toContain(id);
    await client.close();
  });

  it('runs two elicitations in sequence, behind one ctx.elicit API', async () => {
    const asked: string[] = [];
    const client = await connectTestClient(kind, running.url, {
      elicit: ({ message }) => {
        asked.push(message);
        const content: Record<string, string | boolean> = message === 'Your name?' ? { name: 'Ada' } : { ok: true };
        return { action: 'accept', content };
      },
    });
    const result = await client.callTool('ask_name_then_confirm');
    expect(textOf(result)).toBe('saved Ada');
    expect(asked).toEqual(['Your name?', 'Save Ada?']);
    await client.close();
  });

  it('samples from the client model', async () => {
    const client = await connectTestClient(kind, running.url, {
      sample: () => ({ text: 'short' }),
    });
    expect(textOf(await client.callTool('summarize', { text: 'long text' }))).toBe('model said: short');
    await client.close();
  });

  it('gives the handler its era, session and headers', async () => {
    const client = await connectTestClient(kind, running.url);
    const result = await client.callTool('whoami');
    const who = JSON.parse(textOf(result)) as {
      era: string;
      sessionId: string | null;
    };
    expect(who.era).toBe(kind === 'sdk-v2-modern' ? 'modern' : 'legacy');
    if (kind === 'sdk-v2-modern') expect(who.sessionId).toBeNull();
    else expect(who.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await client.close();
  });

  it("runs Nest's guards, interceptors and pipes around tool methods", async () => {
    const client = await connectTestClient(kind, running.url);
    await expect(client.callTool('guarded', {})).rejects.toMatchObject({
      code: JsonRpcCode.Forbidden,
    });
    expect(textOf(await client.callTool('guarded', { please: true }))).toBe('let in');
    expect(textOf(await client.callTool('intercepted'))).toBe('[inner]');
    expect(textOf(await client.callTool('piped', { text: 'quiet' }))).toBe('QUIET');
    expect(probe.contextTypes).toContain('mcp');
    await client.close();
  });
});
