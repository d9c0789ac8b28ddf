import { decodeProtectedHeader } from 'jose';

/**
 * What every accepted JWT must be, whichever key verifies it (`@nestjs/jwt`
 * for a secret or PEM key, jose for a JWKS): the libraries differ on `crit`,
 * `typ` and a missing `exp`, so the rules live here, once.
 */
export class TokenProfile {
  private readonly type?: string;

  /** `type`: the `typ` every token must carry (RFC 9068 `at+jwt`), or none. */
  constructor(type?: string) {
    this.type = type === undefined ? undefined : normalizeType(type);
  }

  /** Why the protected header is refused, checked before the signature; undefined when it is fine. */
  headerProblem(token: string): string | undefined {
    let header: ReturnType<typeof decodeProtectedHeader>;
    try {
      header = decodeProtectedHeader(token);
    } catch {
      return 'the token is invalid';
    }
    // RFC 7515 §4.1.11: extensions listed in `crit` must be understood, and this server understands none.
    if (header.crit !== undefined) return "the token's crit header names extensions this server does not support";
    if (this.type !== undefined && (typeof header.typ !== 'string' || normalizeType(header.typ) !== this.type)) {
      return `the token's typ header must be ${this.type}`;
    }
    return undefined;
  }

  /** Why verified claims are refused; undefined when they are fine. */
  claimsProblem(claims: Record<string, unknown>): string | undefined {
    // A token without `exp` would be valid forever: the libraries accept it, we do not.
    if (typeof claims.exp !== 'number') return 'the token has no exp claim';
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) return 'the token has no subject';
    return undefined;
  }
}

/** RFC 9068 §4: `typ` compares case-insensitively, and `application/at+jwt` is `at+jwt`. */
function normalizeType(type: string): string {
  const lower = type.toLowerCase();
  return lower.startsWith('application/') ? lower.slice('application/'.length) : lower;
}
