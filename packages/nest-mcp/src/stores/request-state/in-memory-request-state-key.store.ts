import { randomBytes } from 'node:crypto';
import type { RequestStateKeyStore } from './request-state-key.store.js';

/** One random key for this process: states verify only here (one instance). */
export class InMemoryRequestStateKeyStore implements RequestStateKeyStore {
  private readonly key = randomBytes(32);

  async sharedKey(): Promise<Uint8Array> {
    return this.key;
  }
}
