import 'reflect-metadata';
import { createApp } from '../../src/bootstrap.js';
import { loadEnv } from '../../src/config/load-env.js';
import { ConformanceModule } from './conformance.module.js';

/** Boots the conformance fixture on PORT/HOST with the app's env config and logger. */
const env = loadEnv();
const app = await createApp(ConformanceModule, env);
await app.listen(env.PORT, env.HOST);
const address = app.getHttpServer().address() as { port: number };
console.log(`conformance fixture listening on http://${env.HOST}:${address.port}${env.MCP_PATH}`);
