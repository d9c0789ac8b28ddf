import 'reflect-metadata';
import { AppModule } from './app.module.js';
import { createApp } from './bootstrap.js';
import { loadEnv } from './config/load-env.js';

const env = loadEnv();
const app = await createApp(AppModule, env);
await app.listen(env.PORT, env.HOST);
