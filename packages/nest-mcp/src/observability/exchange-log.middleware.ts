import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ExchangeLog } from './exchange-log.service.js';
import { traceExchange } from './tracing/exchange-span.js';

/** Starts the record (and, when tracing, the span) of every exchange with the MCP endpoint, before any guard can refuse it. */
@Injectable()
export class ExchangeLogMiddleware implements NestMiddleware {
  constructor(private readonly exchangeLog: ExchangeLog) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.exchangeLog.begin(req, res);
    traceExchange(req, res);
    next();
  }
}
