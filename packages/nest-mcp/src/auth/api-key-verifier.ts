import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiKeyEntry } from './auth-options.interface.js';
import type { McpPrincipal } from './principal.js';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Service API keys. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, against every entry, so timing says nothing about which
 * key (or how much of one) matched. Keys are never logged.
 */
export class ApiKeyVerifier {
  private readonly entries: { digest: Buffer; principal: McpPrincipal }[];

  constructor(entries: ApiKeyEntry[] = []) {
    this.entries = entries.map((entry) => ({
      digest: digest(entry.key),
      principal: {
        subject: entry.subject,
        scopes: entry.scopes,
        roles: [],
        via: 'api-key',
        claims: {},
      },
    }));
  }

  get configured(): boolean {
    return this.entries.length > 0;
  }

  /** The principal this key belongs to, or undefined. */
  verify(key: string): McpPrincipal | undefined {
    const presented = digest(key);
    let match: McpPrincipal | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented)) match = entry.principal;
    }
    return match;
  }
}

/**
 * Parses `MCP_API_KEYS`: comma-separated `subject:key:scope scope…` entries
 * (scopes last, so they may contain colons).
 */
export function parseApiKeys(value: string): ApiKeyEntry[] {
  return value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean)
    .map((entry) => {
      const [subject, key, ...scopeParts] = entry.split(':');
      if (!subject || !key) throw new Error('each entry must be subject:key:scopes');
      if (key.length < 16) throw new Error(`the key of "${subject}" must be at least 16 characters`);
      return {
        subject,
        key,
        scopes: scopeParts.join(':').split(' ').filter(Boolean),
      };
    });
}
