import { Catch, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { clientErrorOf } from '../errors/client-error.js';
import { sendClientError } from './json-rpc-response.js';
import { describe } from '../protocol/handler-failure.js';

/**
 * Every refusal on the MCP endpoint (auth, throttling, origin checks, a
 * user's guard) leaves as the HTTP status and JSON-RPC error that
 * `clientErrorOf` gives it, the same code a dispatcher gives the same error;
 * anything unexpected is a 500 with a generic message, logged without its stack.
 */
@Catch()
export class McpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('McpEndpoint');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const seen = clientErrorOf(exception);
    if (seen.unexpected) this.logger.error(`unexpected failure: ${describe(exception)}`);
    const headers = bodyStillComing(http.getRequest<Request>())
      ? { ...seen.headers, connection: 'close' }
      : seen.headers;
    sendClientError(http.getResponse<Response>(), seen, headers);
  }
}

/**
 * A request refused from its headers whose body has not all arrived: the
 * connection closes after the answer, so the rest of the body is not waited for.
 */
const bodyStillComing = (req: Request): boolean => !req.complete;
