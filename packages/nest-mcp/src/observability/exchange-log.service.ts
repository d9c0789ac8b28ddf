import { randomUUID } from 'node:crypto';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { attachExchange, describeBody, type McpExchange } from './exchange.js';
import { errorCodeLabel, outcomeLabel } from './handler-observer.js';
import { McpMetrics } from './mcp-metrics.service.js';
import { redact } from './redact.js';
import { MODERN_REVISION } from '../transport/era.js';
import { headerValue } from '../transport/header-value.js';
import { clip } from '../errors/clip.js';
import { exchangeSpanContextOf, startExchangeSpan } from './tracing/exchange-span.js';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * One log line and one metric per MCP exchange, whatever ended it (a result,
 * a JSON-RPC error, a refusal by a guard, a dropped stream). Arguments are
 * logged only when `logPayloads` is on, and then with secret keys redacted.
 */
@Injectable()
export class ExchangeLog {
  private readonly logger = new Logger('McpRequest');
  private readonly logPayloads: boolean;
  /** JSON lines carry the record's fields flat; pretty lines are one compact string (cheap to print). */
  private readonly json: boolean;

  constructor(
    private readonly metrics: McpMetrics,
    @Inject(MCP_OPTIONS) options: ResolvedMcpOptions,
  ) {
    this.logPayloads = options.logPayloads;
    this.json = options.logFormat === 'json';
  }

  /** Starts the record: a request id (the client's `x-request-id` if sane), echoed in the response. */
  begin(req: Request, res: Response): McpExchange {
    const given = headerValue(req.headers['x-request-id']);
    const exchange: McpExchange = {
      requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
      startedAt: performance.now(),
    };
    attachExchange(req, exchange);
    res.setHeader('x-request-id', exchange.requestId);
    // The line is written in the context the request arrived in (and, when traced, in its exchange span's).
    const arrival = context.active();
    res.once('close', () => context.with(arrival, () => this.end(req, res, exchange)));
    return exchange;
  }

  private end(req: Request, res: Response, exchange: McpExchange): void {
    const seconds = (performance.now() - exchange.startedAt) / 1000;
    // The body (parsed by then, or refused) says what the exchange was about.
    const body = req.method === 'POST' ? req.body : undefined;
    const described = describeBody(body);
    const method = described.method ?? req.method;
    const era = exchange.era ?? 'unknown';
    const outcome =
      exchange.outcome ??
      (res.statusCode >= 400 ? `http_${res.statusCode}` : res.writableFinished ? 'ok' : 'closed_early');
    const methodLabel = metricMethod(method);
    const labels = { method: methodLabel, era: eraLabel(era) };
    const code = errorCodeLabel(outcome);
    this.metrics.requests.inc({ ...labels, outcome: outcomeLabel(outcome), ...(code && { code }) });
    this.metrics.recordRequest(labels, seconds, exchangeSpanContextOf(req));
    const sessionId = headerValue(req.headers['mcp-session-id']);
    const line: ExchangeLine = {
      request_id: exchange.requestId,
      // Both come from the client's headers: a made-up one is quoted, not copied whole.
      era: clip(era),
      session_id: sessionId && clip(sessionId),
      subject: (req as AuthenticatedRequest).user?.subject,
      http_method: req.method,
      mcp_method: method,
      target: described.target,
      http_status: res.statusCode,
      outcome,
      duration_ms: Math.round(seconds * 10_000) / 10,
      ...(this.logPayloads &&
        body !== undefined && {
          args: redact((body as { params?: { arguments?: unknown } } | null)?.params?.arguments),
        }),
    };
    const message = this.json ? { msg: summary(line), ...line } : `${summary(line)} ${details(line)}`;
    // Its trace_id and span_id are the exchange span's, not the HTTP server span's it runs in.
    const traced = startExchangeSpan(req);
    if (traced) context.with(traced, () => this.write(res.statusCode, message));
    else this.write(res.statusCode, message);
  }

  private write(status: number, message: string | object): void {
    if (status >= 500) this.logger.error(message);
    else if (status >= 400) this.logger.warn(message);
    else this.logger.log(message);
  }
}

/** Known methods keep their name; anything else is one label, so clients cannot blow up cardinality. */
const KNOWN =
  /^(initialize|ping|server\/discover|subscriptions\/listen|tools\/(list|call)|resources\/(list|read|subscribe|unsubscribe|templates\/list)|prompts\/(list|get)|completion\/complete|logging\/setLevel|notifications\/[a-z_/]+|response|GET|DELETE|POST)$/;
const metricMethod = (method: string): string => (KNOWN.test(method) ? method : 'other');

/** Revisions the SDK knows keep their name; a client's made-up date is one label. */
const KNOWN_ERAS = new Set<string>([MODERN_REVISION, ...SUPPORTED_PROTOCOL_VERSIONS, '2025', 'unknown']);
const eraLabel = (era: string): string => (KNOWN_ERAS.has(era) ? era : 'other');

/** One exchange, as logged: flat snake_case fields (JSON lines put them at the top level). */
interface ExchangeLine {
  request_id: string;
  era: string;
  session_id?: string;
  subject?: string;
  http_method: string;
  mcp_method: string;
  target?: string;
  http_status: number;
  outcome: string;
  duration_ms: number;
  args?: unknown;
}

/** `tools/call searchNotes -> 200 ok 1.2ms`: what the exchange was, for a human. */
function summary(line: ExchangeLine): string {
  return `${line.mcp_method}${line.target ? ` ${line.target}` : ''} -> ${line.http_status} ${line.outcome} ${line.duration_ms}ms`;
}

/** `era=… req=… session=… sub=… args=…`: the rest of a pretty line. */
function details(line: ExchangeLine): string {
  return [
    `era=${line.era}`,
    `req=${line.request_id}`,
    line.session_id && `session=${line.session_id}`,
    line.subject && `sub=${line.subject}`,
    line.args !== undefined && `args=${JSON.stringify(line.args)}`,
  ]
    .filter(Boolean)
    .join(' ');
}
