import { classifyInboundRequest } from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { headerValue } from './header-value.js';

export const MODERN_REVISION = '2026-07-28';

/** What era classification reads from an exchange. */
export type ClassifiedExchange = Pick<Request, 'method' | 'headers' | 'body'>;

/**
 * Whether an exchange is 2025-era: the SDK's own classification (what
 * `isLegacyRequest` runs), fed from the already parsed body and the headers.
 *
 * One shortcut, with the same answer: a POSTed request or notification whose
 * `MCP-Protocol-Version` header names a modern revision is never legacy (the
 * SDK serves it as 2026-07-28 or refuses it, and its handler classifies it
 * again anyway). That is every 2026-07-28 call, which thus skips a second
 * full classification (schema checks of the body and the `_meta` envelope).
 */
export function isLegacyExchange(exchange: ClassifiedExchange): boolean {
  const { method, headers, body } = exchange;
  if (method === 'POST' && body === undefined) return true;
  const protocolVersion = headerValue(headers['mcp-protocol-version']);
  if (method === 'POST' && namesModernRevision(protocolVersion) && isCallOrNotification(body)) return false;
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

/** One JSON-RPC message with a method and nothing of a response about it (not a batch, not a posted answer). */
function isCallOrNotification(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const message = body as Record<string, unknown>;
  return typeof message.method === 'string' && !('result' in message) && !('error' in message);
}
