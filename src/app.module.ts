import { Module } from '@nestjs/common';
import { AppConfigModule, APP_ENV } from './config/config.module.js';
import type { Env } from './config/env.schema.js';
import { mcpOptionsFromEnv } from './config/mcp-options.factory.js';
import { McpModule } from './mcp/index.js';
import { NotesModule } from './tools/notes.module.js';

@Module({
  imports: [
    AppConfigModule,
    McpModule.forRootAsync({
      inject: [APP_ENV],
      useFactory: (env: Env) =>
        mcpOptionsFromEnv(env, {
          name: 'nest-mcp-notes',
          version: '0.1.0',
          instructions: 'A notes service: search, create and delete notes; read them as resources.',
        }),
    }),
    NotesModule,
  ],
})
export class AppModule {}
