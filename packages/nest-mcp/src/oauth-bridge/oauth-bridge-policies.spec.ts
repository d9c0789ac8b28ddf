import { describe, expect, it } from 'vitest';
import { mayFetchMetadataDocument } from './cimd-fetch-policy.js';
import { scopesForUser } from './scope-policy.js';

describe('scopesForUser', () => {
  const rules = { 'notes:write': { groups: ['editors'], roles: ['admin'] } };

  it('keeps a restricted scope only for users whose claims grant it', () => {
    expect(scopesForUser(['notes:read', 'notes:write'], { groups: ['editors'] }, rules)).toEqual([
      'notes:read',
      'notes:write',
    ]);
    expect(scopesForUser(['notes:read', 'notes:write'], { roles: 'admin other' }, rules)).toEqual([
      'notes:read',
      'notes:write',
    ]);
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
