import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK, type CryptoKey } from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  jwk: JWK;
}

/**
 * A small identity provider on 127.0.0.1 for e2e tests: RFC 8414 metadata,
 * a JWKS (ES256) whose keys can be rotated, and a `client_credentials`
 * token endpoint, as Keycloak or Auth0 would serve them.
 */
export class TestIdp {
  private server?: Server;
  private keys: SigningKey[] = [];
  /** How many times the JWKS was fetched (to see caching and refetch). */
  jwksFetches = 0;
  readonly clients = new Map<string, { secret: string; scope: string }>();
  issuer = '';

  async start(): Promise<void> {
    await this.rotate();
    this.server = createServer((req, res) => void this.handle(req.url ?? '', req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    this.issuer = `http://127.0.0.1:${port}`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }

  get jwksUrl(): string {
    return `${this.issuer}/jwks`;
  }

  /** Adds a new signing key; `keepOld: false` drops the previous ones from the JWKS. */
  async rotate(keepOld = true): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('ES256');
    const kid = `key-${this.keys.length + 1}-${Date.now()}`;
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
    this.keys = keepOld ? [...this.keys, { kid, privateKey, jwk }] : [{ kid, privateKey, jwk }];
    return kid;
  }

  /** A token signed by the newest key. */
  async token(claims: Record<string, unknown> & { sub: string; aud: string }, expiresIn = '5m'): Promise<string> {
    const key = this.keys.at(-1)!;
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: key.kid })
      .setIssuer(this.issuer)
      .setIssuedAt()
      .setExpirationTime(expiresIn)
      .sign(key.privateKey);
  }

  /** Signs exactly these claims and header fields (no `exp` unless given) with the newest key. */
  async sign(claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<string> {
    const key = this.keys.at(-1)!;
    return signExactly(claims, { ...header, alg: 'ES256', kid: key.kid }, key.privateKey);
  }

  private async handle(url: string, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (url === '/.well-known/oauth-authorization-server' || url === '/.well-known/openid-configuration') {
      return send(200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.issuer}/authorize`,
        token_endpoint: `${this.issuer}/token`,
        jwks_uri: this.jwksUrl,
        grant_types_supported: ['client_credentials'],
        token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
        response_types_supported: ['token'],
      });
    }
    if (url === '/jwks') {
      this.jwksFetches++;
      return send(200, { keys: this.keys.map((key) => key.jwk) });
    }
    if (url === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const form = new URLSearchParams(body);
      const basic = req.headers.authorization?.startsWith('Basic ')
        ? Buffer.from(req.headers.authorization.slice(6), 'base64').toString().split(':').map(decodeURIComponent)
        : [form.get('client_id') ?? '', form.get('client_secret') ?? ''];
      const client = this.clients.get(basic[0]);
      if (!client || client.secret !== basic[1]) return send(401, { error: 'invalid_client' });
      const resource = form.get('resource');
      if (!resource) return send(400, { error: 'invalid_target' });
      const accessToken = await this.token({ sub: basic[0], aud: resource, scope: client.scope });
      return send(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 300, scope: client.scope });
    }
    send(404, { error: 'not_found' });
  }
}

/** Signs the claims and header exactly as given (jose refuses to sign a `crit` it was not told about). */
export async function signExactly(
  claims: Record<string, unknown>,
  header: Record<string, unknown> & { alg: string },
  key: CryptoKey | Uint8Array,
): Promise<string> {
  const crit = Array.isArray(header.crit)
    ? Object.fromEntries(header.crit.map((name: string) => [name, true]))
    : undefined;
  return new SignJWT(claims).setProtectedHeader(header).sign(key, { crit });
}
