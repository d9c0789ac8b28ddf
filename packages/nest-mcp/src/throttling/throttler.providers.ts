import { Logger, type Provider } from '@nestjs/common';
import { getOptionsToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import { MCP_DEFAULTS } from '../options/mcp-defaults.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';

/**
 * What `ThrottlerModule.forRoot` would provide, built from the MCP options
 * (the throttler sits inside this module, configured like the rest of it;
 * its storage is one of the stores, see stores/store.providers.ts).
 */
export const throttlerProviders: Provider[] = [
  {
    provide: getOptionsToken(),
    inject: [MCP_OPTIONS],
    useFactory: ({ rateLimit }: ResolvedMcpOptions): ThrottlerModuleOptions => {
      if (rateLimit === false) new Logger('McpThrottler').warn('RATE LIMITING IS OFF: no caller is limited.');
      // Off: the guard still needs a throttler to exist; it is always skipped.
      const { limit, ttlMs } = rateLimit || MCP_DEFAULTS.rateLimit;
      return {
        throttlers: [{ name: 'default', limit, ttl: ttlMs }],
        // `rateLimit: false` turns limits off, on the endpoint and on tools alike.
        skipIf: () => rateLimit === false,
      };
    },
  },
];
