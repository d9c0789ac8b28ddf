import { Inject, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { nestsDeeperThan, valueNestsDeeperThan } from './json-depth.js';
import { refusal } from '../errors/client-error.js';
import { sendBodyTooLarge, sendClientError, sendNotJson, sendTooDeep } from './json-rpc-response.js';

const BODY_BYTES = Symbol('mcp.bodyBytes');
type SizedRequest = Request & { [BODY_BYTES]?: number };

/** The size in bytes of the request's body as it arrived (its declared length if another parser read it). */
export function bodyBytesOf(req: Request): number {
  return (req as SizedRequest)[BODY_BYTES] ?? (Number(req.headers['content-length']) || 0);
}

/**
 * Reads and parses the MCP endpoint's JSON body once, with a size limit, so
 * that oversized and malformed bodies get JSON-RPC errors (413, 400 parse error)
 * and every later step shares the one parsed value. It runs after the
 * endpoint's guards (drain, Host/Origin, authentication, rate limit): a
 * request they refuse is answered from its headers and its body is never read.
 */
@Injectable()
export class McpBodyReader {
  private readonly limit: number;

  constructor(@Inject(MCP_OPTIONS) options: ResolvedMcpOptions) {
    this.limit = options.maxRequestBodyBytes;
  }

  /** Resolves true once `req.body` holds the parsed body, false when the request was answered instead. */
  read(req: Request, res: Response): Promise<boolean> | boolean {
    if (req.method !== 'POST') return true;
    // A body parser the app kept on (plain `NestFactory.create`) already did the work, before the guards.
    if (req.body !== undefined || req.readableEnded) return !valueNestsDeeperThan(req.body) || this.tooDeep(res);
    const declared = Number(req.headers['content-length']);
    if (declared > this.limit) return this.tooLarge(req, res);
    return new Promise((resolve) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const onData = (chunk: Buffer) => {
        size += chunk.length;
        if (size <= this.limit) return void chunks.push(chunk);
        req.off('data', onData);
        resolve(this.tooLarge(req, res));
      };
      const onError = () => {
        sendClientError(res, refusal('parseError', 'Parse error: the body could not be read'));
        resolve(false);
      };
      req.on('data', onData);
      req.once('end', () => {
        if (size > this.limit) return;
        // The request of a stream lives as long as the stream: it keeps no listener, nor the body's bytes.
        req.off('data', onData);
        req.off('error', onError);
        // Most bodies arrive in one chunk: decode it as is rather than copy it into a new buffer first.
        const text = (chunks.length === 1 ? chunks[0] : Buffer.concat(chunks)).toString('utf8');
        (req as SizedRequest)[BODY_BYTES] = size;
        resolve(this.parse(req, res, text));
      });
      req.on('error', onError);
    });
  }

  private parse(req: Request, res: Response, text: string): boolean {
    if (nestsDeeperThan(text)) return this.tooDeep(res);
    try {
      req.body = text.length === 0 ? undefined : JSON.parse(text);
      return true;
    } catch {
      sendNotJson(res);
      return false;
    }
  }

  private tooDeep(res: Response): false {
    sendTooDeep(res);
    return false;
  }

  /** The rest of an oversized body is discarded as it comes (never kept), and the connection closes after the answer. */
  private tooLarge(req: Request, res: Response): false {
    sendBodyTooLarge(res, this.limit, { connection: 'close' });
    req.resume();
    return false;
  }
}
