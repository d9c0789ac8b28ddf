import type { OidcAdapter, OidcAdapterClass } from '../../stores/oauth/oidc-adapter.js';
import type { UpstreamChecks, UpstreamIdp, UpstreamSignIn, UpstreamTokens } from './upstream-idp.js';

/** Claims of the ID token that describe the token, not the user: never copied into the bridge's tokens. */
const PROTOCOL_CLAIMS = new Set([
  'iss',
  'sub',
  'aud',
  'exp',
  'iat',
  'nbf',
  'jti',
  'nonce',
  'at_hash',
  'c_hash',
  's_hash',
  'auth_time',
  'azp',
  'sid',
  'acr',
  'amr',
]);

/** A sign-in at the IdP under way: which interaction it finishes, and the checks of its callback. */
interface PendingLogin {
  interactionUid: string;
  checks: UpstreamChecks;
  /** Set once the callback redeemed the code. */
  accountId?: string;
}

/** Seconds an upstream sign-in may take (the user types a password, maybe a second factor). */
const LOGIN_TTL_SEC = 10 * 60;
/** Refresh the upstream access token this long before it expires. */
const REFRESH_MARGIN_SEC = 30;

/**
 * The upstream side of each user, kept server-side in the bridge's store (so
 * any instance can finish a sign-in or refresh a token): the sign-ins under
 * way, and per account its ID-token claims and its upstream tokens. The
 * tokens never leave the server: not in a response, not in a log.
 */
export class UpstreamIdentities {
  private readonly logins: OidcAdapter;
  private readonly identities: OidcAdapter;

  constructor(
    Adapter: OidcAdapterClass,
    private readonly idp: UpstreamIdp,
    /** How long an identity (and so its upstream refresh token) is kept: the bridge's refresh-token lifetime. */
    private readonly identityTtlSec: number,
  ) {
    this.logins = new Adapter('UpstreamLogin');
    this.identities = new Adapter('UpstreamIdentity');
  }

  /** Begins the sign-in of an interaction: the URL of the IdP to send the browser to. */
  async begin(interactionUid: string): Promise<URL> {
    const { url, checks } = await this.idp.authorizationUrl();
    await this.logins.upsert(checks.state, { interactionUid, checks }, LOGIN_TTL_SEC);
    return url;
  }

  /**
   * Completes the sign-in the callback's `state` names (once: the entry is then
   * marked done): the interaction it belongs to. Throws on an unknown state or a refused code.
   */
  async complete(callbackUrl: URL): Promise<{ interactionUid: string }> {
    const state = callbackUrl.searchParams.get('state') ?? '';
    const pending = (await this.logins.find(state)) as PendingLogin | undefined;
    if (!pending || pending.accountId) throw new Error('unknown or finished sign-in');
    const signIn = await this.idp.complete(callbackUrl, pending.checks);
    const accountId = signIn.claims.sub;
    await this.save(accountId, signIn);
    await this.logins.upsert(state, { ...pending, accountId }, LOGIN_TTL_SEC);
    return { interactionUid: pending.interactionUid };
  }

  /** The sign-in under way that `state` names, if any. */
  async pendingOf(state: string): Promise<{ interactionUid: string } | undefined> {
    const pending = state ? ((await this.logins.find(state)) as PendingLogin | undefined) : undefined;
    return pending && { interactionUid: pending.interactionUid };
  }

  /** The account a completed sign-in of `interactionUid` signed in, consumed once. */
  async takeSignedIn(state: string, interactionUid: string): Promise<string | undefined> {
    const pending = (await this.logins.find(state)) as PendingLogin | undefined;
    if (!pending?.accountId || pending.interactionUid !== interactionUid) return undefined;
    await this.logins.destroy(state);
    return pending.accountId;
  }

  /** The user's claims from the IdP's ID token (without the token's own claims). */
  async claimsOf(accountId: string): Promise<Record<string, unknown> | undefined> {
    return ((await this.identities.find(accountId)) as { claims?: Record<string, unknown> } | undefined)?.claims;
  }

  /** A valid upstream access token of the account, refreshed first when it is (nearly) expired. */
  async accessToken(accountId: string): Promise<string> {
    const identity = (await this.identities.find(accountId)) as
      { claims: Record<string, unknown>; tokens: UpstreamTokens } | undefined;
    if (!identity) throw new Error('no upstream sign-in is known for this user; sign in again');
    const { tokens } = identity;
    const now = Math.floor(Date.now() / 1000);
    if (tokens.expiresAt === undefined || tokens.expiresAt - REFRESH_MARGIN_SEC > now) return tokens.accessToken;
    if (!tokens.refreshToken)
      throw new Error('the upstream access token has expired and cannot be refreshed; sign in again');
    const fresh = await this.idp.refresh(tokens.refreshToken);
    await this.identities.upsert(accountId, { ...identity, tokens: fresh }, this.identityTtlSec);
    return fresh.accessToken;
  }

  private async save(accountId: string, { claims, tokens }: UpstreamSignIn): Promise<void> {
    const userClaims = Object.fromEntries(Object.entries(claims).filter(([name]) => !PROTOCOL_CLAIMS.has(name)));
    await this.identities.upsert(accountId, { claims: userClaims, tokens }, this.identityTtlSec);
  }
}
