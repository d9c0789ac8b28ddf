import 'reflect-metadata';
import '../../src/zod-acyclic.js';
import { otelSdk } from './otel-sdk.fixture.js';
import { Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { runMcpApp } from '../../src/index.js';
import { FixtureAppModule } from './fixture-app.module.js';
import { FixtureDownstreamTools } from './downstream.fixture.js';

/** Flushes the spans once the app has drained. */
@Injectable()
class FlushSpans implements OnApplicationShutdown {
  onApplicationShutdown(): Promise<void> {
    return otelSdk.shutdown();
  }
}

/** The fixture service, traced, with a tool that calls downstream (for the tracing specs). */
@Module({ imports: [FixtureAppModule], providers: [FixtureDownstreamTools, FlushSpans] })
class TracedFixtureModule {}

await runMcpApp(TracedFixtureModule);
