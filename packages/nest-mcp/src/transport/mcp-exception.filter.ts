import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { McpHttpException } from '../auth/mcp-http.exception.js';
import { sendJsonRpcError } from './json-rpc-response.js';
import { describe } from '../protocol/handler-failure.js';
import { StoreUnavailableError } from '../stores/store-unavailable.error.js';

const CODE_BY_STATUS: Record<number, number> = {
  401: -32001,
  403: -32003,
  404: -32001,
  429: -32029,
};

/**
 * Every refusal on the MCP endpoint (auth, throttling, origin checks) leaves
 * as its HTTP status with a JSON-RPC error body; anything unexpected is a
 * 500 with a generic message, logged without its stack.
 */
@Catch()
export class McpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('McpEndpoint');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const res = http.getResponse<Response>();
    if (exception instanceof McpHttpException) {
      const headers = bodyStillComing(http.getRequest<Request>())
        ? { ...exception.headers, connection: 'close' }
        : exception.headers;
      return sendJsonRpcError(res, exception.getStatus(), exception.rpcCode, exception.message, headers);
    }
    if (exception instanceof StoreUnavailableError) {
      return sendJsonRpcError(res, 503, -32000, 'Service unavailable: the shared store cannot be reached', {
        'Retry-After': '1',
      });
    }
    if (exception instanceof HttpException && exception.getStatus() < 500) {
      const status = exception.getStatus();
      return sendJsonRpcError(res, status, CODE_BY_STATUS[status] ?? -32600, exception.message);
    }
    this.logger.error(`unexpected failure: ${describe(exception)}`);
    sendJsonRpcError(res, 500, -32603, 'Internal error');
  }
}

/**
 * A request refused from its headers whose body has not all arrived: the
 * connection closes after the answer, so the rest of the body is not waited for.
 */
const bodyStillComing = (req: Request): boolean => !req.complete;
