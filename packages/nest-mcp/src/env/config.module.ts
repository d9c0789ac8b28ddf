import { Global, Module } from '@nestjs/common';
import { loadEnv } from './load-env.js';

export const MCP_ENV = Symbol('MCP_ENV');

/** The validated environment, loaded once at boot and injectable as `MCP_ENV`. */
@Global()
@Module({
  providers: [{ provide: MCP_ENV, useFactory: () => loadEnv() }],
  exports: [MCP_ENV],
})
export class McpEnvModule {}
