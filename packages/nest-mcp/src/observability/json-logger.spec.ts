import { Logger } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import { StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { McpJsonLogger } from './json-logger.js';

/** Every line the logger writes to stdout during `act`, parsed (each must be one JSON object). */
function linesOf(act: () => void): Record<string, unknown>[] {
  const written: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    written.push(String(chunk));
    return true;
  });
  try {
    act();
  } finally {
    spy.mockRestore();
  }
  const text = written.join('');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .slice(0, -1)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('McpJsonLogger', () => {
  const logger = new McpJsonLogger();

  it('writes a string as one flat line: ISO time, level name, msg, context', () => {
    const [line] = linesOf(() => logger.log('Nest application successfully started', 'NestApplication'));
    expect(line).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      level: 'info',
      msg: 'Nest application successfully started',
      context: 'NestApplication',
    });
  });

  it('names every Nest level as pipelines read it', () => {
    const all = new McpJsonLogger({ logLevels: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] });
    const levels = linesOf(() => {
      all.fatal('f');
      all.error('e');
      all.warn('w');
      all.log('l');
      all.debug('d');
      all.verbose('v');
    }).map((line) => line.level);
    expect(levels).toEqual(['fatal', 'error', 'warn', 'info', 'debug', 'trace']);
  });

  it("puts an object's fields at the top level, its msg as the line's, and keeps the common fields its own", () => {
    const [line] = linesOf(() =>
      logger.log({ msg: 'tools/call x -> 200 ok', request_id: 'r1', http_status: 200, level: 'spoofed' }, 'McpRequest'),
    );
    expect(line).toMatchObject({ level: 'info', msg: 'tools/call x -> 200 ok', context: 'McpRequest' });
    expect(line).toMatchObject({ request_id: 'r1', http_status: 200 });
    expect(line).not.toHaveProperty('message');
  });

  it('writes an error on one line, without its stack, with credentials masked', () => {
    const error = new Error('connect failed: redis://:hunter2@cache:6379 (Authorization: Bearer abc.def.ghi)');
    const lines = linesOf(() => {
      logger.error(error);
      logger.error('request failed: redis://admin:hunter2@cache:6379', error.stack, 'ExceptionsHandler');
    });
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ level: 'error', error_type: 'Error' });
    expect(lines[1]).toMatchObject({ level: 'error', context: 'ExceptionsHandler' });
    const text = JSON.stringify(lines);
    expect(text).not.toContain('hunter2');
    expect(text).not.toContain('abc.def.ghi');
    expect(text).not.toContain('json-logger.spec');
    expect(lines[0].msg).toBe(
      'Error: connect failed: redis://[redacted]@cache:6379 (Authorization: Bearer [redacted])',
    );
  });

  it('still writes the line when a field cannot be serialized', () => {
    const [line] = linesOf(() => logger.log({ msg: 'odd', count: 1n }, 'X'));
    expect(line).toMatchObject({ level: 'info', msg: 'odd', context: 'X', unserializable: true });
  });

  it("goes through Nest's Logger once it is the app's logger", () => {
    Logger.overrideLogger(logger);
    const [line] = linesOf(() => new Logger('RoutesResolver').log('McpController {/mcp}:'));
    Logger.overrideLogger(true);
    expect(line).toMatchObject({ level: 'info', msg: 'McpController {/mcp}:', context: 'RoutesResolver' });
  });

  describe('while an OpenTelemetry span is active', () => {
    const provider = new TracerProvider();
    beforeEach(() => {
      context.setGlobalContextManager(new StackContextManager().enable());
      trace.setGlobalTracerProvider(provider);
    });
    afterEach(() => {
      trace.disable();
      context.disable();
    });

    it('adds trace_id and span_id, and only then', () => {
      const tracer = trace.getTracer('json-logger.spec');
      let ids: { traceId: string; spanId: string } | undefined;
      const [inside] = linesOf(() =>
        tracer.startActiveSpan('exchange', (span) => {
          ids = span.spanContext();
          logger.log('inside');
          span.end();
        }),
      );
      expect(ids?.traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(inside).toMatchObject({ msg: 'inside', trace_id: ids!.traceId, span_id: ids!.spanId });
      const [outside] = linesOf(() => logger.log('outside'));
      expect(outside).not.toHaveProperty('trace_id');
      expect(outside).not.toHaveProperty('span_id');
    });
  });
});
