import 'reflect-metadata';
import './mcp/zod-acyclic.js';
import { AppModule } from './app.module.js';
import { runApp } from './bootstrap.js';

await runApp(AppModule);
