import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpModuleOptions } from '../src/index.js';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { confirmModule } from './fixtures/confirm.module.js';
import { freePort } from '../src/testing/free-port.js';
import { post } from './support/raw-http.js';

/*
 * A 2026-07-28 "yes" (an input response plus the signed requestState of the
 * round that asked) is good for the one request it was given for: the same
 * principal, method, target and arguments, the question actually asked, and
 * a short while. Spoken as raw 2026-07-28 requests, so each test controls
 * exactly which answer and which state travel.
 */

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const KEY_1 = 'request-state-key-one-0123456789abcdef';
const KEY_2 = 'request-state-key-two-0123456789abcdef';
const KEY_3 = 'request-state-key-three-0123456789abcdef';
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': { elicitation: { form: {} } },
};
const YES = { confirm: { action: 'accept', content: { confirm: true } } };
const INVALID_STATE = { code: -32602, message: 'Invalid or expired requestState' };

interface Reply {
  result?: Record<string, unknown> & { resultType?: string; requestState?: string; inputRequests?: object };
  error?: { code: number; message: string };
}

interface Server {
  running: RunningMcpApp;
  /** A 2026-07-28 request as `sub`, answered as JSON-RPC (from JSON or the SSE stream). */
  rpc(sub: string, method: string, params: Record<string, unknown>): Promise<Reply>;
}

async function startServer(options: Partial<McpModuleOptions> = {}): Promise<Server> {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const running = await startMcpApp(
    confirmModule({ auth: { mode: 'jwt', secret: SECRET, resourceUrl: resource }, rateLimit: false, ...options }),
    { port },
  );
  let id = 0;
  const rpc = async (sub: string, method: string, params: Record<string, unknown>): Promise<Reply> => {
    const token = await new SignJWT({ sub, aud: resource, scope: 'notes:read notes:write notes:delete' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    const body = { jsonrpc: '2.0', id: ++id, method, params: { ...params, _meta: ENVELOPE } };
    const response = await post(running.url, body, {
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      'mcp-name': String(params.name ?? params.uri),
    });
    const text = await response.text();
    const data = response.headers.get('content-type')?.includes('text/event-stream')
      ? text
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .at(-1)!
          .slice(5)
      : text;
    return JSON.parse(data) as Reply;
  };
  return { running, rpc };
}

/** Calls `name` without answers: the round that asks, with its state. */
async function ask(server: Server, sub: string, name: string, args: Record<string, unknown>) {
  const reply = await server.rpc(sub, 'tools/call', { name, arguments: args });
  expect(reply.result?.resultType).toBe('input_required');
  return reply.result!.requestState!;
}

/** Retries `name` with `inputResponses` (a "yes" by default) and the state, when given. */
const retry = (
  server: Server,
  sub: string,
  name: string,
  args: Record<string, unknown>,
  requestState?: string,
  inputResponses: object = YES,
) => server.rpc(sub, 'tools/call', { name, arguments: args, inputResponses, ...(requestState && { requestState }) });

const textOf = (reply: Reply) => (reply.result?.content as { text: string }[] | undefined)?.[0]?.text;

describe('a requestState is bound to who asked, for what, with which arguments', () => {
  let server: Server;
  let first: string;
  let second: string;

  const createNote = async (title: string) => {
    const reply = await server.rpc('alice', 'tools/call', { name: 'createNote', arguments: { title, body: 'x' } });
    return (reply.result!.structuredContent as { id: string }).id;
  };
  const exists = async (id: string) => !(await server.rpc('alice', 'resources/read', { uri: `notes://${id}` })).error;

  beforeAll(async () => {
    server = await startServer();
    first = await createNote('first');
    second = await createNote('second');
  });
  afterAll(() => server.running.close());

  it('completes the confirmed deletion it was issued for (the legitimate flow still works)', async () => {
    const id = await createNote('to delete');
    const requestState = await ask(server, 'alice', 'deleteNote', { id });
    const done = await retry(server, 'alice', 'deleteNote', { id }, requestState);
    expect(textOf(done)).toBe('Deleted "to delete"');
    expect(await exists(id)).toBe(false);
  });

  it('refuses the "yes" and its state replayed against other arguments', async () => {
    const requestState = await ask(server, 'alice', 'deleteNote', { id: first });
    const replay = await retry(server, 'alice', 'deleteNote', { id: second }, requestState);
    expect(replay.error).toMatchObject(INVALID_STATE);
    expect(await exists(second)).toBe(true);
  });

  it('refuses them replayed against another tool', async () => {
    const requestState = await ask(server, 'alice', 'deleteNote', { id: first });
    const replay = await retry(server, 'alice', 'archive_note', { id: first }, requestState);
    expect(replay.error).toMatchObject(INVALID_STATE);
  });

  it('refuses them replayed by another principal', async () => {
    const requestState = await ask(server, 'alice', 'deleteNote', { id: first });
    const replay = await retry(server, 'bob', 'deleteNote', { id: first }, requestState);
    expect(replay.error).toMatchObject(INVALID_STATE);
    expect(await exists(first)).toBe(true);
  });

  it('asks again when the "yes" comes without a state, and deletes nothing', async () => {
    const bare = await retry(server, 'alice', 'deleteNote', { id: second });
    expect(bare.result).toMatchObject({ resultType: 'input_required', inputRequests: { confirm: {} } });
    expect(await exists(second)).toBe(true);
  });

  it('takes an answer sent before its question was asked only where the question allows it (acceptUnasked)', async () => {
    const name = { name: { action: 'accept', content: { name: 'Ada' } } };
    const early = await retry(server, 'alice', 'greet_by_name', {}, undefined, { ...name, ...YES });
    expect(textOf(early)).toBe('Hello, Ada');
    // The same early answers do not confirm a deletion: that question takes no unasked answer.
    const bare = await retry(server, 'alice', 'deleteNote', { id: second }, undefined, { ...name, ...YES });
    expect(bare.result).toMatchObject({ resultType: 'input_required' });
    expect(await exists(second)).toBe(true);
  });

  it('does not use an answer to a question the server did not ask in that round', async () => {
    const requestState = await ask(server, 'alice', 'create_then_tag', { title: 'n' });
    const tag = { tag: { action: 'accept', content: { tag: 'home' } } };
    const early = await retry(server, 'alice', 'create_then_tag', { title: 'n' }, requestState, { ...tag, ...YES });
    // The tag is taken; the confirmation nobody asked for yet is not: it is asked now.
    expect(early.result).toMatchObject({ resultType: 'input_required', inputRequests: { confirm: {} } });
    expect(early.result?.inputRequests).not.toHaveProperty('tag');
    const done = await retry(server, 'alice', 'create_then_tag', { title: 'n' }, early.result!.requestState);
    expect(textOf(done)).toBe('Created n');
  });

  it('binds prompts to their name and arguments, resources to their URI', async () => {
    const asked = await server.rpc('alice', 'prompts/get', { name: 'confirmed_prompt', arguments: { id: '1' } });
    const requestState = asked.result!.requestState!;
    const again = (method: string, params: Record<string, unknown>) =>
      server.rpc('alice', method, { ...params, inputResponses: YES, requestState });
    expect(await again('prompts/get', { name: 'confirmed_prompt', arguments: { id: '1' } })).toMatchObject({
      result: { messages: [{ content: { text: 'confirmed=true' } }] },
    });
    expect((await again('prompts/get', { name: 'confirmed_prompt', arguments: { id: '2' } })).error).toMatchObject(
      INVALID_STATE,
    );
    expect((await again('resources/read', { uri: 'confirm://1' })).error).toMatchObject(INVALID_STATE);
    expect((await again('tools/call', { name: 'archive_note', arguments: { id: '1' } })).error).toMatchObject(
      INVALID_STATE,
    );
  });
});

describe('a requestState is short-lived, and its key can rotate', () => {
  const servers: Server[] = [];
  const start = async (options: Partial<McpModuleOptions>) => {
    const server = await startServer(options);
    servers.push(server);
    return server;
  };
  afterAll(() => Promise.all(servers.map((server) => server.running.close())));

  const answer = (server: Server, requestState: string) =>
    retry(server, 'alice', 'archive_note', { id: '7' }, requestState);

  it('refuses a state past its lifetime (requestStateTtlMs)', async () => {
    const server = await start({ requestStateTtlMs: 1_000 });
    const requestState = await ask(server, 'alice', 'archive_note', { id: '7' });
    expect(textOf(await answer(server, requestState))).toBe('Archived 7');
    // Expiry has a one-second resolution: past two seconds the state is over for sure.
    await sleep(2_100);
    expect((await answer(server, requestState)).error).toMatchObject(INVALID_STATE);
  });

  it('accepts a state minted under the previous key after a rotation, and none under an unknown key', async () => {
    const before = await start({ requestStateKey: KEY_1 });
    const stranger = await start({ requestStateKey: KEY_3 });
    const minted = await ask(before, 'alice', 'archive_note', { id: '7' });
    const forged = await ask(stranger, 'alice', 'archive_note', { id: '7' });
    const after = await start({ requestStateKey: KEY_2, requestStatePreviousKey: KEY_1 });
    expect(textOf(await answer(after, minted))).toBe('Archived 7');
    expect((await answer(after, forged)).error).toMatchObject(INVALID_STATE);
    // And what the rotated server mints, it verifies with its current key.
    expect(textOf(await answer(after, await ask(after, 'alice', 'archive_note', { id: '7' })))).toBe('Archived 7');
  });
});
