/** Where the bridge answers, at the MCP server's origin. */
export const BRIDGE_ROUTES = {
  /** RFC 8414 metadata (oidc-provider's discovery document). */
  metadata: '/.well-known/oauth-authorization-server',
  /** The endpoints oidc-provider serves itself. */
  provider: {
    authorization: '/oauth/authorize',
    registration: '/oauth/register',
    token: '/oauth/token',
    revocation: '/oauth/revoke',
    jwks: '/oauth/jwks',
    // Not advertised to MCP clients, but part of an OpenID provider: kept under /oauth/ too.
    userinfo: '/oauth/userinfo',
    end_session: '/oauth/session/end',
    introspection: '/oauth/introspect',
    pushed_authorization_request: '/oauth/par',
    code_verification: '/oauth/device',
    device_authorization: '/oauth/device/auth',
    backchannel_authentication: '/oauth/backchannel',
    challenge: '/oauth/challenge',
  },
  /** The redirect URI registered at the upstream IdP. */
  callback: '/oauth/callback',
  /** The bridge's own pages of a sign-in (login at the IdP, then consent). */
  interaction: (uid: string) => `/oauth/interaction/${uid}`,
  interactionPrefix: '/oauth/interaction/',
} as const;

/** oidc-provider's own discovery path, which the RFC 8414 path is answered from. */
export const OIDC_DISCOVERY_PATH = '/.well-known/openid-configuration';
