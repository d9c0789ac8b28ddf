import { Module } from '@nestjs/common';
import { McpEnvModule, mcpModuleFromEnv } from 'nest-mcp';
import { NotesModule } from './tools/notes.module.js';
import { TracingShutdown } from './tracing-shutdown.js';

@Module({
  imports: [
    McpEnvModule,
    mcpModuleFromEnv({
      name: 'nest-mcp-notes',
      version: '0.1.0',
      instructions: 'A notes service: search, create and delete notes; read them as resources.',
    }),
    NotesModule,
  ],
  providers: [TracingShutdown],
})
export class AppModule {}
