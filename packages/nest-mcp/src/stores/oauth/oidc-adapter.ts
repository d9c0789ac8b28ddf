/** One entry oidc-provider stores (a model's payload: a token, a code, a client, a session...). */
// oxlint-disable-next-line typescript/no-explicit-any -- oidc-provider's payloads are open records of any field type
export type OidcPayload = { [field: string]: any };

/**
 * oidc-provider's storage contract (its `Adapter`), one instance per model
 * name (`Session`, `AccessToken`, `AuthorizationCode`, `RefreshToken`,
 * `Client`, `Grant`, `Interaction`, ...). Every entry expires: `expiresIn`
 * seconds, or without it (a registered client) after a bounded time unused.
 */
export interface OidcAdapter {
  upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void>;
  find(id: string): Promise<OidcPayload | undefined>;
  findByUid(uid: string): Promise<OidcPayload | undefined>;
  findByUserCode(userCode: string): Promise<OidcPayload | undefined>;
  /** Marks a code or refresh token used, atomically: of two concurrent consumes, one throws `AlreadyConsumedError`. */
  consume(id: string): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Deletes every entry issued under the grant (codes, access and refresh tokens), wherever it was issued. */
  revokeByGrantId(grantId: string): Promise<void>;
}

/** What oidc-provider's `adapter` option takes: a class it constructs once per model name. */
export type OidcAdapterClass = new (modelName: string) => OidcAdapter;

/** Injection token of the `OidcAdapterClass` the bridge gives oidc-provider (in memory, or Redis with `redis`). */
export const MCP_OIDC_ADAPTER = Symbol('MCP_OIDC_ADAPTER');

/** The models whose entries belong to a grant (`revokeByGrantId` removes them), as oidc-provider's own adapter has them. */
export const GRANTABLE_MODELS = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
  'PreAuthorizedCode',
]);

/**
 * A code or refresh token consumed by another request first (on any
 * instance), or gone meanwhile. Shaped as oidc-provider's own errors
 * (`expose`, `statusCode`, `error_description`), so its token endpoint
 * answers `400 invalid_grant` with no import of oidc-provider here.
 */
export class AlreadyConsumedError extends Error {
  override name = 'AlreadyConsumedError';
  readonly expose = true;
  readonly status = 400;
  readonly statusCode = 400;
  readonly error = 'invalid_grant';
  readonly error_description = 'grant request is invalid';
  readonly error_detail: string;

  constructor(model: string) {
    super('invalid_grant');
    this.error_detail = `${model} already consumed`;
  }
}
