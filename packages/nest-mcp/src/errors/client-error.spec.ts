import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  InternalServerErrorException,
  NotFoundException,
  PayloadTooLargeException,
  UnauthorizedException,
} from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { ProtocolError, ResourceNotFoundError, SdkError, SdkErrorCode } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { ToolError } from '../protocol/handler-errors.js';
import { StoreUnavailableError } from '../stores/store-unavailable.error.js';
import { TaskLimitError } from '../stores/tasks/task-store.errors.js';
import { asProtocolError, clientErrorOf, refusal, refusesCall } from './client-error.js';
import { JsonRpcCode } from './json-rpc-codes.js';
import { McpRefusal, REFUSALS, type RefusalKind } from './refusals.js';

describe('clientErrorOf: what a client sees for each kind of error', () => {
  it.each([
    ['a guard refusal (ForbiddenException)', new ForbiddenException(), 403, JsonRpcCode.Forbidden],
    ['an UnauthorizedException', new UnauthorizedException(), 401, JsonRpcCode.Unauthorized],
    ['throttling (ThrottlerException)', new ThrottlerException(), 429, JsonRpcCode.TooManyRequests],
    [
      'a validation failure (BadRequestException)',
      new BadRequestException('name: required'),
      400,
      JsonRpcCode.InvalidParams,
    ],
    ['a NotFoundException', new NotFoundException('no note 7'), 404, JsonRpcCode.InvalidParams],
    ['a PayloadTooLargeException', new PayloadTooLargeException(), 413, JsonRpcCode.PayloadTooLarge],
    ['any other 4xx (ConflictException)', new ConflictException(), 409, JsonRpcCode.InvalidRequest],
    ['the store unavailable', new StoreUnavailableError('session lookup'), 503, JsonRpcCode.ServiceUnavailable],
    ['a task past its principal’s bound', new TaskLimitError(2, 'principal'), 429, JsonRpcCode.TooManyRequests],
    ['a resource not found (the SDK’s)', new ResourceNotFoundError('x://y'), 400, JsonRpcCode.InvalidParams],
  ])('%s: HTTP %i and its code', (_name, error, httpStatus, code) => {
    expect(clientErrorOf(error)).toMatchObject({ httpStatus, code });
    expect(clientErrorOf(error).unexpected).toBeUndefined();
  });

  it.each(Object.keys(REFUSALS) as RefusalKind[])(
    "gives this package's %s refusal its status, code and headers",
    (kind) => {
      const seen = clientErrorOf(new McpRefusal(kind, 'no', { 'Retry-After': '5' }));
      expect(seen).toEqual({ kind, ...REFUSALS[kind], message: 'no', headers: { 'Retry-After': '5' } });
      expect(new McpRefusal(kind, 'no').getStatus()).toBe(REFUSALS[kind].httpStatus);
    },
  );

  it('tells a session not found (the SDK transport’s -32001) from anything else not found', () => {
    expect(refusal('sessionNotFound', 'Session not found')).toMatchObject({ httpStatus: 404, code: -32001 });
    expect(clientErrorOf(new NotFoundException()).code).not.toBe(JsonRpcCode.SessionNotFound);
  });

  it('says the store is unavailable without naming the operation, and when to come back', () => {
    const seen = clientErrorOf(new StoreUnavailableError('EVALSHA mcp:session:abc'));
    expect(seen.message).not.toContain('EVALSHA');
    expect(seen.headers).toEqual({ 'Retry-After': '1' });
  });

  it('passes a protocol error on as itself, or clipped when it quotes input at length', () => {
    const short = new ResourceNotFoundError('x://y');
    expect(asProtocolError(clientErrorOf(short), short)).toBe(short);
    const long = new ProtocolError(JsonRpcCode.InvalidParams, `Unknown: ${'a'.repeat(5000)}`, {
      uri: 'b'.repeat(5000),
    });
    const clipped = asProtocolError(clientErrorOf(long), long);
    expect(clipped.code).toBe(JsonRpcCode.InvalidParams);
    expect(clipped.message.length).toBeLessThan(600);
    expect(JSON.stringify(clipped.data).length).toBeLessThan(600);
  });

  it('shows the message of a ToolError and of the SDK’s own errors, as internal errors', () => {
    expect(clientErrorOf(new ToolError('the note is locked'))).toMatchObject({
      code: JsonRpcCode.InternalError,
      message: 'the note is locked',
    });
    const sdk = new SdkError(SdkErrorCode.RequestTimeout, 'Request timed out');
    expect(clientErrorOf(sdk)).toMatchObject({ code: JsonRpcCode.InternalError, message: 'Request timed out' });
  });

  it.each([
    ['an unexpected error', new Error('connect ECONNREFUSED password=hunter2')],
    ['a 5xx HttpException', new InternalServerErrorException('db password=hunter2')],
  ])('never shows %s: a generic message, marked for the log', (_name, error) => {
    expect(clientErrorOf(error)).toEqual({
      kind: 'internal',
      httpStatus: 500,
      code: JsonRpcCode.InternalError,
      message: 'Internal error',
      unexpected: true,
    });
    expect(clientErrorOf(error, 'prompt draft').message).toBe('prompt draft failed');
  });
});

describe('refusesCall: which failures of a tool refuse the call rather than being its result', () => {
  it.each([
    [new ForbiddenException(), true],
    [new UnauthorizedException(), true],
    [new ThrottlerException(), true],
    [new StoreUnavailableError('x'), true],
    [new TaskLimitError(2, 'principal'), true],
    [new BadRequestException(), false],
    [new NotFoundException(), false],
    [new ToolError('x'), false],
    [new Error('x'), false],
  ])('%s: %s', (error, refuses) => {
    expect(refusesCall(clientErrorOf(error))).toBe(refuses);
  });
});
