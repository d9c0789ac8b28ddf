/** Thrown by registry lookups and removals of names that are not registered. */
export class McpNotRegisteredError extends Error {
  override name = 'McpNotRegisteredError';
  constructor(kind: string, name: string) {
    super(`${kind} "${name}" is not registered`);
  }
}
