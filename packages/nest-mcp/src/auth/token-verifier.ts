import { createPublicKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { McpAuthOptions } from './auth-options.interface.js';
import { principalFromClaims, type McpPrincipal } from './principal.js';
import { TokenProfile } from './token-profile.js';

/** A token we refuse; its message is safe to show (it never contains the token). */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

/** Whether bearer JWTs can be verified at all: an HS256 secret, a public key or a JWKS is set. */
export function hasTokenKey(options: Pick<McpAuthOptions, 'secret' | 'publicKey' | 'jwksUrl'>): boolean {
  return Boolean(options.secret || options.publicKey || options.jwksUrl);
}

const MAX_CACHED_TOKENS = 10_000;

const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

/**
 * Verifies bearer JWTs with exactly one kind of key: an HS256 secret, a PEM
 * public key, or the identity provider's JWKS. The accepted algorithms follow
 * the key (never `none`, never HS with an asymmetric key).
 */
export class TokenVerifier {
  private readonly verifyClaims: (token: string) => Promise<Record<string, unknown>>;
  /**
   * Tokens already verified, until their `exp` (at most a minute): a client
   * sends the same token on every request, and its signature does not change.
   */
  private readonly verified = new Map<string, { principal: McpPrincipal; until: number }>();
  private readonly profile: TokenProfile;

  /** `audiences`: the `aud` values accepted (one must match); `keySet`: keys held in-process (the OAuth bridge's). */
  constructor(
    private readonly options: McpAuthOptions,
    private readonly audiences: string[],
    private readonly keySet?: JWTVerifyGetKey,
  ) {
    this.verifyClaims = this.createVerifier();
    this.profile = new TokenProfile(options.tokenType);
  }

  get configured(): boolean {
    return this.keySet !== undefined || hasTokenKey(this.options);
  }

  async verify(token: string): Promise<McpPrincipal> {
    const now = Date.now();
    const cached = this.verified.get(token);
    if (cached && cached.until > now) return cached.principal;
    const principal = await this.verifyOnce(token);
    const exp = (principal.claims.exp as number) * 1000;
    if (this.verified.size >= MAX_CACHED_TOKENS) this.verified.clear();
    this.verified.set(token, { principal, until: Math.min(exp, now + 60_000) });
    return principal;
  }

  private async verifyOnce(token: string): Promise<McpPrincipal> {
    const headerProblem = this.profile.headerProblem(token);
    if (headerProblem) throw new InvalidTokenError(headerProblem);
    let claims: Record<string, unknown>;
    try {
      claims = await this.verifyClaims(token);
    } catch (error) {
      throw new InvalidTokenError(describeFailure(error));
    }
    const claimsProblem = this.profile.claimsProblem(claims);
    if (claimsProblem) throw new InvalidTokenError(claimsProblem);
    return principalFromClaims(claims);
  }

  private createVerifier(): (token: string) => Promise<Record<string, unknown>> {
    const { secret, publicKey, jwksUrl, issuer } = this.options;
    const audience = this.audiences as [string, ...string[]];
    const clockTolerance = this.options.clockToleranceSec ?? 30;
    if (jwksUrl || this.keySet) {
      // jose caches a remote key set and refetches on an unknown `kid`, at most once per cooldown.
      const keys: JWTVerifyGetKey =
        this.keySet ??
        createRemoteJWKSet(new URL(jwksUrl!), {
          cooldownDuration: this.options.jwksCooldownMs ?? 10_000,
          cacheMaxAge: 10 * 60_000,
          timeoutDuration: 5_000,
        });
      return async (token) =>
        (
          await jwtVerify(token, keys, {
            issuer,
            audience,
            clockTolerance,
            algorithms: JWKS_ALGORITHMS,
          })
        ).payload as Record<string, unknown>;
    }
    const jwt = new JwtService({});
    if (publicKey) {
      const algorithms = algorithmsForKey(publicKey);
      return (token) =>
        jwt.verifyAsync(token, {
          publicKey,
          algorithms: algorithms as never,
          issuer,
          audience,
          clockTolerance,
        });
    }
    if (secret) {
      return (token) =>
        jwt.verifyAsync(token, {
          secret,
          algorithms: ['HS256'],
          issuer,
          audience,
          clockTolerance,
        });
    }
    return () => Promise.reject(new Error('no JWT key is configured'));
  }
}

/** The JWS algorithms a PEM public key can verify. */
export function algorithmsForKey(pem: string): string[] {
  const key = createPublicKey(pem);
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return ['RS256', 'RS384', 'RS512'];
    case 'rsa-pss':
      return ['PS256', 'PS384', 'PS512'];
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      return curve === 'secp384r1' ? ['ES384'] : curve === 'secp521r1' ? ['ES512'] : ['ES256'];
    }
    case 'ed25519':
      return ['EdDSA'];
    default:
      throw new Error(`unsupported public key type ${String(key.asymmetricKeyType)}`);
  }
}

/** A short, token-free reason for a refused token. */
function describeFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : '';
  const code = (error as { code?: string }).code ?? '';
  if (name === 'TokenExpiredError' || code === 'ERR_JWT_EXPIRED') return 'the token has expired';
  if (name === 'NotBeforeError') return 'the token is not valid yet';
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    const claim = (error as { claim?: string }).claim;
    return claim === 'nbf' ? 'the token is not valid yet' : `the token's ${claim ?? 'claims'} claim is not accepted`;
  }
  const message = error instanceof Error ? error.message : '';
  if (/audience/.test(message)) return "the token's aud claim is not accepted";
  if (/issuer/.test(message)) return "the token's iss claim is not accepted";
  if (code === 'ERR_JWKS_NO_MATCHING_KEY') return 'the token was signed by an unknown key';
  if (code === 'ERR_JWKS_TIMEOUT' || code === 'ERR_JOSE_GENERIC') return 'the signing keys could not be fetched';
  return 'the token is invalid';
}
