import type { ScopeRequirement } from '../decorators/require-scopes.decorator.js';

/** Whether granted scopes satisfy a requirement; no requirement is always satisfied. */
export function satisfies(requirement: ScopeRequirement | undefined, granted: readonly string[]): boolean {
  if (!requirement || requirement.scopes.length === 0) return true;
  return requirement.match === 'all'
    ? requirement.scopes.every((scope) => granted.includes(scope))
    : requirement.scopes.some((scope) => granted.includes(scope));
}
