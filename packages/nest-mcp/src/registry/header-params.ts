/**
 * SEP-2243 (2026-07-28 Streamable HTTP, "Custom Headers from Tool
 * Parameters"): an input property marked `x-mcp-header: Name` is mirrored by
 * clients into an `Mcp-Param-Name` header, which the server checks against the
 * body. The SDK's own reading of these marks (`scanXMcpHeaderDeclarations`) is
 * not exported, so this is its equivalent, run once when a tool is registered.
 */

/** One mirrored argument of a tool. */
export interface HeaderParam {
  /** The header as the spec spells it, `Mcp-Param-{Name}`, for messages. */
  readonly header: string;
  /** The same, lowercased: how Node keys the headers it received. */
  readonly key: string;
  /** Where the argument lies in `arguments`: a chain of `properties` keys. */
  readonly path: readonly string[];
  readonly type: HeaderParamType;
}

export type HeaderParamType = 'string' | 'integer' | 'boolean';

export const HEADER_PARAM_PREFIX = 'Mcp-Param-';
const MARK = 'x-mcp-header';
/** RFC 9110 `token` (`1*tchar`): no spaces, controls or delimiters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const TYPES: ReadonlySet<string> = new Set<HeaderParamType>(['string', 'integer', 'boolean']);
/** Subschemas a value may be under without being "statically reachable through `properties`": no mark there. */
const UNREACHABLE_KEYWORDS = [
  'items',
  'prefixItems',
  'contains',
  'additionalProperties',
  'unevaluatedProperties',
  'unevaluatedItems',
  'propertyNames',
  'patternProperties',
  'dependentSchemas',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'if',
  'then',
  'else',
  '$defs',
  'definitions',
];
/** Of those, the keywords whose value maps names to subschemas. */
const NAMED_SUBSCHEMAS = new Set(['patternProperties', 'dependentSchemas', '$defs', 'definitions']);

/**
 * The mirrored arguments `inputSchema` declares; throws a message naming the
 * first mark that breaks the spec's rules (clients drop such a tool from
 * `tools/list`, so it is a declaration error, not something to serve).
 */
export function headerParamsOf(inputSchema: Record<string, unknown>): HeaderParam[] {
  const params: HeaderParam[] = [];
  const visit = (node: unknown, path: string[], reachable: boolean): void => {
    if (typeof node !== 'object' || node === null) return;
    const schema = node as Record<string, unknown>;
    if (MARK in schema) params.push(declared(schema, path, reachable, params));
    const properties = schema.properties;
    if (typeof properties === 'object' && properties !== null) {
      for (const [key, child] of Object.entries(properties)) visit(child, [...path, key], reachable);
    }
    for (const keyword of UNREACHABLE_KEYWORDS) {
      const sub = schema[keyword];
      if (sub === undefined) continue;
      const branches = Array.isArray(sub)
        ? sub
        : NAMED_SUBSCHEMAS.has(keyword) && isObject(sub)
          ? Object.values(sub)
          : [sub];
      for (const branch of branches) visit(branch, [...path, `<${keyword}>`], false);
    }
  };
  visit(inputSchema, [], true);
  return params;
}

function declared(
  schema: Record<string, unknown>,
  path: string[],
  reachable: boolean,
  seen: HeaderParam[],
): HeaderParam {
  const where = path.length ? `"${path.join('.')}"` : 'the root';
  const name = schema[MARK];
  if (!reachable || path.length === 0) {
    throw new Error(`${MARK} on ${where}: only properties reached through "properties" alone may carry it`);
  }
  if (typeof name !== 'string' || !TOKEN.test(name)) {
    throw new Error(`${MARK} on ${where} must be a non-empty HTTP token (RFC 9110), not ${JSON.stringify(name)}`);
  }
  const type = schema.type;
  if (typeof type !== 'string' || !TYPES.has(type)) {
    throw new Error(`${MARK} on ${where} needs type string, integer or boolean, not ${JSON.stringify(type ?? null)}`);
  }
  const key = (HEADER_PARAM_PREFIX + name).toLowerCase();
  const twin = seen.find((param) => param.key === key);
  if (twin) throw new Error(`${MARK} "${name}" on ${where} repeats "${twin.header}" (names are case-insensitive)`);
  return { header: HEADER_PARAM_PREFIX + name, key, path, type: type as HeaderParamType };
}

const isObject = (value: unknown): value is object => typeof value === 'object' && value !== null;
