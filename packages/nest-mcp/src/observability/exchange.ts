import type { Request } from 'express';
import { clip } from '../errors/clip.js';

/** What one HTTP exchange with the MCP endpoint did, filled in as it goes and logged at its end. */
export interface McpExchange {
  requestId: string;
  startedAt: number;
  /** `2026-07-28`, or the 2025-era revision the client sent (`2025` when unknown). */
  era?: string;
  /** `ok`, `is_error`, or `error:<code>` once a handler has answered. */
  outcome?: string;
}

/** What a body says it is: its JSON-RPC method(s) and the tool, prompt or resource it targets. */
export interface BodyDescription {
  method?: string;
  target?: string;
}

const EXCHANGE = Symbol('mcp.exchange');

export function exchangeOf(req: Request): McpExchange | undefined {
  return (req as Request & { [EXCHANGE]?: McpExchange })[EXCHANGE];
}

export function attachExchange(req: Request, exchange: McpExchange): void {
  (req as Request & { [EXCHANGE]?: McpExchange })[EXCHANGE] = exchange;
}

/** The JSON-RPC method and target of a body (the first message of a batch, plus a count). */
export function describeBody(body: unknown): BodyDescription {
  const messages = Array.isArray(body) ? body : [body];
  const first = messages[0] as { method?: unknown; params?: { name?: unknown; uri?: unknown } } | undefined;
  if (typeof first !== 'object' || first === null) return {};
  const method = typeof first.method === 'string' ? first.method : 'response';
  const target = first.params?.name ?? first.params?.uri;
  return {
    method: messages.length > 1 ? `${clip(method)} (+${messages.length - 1})` : clip(method),
    target: typeof target === 'string' ? clip(target) : undefined,
  };
}
