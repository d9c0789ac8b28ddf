import { describe, expect, it } from 'vitest';
import { mayFetchMetadataDocument } from './cimd-fetch-policy.js';
import { InMemoryRegistrationBudget } from './registration/in-memory-registration-budget.js';
import { scopesForUser } from './scope-policy.js';
import { InMemoryOAuthAdapters } from './state/in-memory-oauth-adapter.js';

describe('scopesForUser', () => {
  const rules = { 'notes:write': { groups: ['editors'], roles: ['admin'] } };

  it('keeps a restricted scope only for users whose claims grant it', () => {
    expect(scopesForUser(['notes:read', 'notes:write'], { groups: ['editors'] }, rules)).toEqual(['notes:read', 'notes:write']);
    expect(scopesForUser(['notes:read', 'notes:write'], { roles: 'admin other' }, rules)).toEqual(['notes:read', 'notes:write']);
    expect(scopesForUser(['notes:read', 'notes:write'], { groups: ['staff'] }, rules)).toEqual(['notes:read']);
    expect(scopesForUser(['notes:write'], {}, rules)).toEqual([]);
  });

  it('never adds a scope the client was not granted', () => {
    expect(scopesForUser(['notes:read'], { groups: ['editors'] }, rules)).toEqual(['notes:read']);
  });
});

describe('mayFetchMetadataDocument', () => {
  it.each([
    'http://example.com/client.json',
    'https://127.0.0.1/client.json',
    'https://10.1.2.3/client.json',
    'https://[::1]/client.json',
    'https://169.254.169.254/latest',
    'https://localhost/client.json',
    'not a url',
  ])('refuses %s', async (url) => {
    expect(await mayFetchMetadataDocument(url, false)).toBe(false);
  });

  it('allows a private https address only with the development option', async () => {
    expect(await mayFetchMetadataDocument('https://127.0.0.1/client.json', true)).toBe(true);
    expect(await mayFetchMetadataDocument('http://127.0.0.1/client.json', true)).toBe(false);
  });

  it('allows a public https address', async () => {
    expect(await mayFetchMetadataDocument('https://93.184.215.14/client.json', false)).toBe(true);
  });
});

describe('InMemoryRegistrationBudget', () => {
  const bounds = { maxRegistrations: 3, maxRegistrationsPerAddress: 2, registrationWindowMs: 60_000, registrationTtlMs: 60_000 };

  it('bounds registrations per address and in total', async () => {
    const budget = new InMemoryRegistrationBudget(bounds);
    expect(await budget.take('a')).toEqual({});
    expect(await budget.take('a')).toEqual({});
    expect((await budget.take('a')).refused).toMatch(/from this address/);
    expect(await budget.take('b')).toEqual({});
    expect((await budget.take('c')).refused).toMatch(/as many client registrations as it accepts/);
  });
});

describe('InMemoryOAuthAdapters', () => {
  it('expires entries, consumes them, and revokes a grant across models', async () => {
    const store = new InMemoryOAuthAdapters();
    const tokens = store.factory('RefreshToken');
    const codes = store.factory('AuthorizationCode');
    await tokens.upsert('t1', { grantId: 'g1' }, 60);
    await codes.upsert('c1', { grantId: 'g1' }, 1);
    await tokens.upsert('t2', { grantId: 'g2' }, 0);
    expect(await tokens.find('t2')).toBeUndefined();
    await tokens.consume('t1');
    expect((await tokens.find('t1'))?.consumed).toEqual(expect.any(Number));
    await codes.revokeByGrantId('g1');
    expect(await tokens.find('t1')).toBeUndefined();
    expect(await codes.find('c1')).toBeUndefined();
    store.onApplicationShutdown();
  });
});
