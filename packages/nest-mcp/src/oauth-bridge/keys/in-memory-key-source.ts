import { generateBridgeKeys } from './generate-keys.js';
import type { OAuthBridgeKeys, OAuthKeySource } from './signing-key-source.js';

/** Keys made once for this process: a restart rotates them (tokens signed before are refused). */
export class InMemoryOAuthKeySource implements OAuthKeySource {
  private generated?: Promise<OAuthBridgeKeys>;

  keys(): Promise<OAuthBridgeKeys> {
    return (this.generated ??= generateBridgeKeys());
  }
}
