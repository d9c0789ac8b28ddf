import { jwtVerify, createLocalJWKSet, importJWK, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AlreadyConsumedError } from '../src/stores/oauth/oidc-adapter.js';
import { StoreUnavailableError } from '../src/stores/store-unavailable.error.js';
import { freePort } from '../src/testing/free-port.js';
import { failFastRedis, inMemoryState, redisState, twoInstancesOnOneRedis } from './support/oauth-state.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const redis = twoInstancesOnOneRedis();

const inRedis = redisState(() => [redis.first, redis.second]);

describe.each([inMemoryState(), inRedis])('the OAuth bridge state $name, seen from two instances', (kind) => {
  describe('the oidc-provider adapter', () => {
    it('an entry stored on one instance is found on the other, and expires with its expiresIn', async () => {
      const { a, b } = kind.instances();
      await new a.Adapter('Interaction').upsert('i1', { returnTo: '/x', exp: 1 }, 0.3);
      expect(await new b.Adapter('Interaction').find('i1')).toEqual({ returnTo: '/x', exp: 1 });
      await sleep(400);
      expect(await new b.Adapter('Interaction').find('i1')).toBeUndefined();
    });

    it('a code consumed on two instances at once is consumed by exactly one', async () => {
      const { a, b } = kind.instances();
      for (let i = 0; i < 20; i++) {
        await new a.Adapter('AuthorizationCode').upsert(`code${i}`, { grantId: 'g', clientId: 'c' }, 60);
        const outcomes = await Promise.allSettled([
          new a.Adapter('AuthorizationCode').consume(`code${i}`),
          new b.Adapter('AuthorizationCode').consume(`code${i}`),
        ]);
        expect(outcomes.filter(({ status }) => status === 'fulfilled')).toHaveLength(1);
        const lost = outcomes.find((outcome) => outcome.status === 'rejected') as PromiseRejectedResult;
        expect(lost.reason).toBeInstanceOf(AlreadyConsumedError);
        expect(lost.reason).toMatchObject({ statusCode: 400, expose: true, message: 'invalid_grant' });
        expect((await new b.Adapter('AuthorizationCode').find(`code${i}`))?.consumed).toEqual(expect.any(Number));
      }
    });

    it('revokeByGrantId on one instance deletes the grant’s codes and tokens of every model, seen from the other', async () => {
      const { a, b } = kind.instances();
      const models = ['AuthorizationCode', 'AccessToken', 'RefreshToken'];
      for (const model of models) {
        await new a.Adapter(model).upsert(`${model}-g`, { grantId: 'g' }, 60);
        await new a.Adapter(model).upsert(`${model}-h`, { grantId: 'h' }, 60);
      }
      await new b.Adapter('AccessToken').revokeByGrantId('g');
      for (const model of models) {
        expect(await new a.Adapter(model).find(`${model}-g`)).toBeUndefined();
        expect(await new a.Adapter(model).find(`${model}-h`)).toEqual({ grantId: 'h' });
      }
    });

    it('an entry stored without expiresIn (a registered client) expires unused; each read renews it', async () => {
      const { a, b } = kind.instances({ unusedEntryTtlMs: 500 });
      await new a.Adapter('Client').upsert('client-1', { client_id: 'client-1' });
      for (let i = 0; i < 3; i++) {
        await sleep(300);
        expect(await new b.Adapter('Client').find('client-1')).toEqual({ client_id: 'client-1' });
      }
      await sleep(650);
      expect(await new a.Adapter('Client').find('client-1')).toBeUndefined();
    });

    it('a session is found by its uid until destroyed', async () => {
      const { a, b } = kind.instances();
      await new a.Adapter('Session').upsert('s1', { uid: 'u1', accountId: 'alice' }, 60);
      expect(await new b.Adapter('Session').findByUid('u1')).toEqual({ uid: 'u1', accountId: 'alice' });
      await new b.Adapter('Session').destroy('s1');
      expect(await new a.Adapter('Session').findByUid('u1')).toBeUndefined();
    });
  });

  describe('the signing keys', () => {
    it('a key created by one instance is the one the other signs with, and its public JWKS verifies', async () => {
      const { a, b } = kind.instances();
      const [signing] = await a.keys.signingKeys();
      expect(signing).toMatchObject({ alg: 'ES256', use: 'sig', kid: expect.any(String), d: expect.any(String) });
      expect((await b.keys.signingKeys())[0]).toEqual(signing);
      const jwks = await b.keys.publicJwks();
      expect(jwks.keys).toHaveLength(1);
      expect(jwks.keys[0]).not.toHaveProperty('d');
      const token = await new SignJWT({ sub: 'alice' })
        .setProtectedHeader({ alg: 'ES256', kid: signing!.kid })
        .sign(await importJWK(signing!, 'ES256'));
      expect((await jwtVerify(token, createLocalJWKSet(jwks))).payload.sub).toBe('alice');
    });

    it('a rotation due happens once for all instances; the retired key stays published for the tokens’ lifetime', async () => {
      const { a, b } = kind.instances({ rotateSigningKeyEveryMs: 600, signedTokenLifetimeMs: 900 });
      const [original] = await a.keys.signingKeys();
      await sleep(650);
      const seen = await Promise.all([...Array(6)].map((_, i) => (i % 2 ? a : b).keys.signingKeys()));
      const newest = new Set(seen.map((keys) => keys[0]!.kid));
      expect(newest.size).toBe(1);
      expect(newest.has(original!.kid)).toBe(false);
      expect((await b.keys.publicJwks()).keys.map(({ kid }) => kid)).toEqual([...newest, original!.kid]);
      // At the next rotation, the original is still published until its tokens' lifetime has passed (650 + 900 ms)...
      await sleep(650);
      expect((await a.keys.publicJwks()).keys.map(({ kid }) => kid)).toContain(original!.kid);
      // ...and after that, no longer.
      await sleep(650);
      const after = (await a.keys.publicJwks()).keys.map(({ kid }) => kid);
      expect(after).not.toContain(original!.kid);
      expect(after).toContain([...newest][0]);
    });
  });

  describe('the registration budget', () => {
    it('bounds registrations per source address across instances', async () => {
      const { a, b } = kind.instances({ registrationsPerSource: 3 });
      expect(await a.budget.tryRegister('10.0.0.1')).toBe(true);
      expect(await b.budget.tryRegister('10.0.0.1')).toBe(true);
      expect(await a.budget.tryRegister('10.0.0.1')).toBe(true);
      expect(await b.budget.tryRegister('10.0.0.1')).toBe(false);
      expect(await b.budget.tryRegister('10.0.0.2')).toBe(true);
      await a.budget.released('10.0.0.1');
      expect(await b.budget.tryRegister('10.0.0.1')).toBe(true);
    });

    it('bounds the registered clients alive in total; a deleted or expired client gives its place back', async () => {
      const { a, b } = kind.instances({ maxRegisteredClients: 2, unusedEntryTtlMs: 400 });
      for (const id of ['c1', 'c2']) {
        expect(await a.budget.tryRegister(`src-${id}`)).toBe(true);
        await new a.Adapter('Client').upsert(id, { client_id: id });
      }
      expect(await b.budget.tryRegister('src-c3')).toBe(false);
      await new b.Adapter('Client').destroy('c1');
      expect(await b.budget.tryRegister('src-c3')).toBe(true);
      await new b.Adapter('Client').upsert('c3', { client_id: 'c3' });
      expect(await a.budget.tryRegister('src-c4')).toBe(false);
      await sleep(450);
      expect(await a.budget.tryRegister('src-c4')).toBe(true);
    });

    it('a place reserved for a registration that did not happen is given back', async () => {
      const { a, b } = kind.instances({ maxRegisteredClients: 1, registrationReservationMs: 300 });
      expect(await a.budget.tryRegister('x')).toBe(true);
      expect(await b.budget.tryRegister('y')).toBe(false);
      await a.budget.released('x');
      expect(await b.budget.tryRegister('y')).toBe(true);
      await sleep(350);
      expect(await a.budget.tryRegister('z')).toBe(true);
    });
  });
});

describe('the OAuth bridge state in Redis', () => {
  it('leaves no key without an expiry', async () => {
    const { a } = inRedis.instances({ maxRegisteredClients: 5 });
    await new a.Adapter('Session').upsert('s', { uid: 'u' }, 60);
    await new a.Adapter('AuthorizationCode').upsert('c', { grantId: 'g' }, 60);
    await new a.Adapter('DeviceCode').upsert('d', { grantId: 'g', userCode: 'ABCD' }, 60);
    await new a.Adapter('AuthorizationCode').consume('c');
    await a.budget.tryRegister('1.2.3.4');
    await new a.Adapter('Client').upsert('client', { client_id: 'client' });
    await a.keys.signingKeys();
    const keys = await redis.first.keys(`${inRedis.lastPrefix}*`);
    expect(keys.length).toBeGreaterThanOrEqual(9);
    const withoutExpiry = [];
    for (const key of keys) if ((await redis.first.pttl(key)) <= 0) withoutExpiry.push(key);
    expect(withoutExpiry).toEqual([]);
  });

  it('an unreachable Redis is StoreUnavailableError, for each piece', async () => {
    const down = failFastRedis(`redis://127.0.0.1:${await freePort()}`);
    down.on('error', () => undefined);
    try {
      const state = redisState(() => [down, down]).instances();
      await expect(new state.a.Adapter('AccessToken').find('x')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(new state.a.Adapter('RefreshToken').consume('x')).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(state.a.keys.publicJwks()).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(state.a.budget.tryRegister('x')).rejects.toBeInstanceOf(StoreUnavailableError);
    } finally {
      down.disconnect();
    }
  });
});
