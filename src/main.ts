import 'reflect-metadata';
import { AppModule } from './app.module.js';
import { runApp } from './bootstrap.js';

await runApp(AppModule);
