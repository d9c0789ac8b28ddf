import { resolveMcpOptions } from '../../src/options/resolve-options.js';
import { McpRegistry } from '../../src/registry/mcp.registry.js';
import type { RegistryChange } from '../../src/registry/registry.types.js';

/** A handler for registry specs, which look at the catalogs, not at calls. */
export const noop = () => undefined;

/** A registry with its own options; `pageSize` as `McpModule` takes it (default 100). */
export const newRegistry = (pageSize?: number) =>
  new McpRegistry(resolveMcpOptions({ name: 'test', version: '0.0.0', pageSize }));

/** A registry in pages of 2 whose change notifications are recorded in `changes`. */
export function watchedRegistry(): { registry: McpRegistry; changes: RegistryChange[] } {
  const registry = newRegistry(2);
  const changes: RegistryChange[] = [];
  registry.onChange((change) => changes.push(change));
  return { registry, changes };
}
