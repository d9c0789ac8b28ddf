import { getOAuthProtectedResourceMetadataUrl } from '@modelcontextprotocol/server';
import { McpRefusal } from '../errors/refusals.js';

const quote = (value: string) => `"${value.replace(/["\\]/g, '')}"`;

/** What a client without credentials is told when no authorization server can give it any. */
export const NO_AUTHORIZATION_SERVER =
  'this server names no authorization server: use an API key or a token from its operator';

/** Builds the RFC 6750 / RFC 9728 challenges every refusal carries. */
export class AuthChallenge {
  readonly resourceMetadataUrl: string;

  /** `signInAvailable`: the metadata names an authorization server a client can sign in at. */
  constructor(
    resourceUrl: string,
    private readonly signInAvailable = true,
  ) {
    this.resourceMetadataUrl = getOAuthProtectedResourceMetadataUrl(new URL(resourceUrl));
  }

  /** 401: no credentials (no `error`), or a refused token (`invalid_token`). */
  unauthorized(scopes: string[], reason?: string): McpRefusal {
    const params = [`resource_metadata=${quote(this.resourceMetadataUrl)}`];
    if (scopes.length > 0) params.push(`scope=${quote(scopes.join(' '))}`);
    if (reason) params.unshift(`error="invalid_token"`, `error_description=${quote(reason)}`);
    // Without it, a client would look for an authorization server where there is none (a dead end).
    else if (!this.signInAvailable) params.push(`error_description=${quote(NO_AUTHORIZATION_SERVER)}`);
    return new McpRefusal(
      'unauthorized',
      reason ? `Unauthorized: ${reason}` : 'Unauthorized: a bearer token is required',
      {
        'WWW-Authenticate': `Bearer ${params.join(', ')}`,
      },
    );
  }

  /** 403 step-up: the token is fine but lacks the scopes this call needs. */
  insufficientScope(scopes: string[]): McpRefusal {
    const header = `Bearer error="insufficient_scope", scope=${quote(scopes.join(' '))}, resource_metadata=${quote(this.resourceMetadataUrl)}`;
    return new McpRefusal('forbidden', `Forbidden: this call needs the scope(s) ${scopes.join(' ')}`, {
      'WWW-Authenticate': header,
    });
  }
}
