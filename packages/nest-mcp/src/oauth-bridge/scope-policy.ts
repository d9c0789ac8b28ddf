/** `scopeClaims`: scope -> claim name -> the claim values that grant it. */
export type ScopeClaims = Record<string, Record<string, string[]>>;

const valuesOf = (claim: unknown): string[] =>
  Array.isArray(claim)
    ? claim.filter((value): value is string => typeof value === 'string')
    : typeof claim === 'string'
      ? claim.split(' ')
      : [];

/**
 * The scopes a user keeps of those granted to their client: a scope named in
 * `scopeClaims` only when one of the user's upstream claims holds a value
 * that grants it; any other scope as granted.
 */
export function scopesForUser(granted: string[], claims: Record<string, unknown>, scopeClaims: ScopeClaims): string[] {
  return granted.filter((scope) => {
    const rule = scopeClaims[scope];
    if (!rule) return true;
    return Object.entries(rule).some(([claim, values]) =>
      valuesOf(claims[claim]).some((value) => values.includes(value)),
    );
  });
}
