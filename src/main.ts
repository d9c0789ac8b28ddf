import 'reflect-metadata';
import { runApp } from 'nest-mcp';
import { AppModule } from './app.module.js';

await runApp(AppModule);
