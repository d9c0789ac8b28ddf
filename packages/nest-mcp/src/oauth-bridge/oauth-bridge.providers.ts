import type { Provider } from '@nestjs/common';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import { InMemoryOAuthKeySource } from './keys/in-memory-key-source.js';
import { MCP_OAUTH_KEYS } from './keys/signing-key-source.js';
import { InMemoryRegistrationBudget } from './registration/in-memory-registration-budget.js';
import { MCP_OAUTH_REGISTRATION_BUDGET, registrationBoundsOf } from './registration/registration-budget.js';
import { InMemoryOAuthAdapters } from './state/in-memory-oauth-adapter.js';
import { MCP_OAUTH_ADAPTER } from './state/oauth-adapter.js';

/** The bridge's stores in memory (one instance); `stores.oauth*` replace them. Cheap when the bridge is off. */
export const oauthBridgeStoreProviders: Provider[] = [
  { provide: InMemoryOAuthAdapters, useFactory: () => new InMemoryOAuthAdapters() },
  { provide: MCP_OAUTH_ADAPTER, inject: [InMemoryOAuthAdapters], useFactory: (store: InMemoryOAuthAdapters) => store.factory },
  { provide: MCP_OAUTH_KEYS, useFactory: () => new InMemoryOAuthKeySource() },
  {
    provide: MCP_OAUTH_REGISTRATION_BUDGET,
    inject: [MCP_OPTIONS],
    useFactory: (options: ResolvedMcpOptions) => new InMemoryRegistrationBudget(registrationBoundsOf(options)),
  },
];
