import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import type { Request, Response } from 'express';
import { exchangeOf } from '../exchange.js';
import { headerValue } from '../../transport/header-value.js';
import { clientContextOf } from './client-context.js';
import { errorOfOutcome, Attr } from './semconv.js';
import { activeTracer } from './tracer.js';
import { describeMessage } from './message.js';

/** The span of one exchange, from the endpoint taking the request to its response closing. */
interface ExchangeTrace {
  /** When the endpoint took the request (epoch ms). */
  startTime: number;
  span?: Span;
  /** The span's context: what handlers and what they call continue. */
  context?: Context;
}

const TRACE = Symbol('mcp.exchange.trace');
type TracedRequest = Request & { [TRACE]?: ExchangeTrace };

/** Starts tracing an exchange (a no-op when no OpenTelemetry SDK is registered). */
export function traceExchange(req: Request, res: Response): void {
  if (!activeTracer()) return;
  const state: ExchangeTrace = { startTime: performance.timeOrigin + performance.now() };
  (req as TracedRequest)[TRACE] = state;
  res.once('close', () => endExchangeSpan(req, res, state));
}

/**
 * Starts the exchange's span once its body says what it is (or, for an
 * exchange refused before its body was read, when its log line is written),
 * and returns the context to serve it in; undefined when it is not traced.
 */
export function startExchangeSpan(req: Request): Context | undefined {
  const state = (req as TracedRequest)[TRACE];
  if (!state) return undefined;
  state.span ??= openSpan(req, state.startTime);
  state.context ??= trace.setSpan(context.active(), state.span);
  return state.context;
}

/** The context of the exchange's span, for a handler's span to be its child. */
export function exchangeContextOf(req: Request | undefined): Context | undefined {
  return req && (req as TracedRequest)[TRACE]?.context;
}

/**
 * The ids of the exchange's span, for the exemplar of its duration; undefined
 * when it is not traced. An exchange refused before its body was read has its
 * span opened here, since its duration is recorded before the span ends.
 */
export function exchangeSpanContextOf(req: Request): SpanContext | undefined {
  const state = (req as TracedRequest)[TRACE];
  return state && spanOf(req, state).spanContext();
}

/** The exchange's span, opened now if its body never came (a guard, a limit refused it first). */
const spanOf = (req: Request, state: ExchangeTrace): Span => (state.span ??= openSpan(req, state.startTime));

function openSpan(req: Request, startTime: number): Span {
  const { parent, links } = clientContextOf(req);
  const message = describeMessage(req.method === 'POST' ? req.body : undefined, req.method);
  const era = exchangeOf(req)?.era;
  const sessionId = headerValue(req.headers['mcp-session-id']);
  return activeTracer()!.startSpan(
    // `{method} {target}`: a tool's or prompt's name is a target, a resource URI is not (cardinality).
    (message.tool ?? message.prompt) ? `${message.method} ${message.tool ?? message.prompt}` : message.method,
    {
      kind: SpanKind.SERVER,
      startTime,
      links,
      attributes: {
        [Attr.mcpMethod]: message.method,
        [Attr.networkTransport]: 'tcp',
        [Attr.networkProtocol]: 'http',
        ...(message.requestId !== undefined && { [Attr.jsonRpcRequestId]: message.requestId }),
        ...(message.tool !== undefined && {
          [Attr.genAiTool]: message.tool,
          [Attr.genAiOperation]: 'execute_tool',
        }),
        ...(message.prompt !== undefined && { [Attr.genAiPrompt]: message.prompt }),
        ...(message.uri !== undefined && { [Attr.mcpResourceUri]: message.uri }),
        ...(era && { [Attr.mcpProtocolVersion]: era }),
        ...(sessionId && { [Attr.mcpSession]: sessionId }),
      },
    },
    parent,
  );
}

function endExchangeSpan(req: Request, res: Response, state: ExchangeTrace): void {
  // An exchange refused before its body was read (a guard, a limit) is a span too.
  const span = spanOf(req, state);
  const exchange = exchangeOf(req);
  const outcome =
    exchange?.outcome ??
    (res.statusCode >= 400 ? `http_${res.statusCode}` : res.writableFinished ? 'ok' : 'closed_early');
  span.setAttribute(Attr.outcome, outcome);
  span.setAttribute(Attr.httpStatusCode, res.statusCode);
  // `initialize` learns its session id from the response.
  const sessionId = headerValue(res.getHeader('mcp-session-id') as string | undefined);
  if (sessionId) span.setAttribute(Attr.mcpSession, sessionId);
  if (exchange?.era) span.setAttribute(Attr.mcpProtocolVersion, exchange.era);
  const error = errorOfOutcome(outcome);
  if (error) {
    span.setAttribute(Attr.errorType, error.type);
    if (error.code) span.setAttribute(Attr.rpcStatusCode, error.code);
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}
