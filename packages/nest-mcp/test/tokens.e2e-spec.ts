import { generateKeyPairSync } from 'node:crypto';
import { importPKCS8, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { McpAuthOptions } from '../src/index.js';
import type { RunningMcpApp } from '../src/testing/index.js';
import { initializeBody, post } from './support/raw-http.js';
import { bearer, startSecure } from './support/secure-app.js';
import { signExactly, TestIdp } from './support/test-idp.js';

type Claims = Record<string, unknown>;
type Header = Record<string, unknown>;
type Sign = (claims: Claims, header?: Header) => Promise<string>;

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ISSUER = 'https://idp.test';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const idp = new TestIdp();

const signer =
  (alg: string, key: () => Promise<CryptoKey | Uint8Array>): Sign =>
  async (claims, header = {}) =>
    signExactly(claims, { ...header, alg }, await key());

/** The three kinds of key the verifier knows; every rule must hold in each. */
const KEY_MODES: [string, () => Omit<McpAuthOptions, 'resourceUrl'>, Sign][] = [
  [
    'an HS256 secret',
    () => ({ mode: 'jwt', secret: SECRET, issuer: ISSUER }),
    signer('HS256', async () => new TextEncoder().encode(SECRET)),
  ],
  [
    'a PEM public key',
    () => ({
      mode: 'jwt',
      publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
      issuer: ISSUER,
    }),
    signer('RS256', () => importPKCS8(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), 'RS256')),
  ],
  [
    'a JWKS',
    () => ({ mode: 'jwt', jwksUrl: idp.jwksUrl, issuer: idp.issuer }),
    (claims, header) => idp.sign(claims, header),
  ],
];

beforeAll(() => idp.start());
afterAll(() => idp.stop());

describe.each(KEY_MODES)('JWT rules with %s', (_mode, auth, sign) => {
  let running: RunningMcpApp;
  let resource: string;
  beforeAll(async () => {
    ({ running, resource } = await startSecure({ ...auth(), tokenType: 'at+jwt' }));
  });
  afterAll(() => running.close());

  const claims = (extra: Claims = {}): Claims => ({
    sub: 'alice',
    aud: resource,
    iss: auth().issuer,
    exp: Math.floor(Date.now() / 1000) + 300,
    ...extra,
  });
  const statusOf = async (token: string) => {
    const response = await post(running.url, initializeBody(), bearer(token));
    await response.text();
    return { status: response.status, challenge: response.headers.get('www-authenticate') ?? '' };
  };

  it.each(['at+jwt', 'AT+JWT', 'application/at+jwt'])('accepts typ %s', async (typ) => {
    expect((await statusOf(await sign(claims(), { typ }))).status).toBe(200);
  });

  it.each<[string, () => Promise<string>, RegExp]>([
    ['no exp (it would never expire)', () => sign(claims({ exp: undefined }), { typ: 'at+jwt' }), /exp/],
    [
      'a crit header naming an extension it does not understand (RFC 7515)',
      () => sign(claims(), { typ: 'at+jwt', crit: ['urn:example:must-understand'], 'urn:example:must-understand': 1 }),
      /crit/,
    ],
    ['typ JWT where at+jwt is required (RFC 9068)', () => sign(claims(), { typ: 'JWT' }), /typ/],
    ['no typ where at+jwt is required', () => sign(claims()), /typ/],
  ])('refuses a token with %s: 401 invalid_token', async (_case, make, reason) => {
    const { status, challenge } = await statusOf(await make());
    expect(status).toBe(401);
    expect(challenge).toContain('error="invalid_token"');
    expect(challenge).toMatch(reason);
  });
});
