import type { McpAuthOptions } from '../../src/index.js';
import { startMcpApp, type RunningMcpApp } from '../../src/testing/index.js';
import { secureModule } from '../fixtures/secure.module.js';
import { freePort } from '../../src/testing/free-port.js';

/** Starts the secure fixture on a port known in advance, so the resource URL (the audience) is too. */
export async function startSecure(
  auth: Omit<McpAuthOptions, 'resourceUrl'>,
): Promise<{ running: RunningMcpApp; resource: string }> {
  const port = await freePort();
  const resource = `http://127.0.0.1:${port}/mcp`;
  const running = await startMcpApp(secureModule({ ...auth, resourceUrl: resource }), { port });
  return { running, resource };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
