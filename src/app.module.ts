import { Module } from '@nestjs/common';
import { AppConfigModule, APP_ENV } from './config/config.module.js';
import type { Env } from './config/env.schema.js';
import { McpModule } from './mcp/index.js';
import { NotesModule } from './tools/notes.module.js';

@Module({
  imports: [
    AppConfigModule,
    McpModule.forRootAsync({
      inject: [APP_ENV],
      useFactory: (env: Env) => ({
        name: 'nest-mcp-notes',
        version: '0.1.0',
        instructions: 'A notes service: search, create and delete notes; read them as resources.',
        path: env.MCP_PATH,
        legacyMode: env.MCP_LEGACY_MODE,
        sessionTtlMs: env.MCP_SESSION_TTL_MS,
        maxSessions: env.MCP_MAX_SESSIONS,
        maxRequestBodyBytes: env.MCP_MAX_BODY_BYTES,
      }),
    }),
    NotesModule,
  ],
})
export class AppModule {}
