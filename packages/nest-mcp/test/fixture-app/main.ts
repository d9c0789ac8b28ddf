import 'reflect-metadata';
import '../../src/zod-acyclic.js';
import { runApp } from '../../src/index.js';
import { FixtureAppModule } from './fixture-app.module.js';

await runApp(FixtureAppModule);
