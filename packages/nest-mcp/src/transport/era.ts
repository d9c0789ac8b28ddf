import {
  classifyInboundRequest,
  isJSONRPCNotification,
  isJSONRPCRequest,
  PROTOCOL_VERSION_META_KEY,
} from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { headerValue } from './header-value.js';

export const MODERN_REVISION = '2026-07-28';

/** What era classification reads from an exchange. */
export type ClassifiedExchange = Pick<Request, 'method' | 'headers' | 'body'>;

/**
 * Whether an exchange is 2025-era: the SDK's own classification (what
 * `isLegacyRequest` runs), fed from the already parsed body and the headers.
 *
 * Two shortcuts, with the same answers:
 * - a POSTed request or notification whose `MCP-Protocol-Version` header
 *   names a modern revision is never legacy (the SDK serves it as 2026-07-28
 *   or refuses it, and its handler classifies it again anyway). That is every
 *   2026-07-28 call, which thus skips a second full classification (schema
 *   checks of the body and the `_meta` envelope);
 * - a POSTed request or notification with no modern header and no envelope
 *   claim in its `_meta` is legacy once it is valid JSON-RPC. That is every
 *   2025-era call, which thus skips the classifier's failing checks for a
 *   posted response (failed schema checks are the costly kind).
 */
export function isLegacyExchange(exchange: ClassifiedExchange): boolean {
  const { method, headers, body } = exchange;
  if (method === 'POST' && body === undefined) return true;
  const protocolVersion = headerValue(headers['mcp-protocol-version']);
  if (method === 'POST' && isCallOrNotification(body)) {
    if (namesModernRevision(protocolVersion)) return false;
    if (!claimsEnvelope(body) && (isJSONRPCRequest(body) || isJSONRPCNotification(body))) return true;
  }
  return (
    classifyInboundRequest({
      httpMethod: method,
      protocolVersionHeader: protocolVersion,
      mcpMethodHeader: headerValue(headers['mcp-method']),
      mcpNameHeader: headerValue(headers['mcp-name']),
      ...(body !== undefined && { body }),
    }).kind === 'legacy'
  );
}

/** The 2025-era revision an exchange speaks: its header, or the one its `initialize` asks for. */
export function legacyRevisionOf(exchange: ClassifiedExchange): string {
  const header = headerValue(exchange.headers['mcp-protocol-version']);
  if (header && DATE.test(header)) return header;
  const asked = (exchange.body as { params?: { protocolVersion?: unknown } } | undefined)?.params?.protocolVersion;
  return typeof asked === 'string' && DATE.test(asked) ? asked : '2025';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Revisions compare as dates; the header may carry spaces or tabs around the value (HTTP whitespace). */
const namesModernRevision = (header: string | undefined): boolean =>
  header !== undefined && header.replace(/^[ \t]+|[ \t]+$/g, '') >= MODERN_REVISION;

/** Whether a message's `params._meta` carries the 2026-07-28 envelope claim (the SDK's test: the key is there). */
function claimsEnvelope(message: { params?: unknown }): boolean {
  const meta = isPlainObject(message.params) ? message.params._meta : undefined;
  return isPlainObject(meta) && PROTOCOL_VERSION_META_KEY in meta;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** One JSON-RPC message with a method and nothing of a response about it (not a batch, not a posted answer). */
function isCallOrNotification(body: unknown): body is { method: string; params?: unknown } {
  return isPlainObject(body) && typeof body.method === 'string' && !('result' in body) && !('error' in body);
}
