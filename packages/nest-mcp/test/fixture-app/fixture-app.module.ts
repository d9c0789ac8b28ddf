import { Module } from '@nestjs/common';
import { AppConfigModule, mcpModuleFromEnv } from '../../src/index.js';
import { NotesModule } from './notes.module.js';

@Module({
  imports: [
    AppConfigModule,
    mcpModuleFromEnv({
      name: 'nest-mcp-notes',
      version: '0.1.0',
      instructions: 'A notes service: search, create and delete notes; read them as resources.',
    }),
    NotesModule,
  ],
})
export class FixtureAppModule {}
