// The issue's "done": a service configured only by the three upstream variables, and a client
// that knows nothing but the MCP URL, signs in through the company IdP and calls a scoped tool.
import { textOf } from '../src/testing/index.js';
import { AppProcess } from './support/fixture-app.js';
import { connectWithOAuth } from './support/oauth-client.js';
import { ScriptedBrowser } from './support/scripted-browser.js';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp.js';

let idp: UpstreamIdp;
let app: AppProcess | undefined;

beforeAll(async () => {
  idp = await startUpstreamIdp();
});
afterAll(async () => {
  await app?.stop();
  await idp.close();
});

describe('the OAuth bridge from the environment alone', () => {
  it.each(['modern', 'legacy'] as const)(
    'signs a client in through the IdP and serves its scoped tools (%s era)',
    async (era) => {
      app ??= await AppProcess.start({
        MCP_OAUTH_UPSTREAM_ISSUER: idp.issuer,
        MCP_OAUTH_UPSTREAM_CLIENT_ID: 'bridge',
        MCP_OAUTH_UPSTREAM_CLIENT_SECRET: 'bridge-secret',
      });
      // Registering the bridge at the IdP: its redirect URI is <origin>/oauth/callback.
      idp.addClient({
        clientId: 'bridge',
        clientSecret: 'bridge-secret',
        redirectUris: [`${app.url.origin}/oauth/callback`],
      });
      await app.ready();

      const browser = new ScriptedBrowser({ login: `grace-${era}` });
      const { client } = await connectWithOAuth(app.url, era, browser);
      const found = await client.callTool({ name: 'searchNotes', arguments: { query: 'milk' } });
      expect(found.isError).toBeFalsy();
      expect(textOf(found as never)).toContain('Shopping');
      expect(browser.visited.some((url) => url.origin === new URL(idp.issuer).origin)).toBe(true);
      await client.close();
    },
  );
});
