import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { ExchangeLog } from './exchange-log.service.js';

/** Starts the record of every exchange with the MCP endpoint, before any guard can refuse it. */
@Injectable()
export class ExchangeLogMiddleware implements NestMiddleware {
  constructor(private readonly exchangeLog: ExchangeLog) {}

  use(req: Request, res: Response, next: NextFunction): void {
    this.exchangeLog.begin(req, res);
    next();
  }
}
