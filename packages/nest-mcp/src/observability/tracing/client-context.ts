import { TRACEPARENT_META_KEY, TRACESTATE_META_KEY } from '@modelcontextprotocol/server';
import { context, propagation, ROOT_CONTEXT, trace, type Context, type Link } from '@opentelemetry/api';
import type { Request } from 'express';

/** Where an exchange's span continues the client's trace, and the transport's context to link to. */
export interface ClientContext {
  parent: Context;
  links?: Link[];
}

/**
 * The client's trace context for an exchange. As the semantic conventions
 * for MCP ask (and SEP-414 puts it), the request's `params._meta`
 * `traceparent` comes first, with the transport's context (an HTTP server
 * span, when HTTP is instrumented) linked; else the ambient context; else
 * the HTTP `traceparent` header.
 */
export function clientContextOf(req: Request): ClientContext {
  const ambient = context.active();
  const fromMeta = metaContextOf(req.body);
  if (fromMeta) {
    const transport = trace.getSpanContext(ambient);
    return { parent: fromMeta, links: transport ? [{ context: transport }] : undefined };
  }
  if (trace.getSpanContext(ambient)) return { parent: ambient };
  return { parent: propagation.extract(ROOT_CONTEXT, req.headers) };
}

/** The context a message's `_meta` carries (the first message of a batch), if a valid one. */
function metaContextOf(body: unknown): Context | undefined {
  const first = (Array.isArray(body) ? body[0] : body) as { params?: { _meta?: Record<string, unknown> } } | undefined;
  const meta = first?.params?._meta;
  const traceparent = meta?.[TRACEPARENT_META_KEY];
  if (typeof traceparent !== 'string') return undefined;
  const tracestate = meta?.[TRACESTATE_META_KEY];
  const carrier = typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
  const extracted = propagation.extract(ROOT_CONTEXT, carrier);
  return trace.getSpanContext(extracted) ? extracted : undefined;
}
