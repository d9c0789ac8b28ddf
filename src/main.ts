import 'reflect-metadata';
import { AppModule } from './app.module.js';
import { createApp } from './bootstrap.js';
import { loadEnv } from './config/load-env.js';

const env = loadEnv();
const app = await createApp(AppModule);
await app.listen(env.PORT, env.HOST);
