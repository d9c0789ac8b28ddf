import type { Redis } from 'ioredis';
import { orUnavailable } from '../store-unavailable.error.js';
import { oauthKeys } from './oauth-keys.js';
import type { OAuthStateLimits } from './oauth-state.limits.js';
import {
  AlreadyConsumedError,
  GRANTABLE_MODELS,
  type OidcAdapter,
  type OidcAdapterClass,
  type OidcPayload,
} from './oidc-adapter.js';
import { CONSUME, DESTROY, FIND, REVOKE_GRANT, UPSERT } from './redis-oidc.scripts.js';

/** The scripts as commands of the connection (`defineCommand`: sent once, then by EVALSHA). */
interface OidcScripts {
  mcpOidcUpsert(key: string, ...args: (string | number)[]): Promise<unknown>;
  mcpOidcFind(key: string, ...args: (string | number)[]): Promise<[string, string | null] | null>;
  mcpOidcConsume(key: string, nowSeconds: number): Promise<number>;
  mcpOidcDestroy(key: string, id: string, liveClientsKey: string): Promise<unknown>;
  mcpOidcRevokeGrant(grantKey: string): Promise<unknown>;
}

/**
 * oidc-provider's storage in Redis, shared by every instance: any instance
 * finishes a flow begun on another, and a revocation is seen everywhere at
 * once. Every entry expires (`expiresIn`, or `unusedEntryTtlMs` after its
 * last read when the provider gives none, as for a registered client); a
 * grant's tokens are indexed so that `revokeByGrantId` deletes them all in
 * one step; `consume` is exclusive across instances. Every command is under
 * the connection's deadline; an unreachable Redis is `StoreUnavailableError`.
 */
export function createRedisOidcAdapter(redis: Redis, prefix: string, limits: OAuthStateLimits): OidcAdapterClass {
  redis.defineCommand('mcpOidcUpsert', { numberOfKeys: 1, lua: UPSERT });
  redis.defineCommand('mcpOidcFind', { numberOfKeys: 1, lua: FIND });
  redis.defineCommand('mcpOidcConsume', { numberOfKeys: 1, lua: CONSUME });
  redis.defineCommand('mcpOidcDestroy', { numberOfKeys: 1, lua: DESTROY });
  redis.defineCommand('mcpOidcRevokeGrant', { numberOfKeys: 1, lua: REVOKE_GRANT });
  const scripts = redis as unknown as OidcScripts;
  const keys = oauthKeys(prefix);

  return class RedisOidcAdapter implements OidcAdapter {
    /** Registered clients are counted among the live ones (the registration budget's total). */
    private readonly liveClientsKey: string;

    constructor(private readonly model: string) {
      this.liveClientsKey = model === 'Client' ? keys.liveClients : '';
    }

    upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void> {
      const sliding = typeof expiresIn !== 'number';
      const ttlMs = sliding ? limits.unusedEntryTtlMs : Math.max(1, Math.round(expiresIn * 1000));
      const grantId = GRANTABLE_MODELS.has(this.model) ? (payload.grantId as string | undefined) : undefined;
      const uid = this.model === 'Session' ? (payload.uid as string | undefined) : undefined;
      const userCode = payload.userCode as string | undefined;
      return orUnavailable(`oauth ${this.model} upsert`, async () => {
        await scripts.mcpOidcUpsert(
          this.key(id),
          JSON.stringify(payload),
          ttlMs,
          sliding ? '1' : '',
          grantId ? keys.grant(grantId) : '',
          uid ? keys.sessionUid(uid) : '',
          userCode ? keys.userCode(userCode) : '',
          id,
          Date.now(),
          this.liveClientsKey,
          keys.pendingRegistrations,
        );
      });
    }

    find(id: string): Promise<OidcPayload | undefined> {
      return orUnavailable(`oauth ${this.model} find`, async () => {
        const found = await scripts.mcpOidcFind(
          this.key(id),
          limits.unusedEntryTtlMs,
          Date.now(),
          this.liveClientsKey,
          id,
        );
        if (!found) return undefined;
        const [json, consumed] = found;
        const payload = JSON.parse(json) as OidcPayload;
        return consumed === null ? payload : { ...payload, consumed: Number(consumed) };
      });
    }

    async findByUid(uid: string): Promise<OidcPayload | undefined> {
      const id = await orUnavailable(`oauth ${this.model} findByUid`, () => redis.get(keys.sessionUid(uid)));
      return id === null ? undefined : this.find(id);
    }

    async findByUserCode(userCode: string): Promise<OidcPayload | undefined> {
      const id = await orUnavailable(`oauth ${this.model} findByUserCode`, () => redis.get(keys.userCode(userCode)));
      return id === null ? undefined : this.find(id);
    }

    async consume(id: string): Promise<void> {
      const now = Math.floor(Date.now() / 1000);
      const outcome = await orUnavailable(`oauth ${this.model} consume`, () =>
        scripts.mcpOidcConsume(this.key(id), now),
      );
      if (outcome !== 1) throw new AlreadyConsumedError(this.model);
    }

    destroy(id: string): Promise<void> {
      return orUnavailable(`oauth ${this.model} destroy`, async () => {
        await scripts.mcpOidcDestroy(this.key(id), id, this.liveClientsKey);
      });
    }

    revokeByGrantId(grantId: string): Promise<void> {
      return orUnavailable(`oauth revoke grant`, async () => {
        await scripts.mcpOidcRevokeGrant(keys.grant(grantId));
      });
    }

    private key(id: string): string {
      return keys.entry(this.model, id);
    }
  };
}
