import type { McpAuthOptions } from '../../src/index.js';
import { startMcpApp, type RunningMcpApp } from '../../src/testing/index.js';
import { secureModule } from '../fixtures/secure.module.js';

export { bearer } from '../../src/testing/index.js';

/** Starts the secure fixture; its resource URL (the audience) is its URL on the port it got. */
export async function startSecure(
  auth: Omit<McpAuthOptions, 'resourceUrl'>,
): Promise<{ running: RunningMcpApp; resource: string }> {
  const running = await startMcpApp(secureModule(auth));
  return { running, resource: running.url.href };
}

/** Starts the secure fixture as a resource server of `idp`: its keys, its issuer, named as the authorization server. */
export function startSecureTrusting(idp: { issuer: string }): Promise<{ running: RunningMcpApp; resource: string }> {
  return startSecure({
    mode: 'jwt',
    jwksUrl: `${idp.issuer}/jwks`,
    issuer: idp.issuer,
    authorizationServers: [idp.issuer],
  });
}
