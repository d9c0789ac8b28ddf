import { Logger, type Provider } from '@nestjs/common';
import { getOptionsToken, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';

export const DEFAULT_RATE_LIMIT = { limit: 600, ttlMs: 60_000 };

/**
 * What `ThrottlerModule.forRoot` would provide, built from the MCP options
 * (the throttler sits inside this module, configured like the rest of it;
 * its storage is one of the stores, see stores/store.providers.ts).
 */
export const throttlerProviders: Provider[] = [
  {
    provide: getOptionsToken(),
    inject: [MCP_MODULE_OPTIONS],
    useFactory: ({ rateLimit }: McpModuleOptions): ThrottlerModuleOptions => {
      if (rateLimit === false) new Logger('McpThrottler').warn('RATE LIMITING IS OFF: no caller is limited.');
      const { limit, ttlMs } = rateLimit || DEFAULT_RATE_LIMIT;
      return {
        throttlers: [{ name: 'default', limit, ttl: ttlMs }],
        // `rateLimit: false` turns limits off, on the endpoint and on tools alike.
        skipIf: () => rateLimit === false,
      };
    },
  },
];
