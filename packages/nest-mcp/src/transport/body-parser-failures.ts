import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import { refusal } from '../errors/client-error.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { sendBodyTooLarge, sendClientError, sendNotJson } from './json-rpc-response.js';

/** What body-parser (Express's, which Nest's body parser is) attaches to the errors it raises. */
interface BodyParserError {
  status: number;
  type: string;
  limit?: number;
}

const isBodyParserError = (error: unknown): error is BodyParserError => {
  const { status, type } = (error ?? {}) as Partial<BodyParserError>;
  return typeof type === 'string' && typeof status === 'number' && status >= 400 && status < 500;
};

/**
 * In an app that keeps Nest's JSON body parser on (plain `NestFactory.create`),
 * a body the parser refuses never reaches the endpoint: Express hands the error
 * to Nest's exception handler, which answers `{ statusCode, message }`. On the
 * MCP endpoint's path (under any global prefix), this answers it as a JSON-RPC
 * error instead, as the endpoint's own reader would: 413 past the parser's
 * limit, 400 ParseError for JSON that does not parse. Other paths are left to Nest.
 *
 * An Express error handler, added when the module initialises: after the
 * app's routes and middleware, before Nest's own exception handler.
 */
@Injectable()
export class BodyParserFailures implements OnModuleInit {
  private readonly path: string;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_OPTIONS) options: ResolvedMcpOptions,
  ) {
    this.path = `/${options.path.replace(/^\/+|\/+$/g, '')}`;
  }

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (adapter?.getType() !== 'express') return;
    adapter.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
      if (!isBodyParserError(error) || !this.isEndpoint(req)) return next(error);
      if (error.type === 'entity.too.large') return sendBodyTooLarge(res, error.limit ?? 'the limit of');
      if (error.type === 'entity.parse.failed') return sendNotJson(res);
      sendClientError(res, refusal('invalidRequest', 'Invalid Request: the body could not be read'));
    });
  }

  private isEndpoint(req: Request): boolean {
    const path = req.path.length > 1 ? req.path.replace(/\/+$/, '') : req.path;
    return path === this.path || path.endsWith(this.path);
  }
}
