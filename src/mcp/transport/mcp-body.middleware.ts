import { Inject, Injectable, type NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { MAX_JSON_DEPTH, nestsDeeperThan } from './json-depth.js';
import { sendJsonRpcError } from './json-rpc-response.js';

export const DEFAULT_MAX_BODY_BYTES = 4 * 1024 * 1024;

/**
 * Reads and parses the MCP endpoint's JSON body once, with a size limit, so
 * that oversized and malformed bodies get JSON-RPC errors (413, 400 -32700)
 * and every later step shares the one parsed value.
 */
@Injectable()
export class McpBodyMiddleware implements NestMiddleware {
  private readonly limit: number;

  constructor(@Inject(MCP_MODULE_OPTIONS) options: McpModuleOptions) {
    this.limit = options.maxRequestBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  }

  use(req: Request, res: Response, next: NextFunction): void {
    // A body parser the app kept on already did the work.
    if (req.method !== 'POST' || req.body !== undefined || req.readableEnded) return next();
    const declared = Number(req.headers['content-length']);
    if (declared > this.limit) return this.tooLarge(req, res);
    const chunks: Buffer[] = [];
    let size = 0;
    let refused = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > this.limit && !refused) {
        refused = true;
        this.tooLarge(req, res);
      }
      if (!refused) chunks.push(chunk);
    });
    req.on('end', () => {
      if (refused) return;
      // Most bodies arrive in one chunk: decode it as is rather than copy it into a new buffer first.
      const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
      if (nestsDeeperThan(text)) {
        return sendJsonRpcError(res, 400, -32600, `Invalid Request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`);
      }
      try {
        req.body = text.length === 0 ? undefined : JSON.parse(text);
      } catch {
        return sendJsonRpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
      }
      next();
    });
    req.on('error', () => sendJsonRpcError(res, 400, -32700, 'Parse error: the body could not be read'));
  }

  private tooLarge(req: Request, res: Response): void {
    sendJsonRpcError(res, 413, -32600, `Request body exceeds ${this.limit} bytes`, { connection: 'close' });
    req.resume();
  }
}
