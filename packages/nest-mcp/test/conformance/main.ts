import 'reflect-metadata';
import '../../src/zod-acyclic.js';
import { runMcpApp } from '../../src/service/run-app.js';
import { ConformanceModule } from './conformance.module.js';

/** Boots the conformance fixture as `src/main.ts` boots the app (PORT/HOST and all env config). */
const app = await runMcpApp(ConformanceModule);
const address = app?.getHttpServer().address() as { port: number } | undefined;
if (address) console.log(`conformance fixture listening on port ${address.port}`);
