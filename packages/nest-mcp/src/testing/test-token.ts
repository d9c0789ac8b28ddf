import type { INestApplication } from '@nestjs/common';
import { signDevToken, type DevTokenClaims } from '../auth/dev-token.js';
import { McpAuthService } from '../auth/mcp-auth.service.js';

/**
 * A bearer token `app` accepts: HS256 with the secret it verifies with, its
 * audience (the resource URL it serves, unless `audience` is configured) and
 * issuer, read from its resolved auth options. Rejects, saying what to
 * configure, when the app's tokens cannot be signed here.
 */
export async function mintTestToken(app: INestApplication, claims: DevTokenClaims = {}): Promise<string> {
  const auth = app.get(McpAuthService);
  const options = auth.options;
  if (!options) {
    throw new Error(
      "cannot mint a token: auth is off in this app; for a test with auth on, configure McpModule with auth: { mode: 'jwt', secret } (env: MCP_JWT_SECRET)",
    );
  }
  if (!options.secret) {
    const verifier = options.jwksUrl ? 'a JWKS' : options.publicKey ? 'a public key' : 'API keys only';
    throw new Error(
      `cannot mint a token: this app verifies with ${verifier}, and test tokens are HS256; give the app under test auth.secret (MCP_JWT_SECRET), or sign with the matching private key`,
    );
  }
  const [audience] = auth.audiences!;
  return signDevToken({ secret: options.secret, audience, issuer: options.issuer, type: options.tokenType }, claims);
}

/** The `Authorization` header carrying `token`, for `connectTestClient`'s `headers` or a raw `fetch`. */
export const bearer = (token: string): { authorization: string } => ({ authorization: `Bearer ${token}` });
