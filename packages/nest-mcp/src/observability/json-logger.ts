import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { scrubSecrets } from './scrub-secrets.js';

/** Nest's level names as log pipelines (Loki, Elastic, Datadog) read them. */
const LEVEL_NAMES: Record<LogLevel, string> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

/** The fields every line has; a record logged as an object adds its own beside them. */
const COMMON_FIELDS = new Set(['time', 'level', 'msg', 'context', 'trace_id', 'span_id']);

/**
 * One JSON object per line on stdout, the same flat schema for every line, Nest's own included:
 * `time` (ISO 8601), `level` (`info`, `warn`, `error`, `debug`, `trace`, `fatal`), `msg` (always a
 * string), `context` (the logger's), `trace_id` and `span_id` while an OpenTelemetry span is active,
 * and, for a record logged as an object, its fields at the top level (a string `msg` of its own is
 * the line's message). Errors are logged by name and message only: never a stack, and credentials
 * in URLs or `Bearer` headers are masked. `runMcpApp` uses it when `LOG_FORMAT=json` (the default
 * under `NODE_ENV=production`); pass it as `logger` to `createMcpApplication` to get the same lines.
 */
export class McpJsonLogger extends ConsoleLogger {
  constructor(options: Omit<ConsoleLoggerOptions, 'json' | 'colors'> = {}) {
    super({ ...options, json: false, colors: false });
  }

  protected override printMessages(messages: unknown[], context = '', logLevel: LogLevel = 'log'): void {
    for (const message of messages)
      process.stdout.write(`${this.serialize(this.lineOf(message, context, logLevel))}\n`);
  }

  /** A field JSON cannot hold (a BigInt, a cycle) costs the line its fields, never the line. */
  private serialize(line: Record<string, unknown>): string {
    try {
      return JSON.stringify(line);
    } catch {
      const { time, level, msg, context: logContext, trace_id, span_id } = line;
      return JSON.stringify({ time, level, msg, context: logContext, trace_id, span_id, unserializable: true });
    }
  }

  /** A stack is never printed: it is noise to a pipeline and can carry what it should not. */
  protected override printStackTrace(): void {}

  private lineOf(message: unknown, logContext: string, logLevel: LogLevel): Record<string, unknown> {
    const line: Record<string, unknown> = {
      time: new Date().toISOString(),
      level: LEVEL_NAMES[logLevel] ?? logLevel,
      msg: '',
    };
    if (logContext) line.context = logContext;
    const spanContext = trace.getSpan(context.active())?.spanContext();
    if (spanContext && isSpanContextValid(spanContext)) {
      line.trace_id = spanContext.traceId;
      line.span_id = spanContext.spanId;
    }
    if (message instanceof Error) {
      line.msg = scrubSecrets(`${message.name}: ${message.message}`);
      line.error_type = message.name;
    } else if (typeof message === 'object' && message !== null) {
      for (const [key, value] of Object.entries(message)) {
        if (key === 'msg' && typeof value === 'string') line.msg = scrubSecrets(value);
        else if (!COMMON_FIELDS.has(key)) line[key] = value;
      }
    } else {
      line.msg = scrubSecrets(String(message));
    }
    return line;
  }
}
