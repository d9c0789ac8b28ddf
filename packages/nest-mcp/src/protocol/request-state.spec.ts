import type { ServerContext } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { toAuthInfo, type McpPrincipal } from '../auth/principal.js';
import { bindRequest } from './request-scope.js';
import { boundTo, createStateCodec } from './request-state-codec.js';
import { stateBinding } from './request-state.js';

/** The SDK context of a request from `ip`, as `subject` when given. */
function contextOf(ip: string, subject?: string, method = 'tools/call'): ServerContext {
  const web = new Request('http://127.0.0.1/mcp', { method: 'POST' });
  bindRequest(web, { ip } as never);
  const principal: McpPrincipal | undefined = subject
    ? { subject, scopes: [], roles: [], via: 'jwt', claims: {} }
    : undefined;
  return {
    mcpReq: { method },
    http: { req: web, authInfo: principal && toAuthInfo(principal, 'token') },
  } as unknown as ServerContext;
}

const request = { target: 'deleteNote', arguments: { id: '1' } };

describe('stateBinding', () => {
  it('binds to the subject when authenticated, whatever the IP', () => {
    expect(stateBinding(contextOf('10.0.0.1', 'alice'), request)).toBe(
      stateBinding(contextOf('10.0.0.2', 'alice'), request),
    );
    expect(stateBinding(contextOf('10.0.0.1', 'alice'), request)).not.toBe(
      stateBinding(contextOf('10.0.0.1', 'bob'), request),
    );
  });

  it('binds to the client IP with auth off (IPv4-mapped IPv6 as IPv4)', () => {
    expect(stateBinding(contextOf('10.0.0.1'), request)).not.toBe(stateBinding(contextOf('10.0.0.2'), request));
    expect(stateBinding(contextOf('::ffff:10.0.0.1'), request)).toBe(stateBinding(contextOf('10.0.0.1'), request));
  });

  it('binds to the method, the target and the arguments, not to their key order', () => {
    const ctx = contextOf('10.0.0.1', 'alice');
    const binding = stateBinding(ctx, { target: 't', arguments: { a: 1, b: 2 } });
    expect(stateBinding(ctx, { target: 't', arguments: { b: 2, a: 1 } })).toBe(binding);
    expect(stateBinding(ctx, { target: 't', arguments: { a: 1, b: 3 } })).not.toBe(binding);
    expect(stateBinding(ctx, { target: 'u', arguments: { a: 1, b: 2 } })).not.toBe(binding);
    expect(
      stateBinding(contextOf('10.0.0.1', 'alice', 'prompts/get'), { target: 't', arguments: { a: 1, b: 2 } }),
    ).not.toBe(binding);
  });
});

describe('createStateCodec', () => {
  const payload = { answers: {}, asked: ['confirm'] };
  const ctx = contextOf('10.0.0.1', 'alice');

  it('never mints or verifies a state unbound', async () => {
    const codec = createStateCodec({ key: 'k'.repeat(32), ttlMs: 60_000 });
    await expect(codec.mint(payload, ctx)).rejects.toThrow(/binding/);
    const state = await codec.mint(payload, boundTo(ctx, 'b'));
    await expect(codec.verify(state, ctx)).rejects.toThrow(/binding/);
    await expect(codec.verify(state, boundTo(ctx, 'b'))).resolves.toEqual(payload);
    await expect(codec.verify(state, boundTo(ctx, 'c'))).rejects.toThrow('bind');
  });

  it('falls back to the previous key only for a state another key signed', async () => {
    const old = createStateCodec({ key: 'o'.repeat(32), ttlMs: 60_000 });
    const rotated = createStateCodec({ key: 'n'.repeat(32), previousKey: 'o'.repeat(32), ttlMs: 60_000 });
    const state = await old.mint(payload, boundTo(ctx, 'b'));
    await expect(rotated.verify(state, boundTo(ctx, 'b'))).resolves.toEqual(payload);
    await expect(rotated.verify(state, boundTo(ctx, 'c'))).rejects.toThrow('bind');
  });

  it('refuses a lifetime under a second and a key under 32 bytes', () => {
    expect(() => createStateCodec({ key: 'k'.repeat(32), ttlMs: 999 })).toThrow(RangeError);
    expect(() => createStateCodec({ key: 'k'.repeat(31), ttlMs: 60_000 })).toThrow(RangeError);
  });
});
