import type { JWK } from 'jose';
import type { BridgeKeyStore } from './bridge-key.store.js';
import type { OAuthStateLimits } from './oauth-state.limits.js';
import { publicJwk, rotated, rotationDue, type SigningKeyRing } from './signing-key-ring.js';

/** The bridge's signing keys in this process (one instance): created at first use, rotated as they fall due. */
export class InMemoryBridgeKeyStore implements BridgeKeyStore {
  private ring: SigningKeyRing = [];
  /** A rotation under way: concurrent callers wait for it rather than rotate again. */
  private rotating?: Promise<SigningKeyRing>;

  constructor(private readonly limits: OAuthStateLimits) {}

  async signingKeys(): Promise<JWK[]> {
    return (await this.current()).map(({ jwk }) => jwk);
  }

  async publicJwks(): Promise<{ keys: JWK[] }> {
    return { keys: (await this.current()).map(({ jwk }) => publicJwk(jwk)) };
  }

  private async current(): Promise<SigningKeyRing> {
    if (!rotationDue(this.ring, this.limits)) return this.ring;
    this.rotating ??= rotated(this.ring, this.limits).finally(() => (this.rotating = undefined));
    this.ring = await this.rotating;
    return this.ring;
  }
}
