import { Module } from '@nestjs/common';
import { AppConfigModule, mcpModuleFromEnv } from '../../src/index.js';
import { FixtureNotesModule } from './notes.fixture.js';

/** The service the framework's process-level specs start (`AppProcess`), configured by env as an app would be. */
@Module({
  imports: [AppConfigModule, mcpModuleFromEnv({ name: 'nest-mcp-fixture', version: '0.0.0' }), FixtureNotesModule],
})
export class FixtureAppModule {}
