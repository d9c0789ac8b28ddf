import type { Adapter, AdapterPayload } from 'oidc-provider';

interface Entry {
  payload: AdapterPayload;
  expiresAt?: number;
}

/**
 * oidc-provider's storage for one test IdP. Its built-in memory adapter is one LRU shared by
 * every provider in the process (two IdPs with a client of the same id would collide), and it
 * offers no typed way to add a client at run time: this one does both (`model('Client')`).
 */
export class UpstreamIdpStore {
  private readonly models = new Map<string, Map<string, Entry>>();

  /** The adapter of one model (`Client`, `Session`, `AccessToken`, …), as oidc-provider's `adapter` factory. */
  readonly adapter = (name: string): Adapter => {
    const entries = this.entries(name);
    const live = (id: string): Entry | undefined => {
      const entry = entries.get(id);
      if (entry?.expiresAt !== undefined && entry.expiresAt <= Date.now()) entries.delete(id);
      return entries.get(id);
    };
    const findBy = (key: 'uid' | 'userCode', value: string) =>
      [...entries.keys()].map(live).find((entry) => entry?.payload[key] === value)?.payload;
    return {
      upsert: async (id, payload, expiresIn) => {
        entries.set(id, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : undefined });
      },
      find: async (id) => live(id)?.payload,
      findByUid: async (uid) => findBy('uid', uid),
      findByUserCode: async (userCode) => findBy('userCode', userCode),
      consume: async (id) => {
        const entry = live(id);
        if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        entries.delete(id);
      },
      // Revoking a grant drops every token of it (refresh-token reuse detection relies on this).
      revokeByGrantId: async (grantId) => {
        for (const [id, entry] of entries) if (entry.payload.grantId === grantId) entries.delete(id);
      },
    };
  };

  /** Stores a client's registration metadata; oidc-provider finds it on its next lookup. */
  putClient(metadata: AdapterPayload & { client_id: string }): void {
    this.entries('Client').set(metadata.client_id, { payload: metadata });
  }

  private entries(name: string): Map<string, Entry> {
    let entries = this.models.get(name);
    if (!entries) this.models.set(name, (entries = new Map()));
    return entries;
  }
}
