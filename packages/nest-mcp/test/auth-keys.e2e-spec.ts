import { generateKeyPairSync } from 'node:crypto';
import { ClientCredentialsProvider } from '@modelcontextprotocol/client';
import { SignJWT, importPKCS8 } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connectMcpClient, type RunningMcpApp } from '../src/testing/index.js';
import { connectTestClient, textOf } from '../src/testing/clients.js';
import { hs256, ISSUER } from './support/hs256-tokens.js';
import { initializeBody, post } from './support/raw-http.js';
import { bearer, startSecure } from './support/secure-app.js';
import { TestIdp } from './support/test-idp.js';

describe('RS256 from a PEM public key', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let running: RunningMcpApp;
  let resource: string;
  beforeAll(async () => {
    ({ running, resource } = await startSecure({ mode: 'jwt', publicKey: publicPem, issuer: ISSUER }));
  });
  afterAll(() => running.close());

  it('accepts RS256 and refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const rs256 = await new SignJWT({ sub: 'alice', aud: resource, scope: 'notes:read' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(ISSUER)
      .setExpirationTime('5m')
      .sign(await importPKCS8(privatePem, 'RS256'));
    const client = await connectTestClient('sdk-v1', running.url, { headers: bearer(rs256) });
    expect(textOf(await client.callTool('read_notes'))).toBe('the notes');
    await client.close();
    const confused = await hs256({ sub: 'alice', aud: resource }, publicPem);
    expect((await post(running.url, initializeBody(), bearer(confused))).status).toBe(401);
  });
});

describe('ES256 from a JWKS, and the SDK v2 client discovering its way to a token', () => {
  const idp = new TestIdp();
  let running: RunningMcpApp | undefined;
  let resource: string;
  beforeAll(() => idp.start());
  afterAll(() => idp.stop());
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('verifies against the JWKS and follows a key rotation to a new kid, refetching at most once per cooldown', async () => {
    ({ running, resource } = await startSecure({
      mode: 'jwt',
      jwksUrl: idp.jwksUrl,
      issuer: idp.issuer,
      jwksCooldownMs: 500,
    }));
    const first = await idp.token({ sub: 'alice', aud: resource, scope: 'notes:read' });
    expect((await post(running.url, initializeBody(), bearer(first))).status).toBe(200);
    expect((await post(running.url, initializeBody(), bearer(first))).status).toBe(200);
    expect(idp.jwksFetches).toBe(1);

    await idp.rotate(false);
    const rotated = await idp.token({ sub: 'alice', aud: resource, scope: 'notes:read' });
    // Within the cooldown an unknown kid does not make the server hammer the IdP.
    expect((await post(running.url, initializeBody(), bearer(rotated))).status).toBe(401);
    expect(idp.jwksFetches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await post(running.url, initializeBody(), bearer(rotated))).status).toBe(200);
    expect(idp.jwksFetches).toBe(2);
  });

  it('lets ClientCredentialsProvider go 401 -> metadata -> authorization server -> token -> call', async () => {
    ({ running, resource } = await startSecure({ mode: 'jwt', jwksUrl: idp.jwksUrl, issuer: idp.issuer }));
    idp.clients.set('reporting-job', { secret: 'reporting-job-secret', scope: 'notes:read notes:write' });
    const authProvider = new ClientCredentialsProvider({
      clientId: 'reporting-job',
      clientSecret: 'reporting-job-secret',
      expectedIssuer: idp.issuer,
    });
    const client = await connectMcpClient(running.url, 'modern', { transport: { authProvider } });
    const result = await client.callTool({ name: 'write_note', arguments: { text: 'from a job' } });
    expect(result.content).toEqual([{ type: 'text', text: 'wrote from a job' }]);
    const who = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse((who.content as { text: string }[])[0].text)).toMatchObject({ subject: 'reporting-job' });
    await client.close();
  });
});
