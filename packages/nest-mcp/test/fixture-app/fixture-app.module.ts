import { Module } from '@nestjs/common';
import { McpEnvModule, mcpModuleFromEnv } from '../../src/index.js';
import { FixtureExportTasksModule } from './export-tasks.fixture.js';
import { FixtureNotesModule } from './notes.fixture.js';

/** The service the framework's process-level specs start (`AppProcess`), configured by env as an app would be. */
@Module({
  imports: [
    McpEnvModule,
    mcpModuleFromEnv({ name: 'nest-mcp-fixture', version: '0.0.0' }),
    FixtureNotesModule,
    FixtureExportTasksModule,
  ],
})
export class FixtureAppModule {}
