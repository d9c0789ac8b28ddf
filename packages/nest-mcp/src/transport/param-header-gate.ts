import { Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { McpRefusal } from '../errors/refusals.js';
import type { HeaderParam } from '../registry/header-params.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { headerValue } from './header-value.js';

interface CallBody {
  method?: unknown;
  params?: { name?: unknown; arguments?: unknown } | null;
}

/**
 * SEP-2243's server check, which the SDK runs only for `McpServer` (this
 * package builds the low-level `Server`; the SDK's helpers are not exported):
 * a 2026-07-28 `tools/call`'s `Mcp-Param-*` headers must mirror the arguments
 * the called tool declares with `x-mcp-header`, or the call is refused with
 * 400 `HeaderMismatch` before the tool runs. Its cost is one registry lookup and the
 * called tool's declarations (read once, at registration).
 */
@Injectable()
export class ParamHeaderGate {
  constructor(private readonly registry: McpRegistry) {}

  check(body: unknown, headers: IncomingHttpHeaders): void {
    const { method, params } = (body ?? {}) as CallBody;
    if (method !== 'tools/call' || typeof params?.name !== 'string') return;
    const declared = this.registry.getTool(params.name)?.headerParams;
    if (!declared?.length) return;
    const fault = headerFault(declared, params.arguments, headers);
    if (fault) throw new McpRefusal('headerMismatch', `Header mismatch: ${fault}`);
  }
}

/** What is wrong with the headers that mirror `args`, if anything. */
export function headerFault(
  declared: readonly HeaderParam[],
  args: unknown,
  headers: IncomingHttpHeaders,
): string | undefined {
  for (const param of declared) {
    const sent = headerValue(headers[param.key]);
    const decoded = sent === undefined ? undefined : decodeParamValue(sent);
    // A malformed header is refused even when the body leaves its argument out ("MUST reject ... invalid characters").
    if (sent !== undefined && decoded === undefined) {
      return `${param.header} is malformed (characters a header may not carry, or bad Base64)`;
    }
    const value = valueAt(args, param.path);
    const expected = asHeaderText(value);
    // An argument left out or null expects no header; one of the wrong type is for argument validation to refuse.
    if (expected === undefined) continue;
    const where = `arguments.${param.path.join('.')}`;
    if (decoded === undefined) return `the body carries ${where} but the ${param.header} header is missing`;
    if (!matches(param, decoded, value, expected)) return `${param.header} does not match ${where} in the body`;
  }
  return undefined;
}

const SENTINEL_START = '=?base64?';
const SENTINEL_END = '?=';
/** What a header value may carry as it is (RFC 9110 field values as the spec narrows them): else it is Base64. */
const PLAIN = /^[\t\x20-\x7e]*$/;
const CANONICAL_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DECIMAL = /^-?\d+(\.\d+)?$/;
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A header's value as the client meant it: the Base64 sentinel's payload decoded, else the value itself. */
export function decodeParamValue(sent: string): string | undefined {
  if (!PLAIN.test(sent)) return undefined;
  const sentinel =
    sent.length >= SENTINEL_START.length + SENTINEL_END.length &&
    sent.startsWith(SENTINEL_START) &&
    sent.endsWith(SENTINEL_END);
  if (!sentinel) return sent;
  const payload = sent.slice(SENTINEL_START.length, -SENTINEL_END.length);
  if (!CANONICAL_BASE64.test(payload)) return undefined;
  try {
    return UTF8.decode(Buffer.from(payload, 'base64'));
  } catch {
    return undefined;
  }
}

/** The spec's conversion of an argument to header text; undefined for no value or one no header can carry. */
function asHeaderText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  if (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!Number.isInteger(value) || Number.isSafeInteger(value))
  ) {
    return String(value);
  }
  return undefined;
}

/** Integers compare as numbers (`42.0` is `42`, as the spec advises); everything else as text. */
function matches(param: HeaderParam, decoded: string, value: unknown, expected: string): boolean {
  if (param.type === 'integer' && typeof value === 'number' && DECIMAL.test(decoded)) return Number(decoded) === value;
  return decoded === expected;
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}
