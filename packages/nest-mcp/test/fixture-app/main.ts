import 'reflect-metadata';
import '../../src/zod-acyclic.js';
import { runMcpApp } from '../../src/index.js';
import { FixtureAppModule } from './fixture-app.module.js';

await runMcpApp(FixtureAppModule);
