import { freePort, startMcpApp, type RunningMcpApp } from '../../src/testing/index.js';
import { bridgeModule } from '../fixtures/bridge.module.js';
import type { UpstreamIdp } from './upstream-idp.js';

/** The bridged fixture on a port known beforehand, registered at `idp` (its callback is <origin>/oauth/callback). */
export async function startBridged(
  idp: UpstreamIdp,
  options: Record<string, unknown> = {},
  moduleOptions: Record<string, unknown> = {},
): Promise<RunningMcpApp> {
  const port = await freePort();
  idp.addClient({
    clientId: 'bridge',
    clientSecret: 'bridge-secret',
    redirectUris: [`http://127.0.0.1:${port}/oauth/callback`],
  });
  const upstream = { issuer: idp.issuer, clientId: 'bridge', clientSecret: 'bridge-secret' };
  return startMcpApp(bridgeModule({ upstream, ...options }, moduleOptions), { port });
}

/** Registers a public client at the bridge by DCR (as an MCP client does). */
export function register(origin: string, redirectUri: string): Promise<Response> {
  return fetch(`${origin}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      redirect_uris: [redirectUri],
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code', 'refresh_token'],
    }),
  });
}

/** A token-endpoint request of a public client at the bridge of `origin`. */
export async function tokenRequest(
  origin: string,
  params: Record<string, string>,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${origin}/oauth/token`, { method: 'POST', body: new URLSearchParams(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
