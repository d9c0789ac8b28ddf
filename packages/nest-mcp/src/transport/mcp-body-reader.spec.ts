import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveMcpOptions } from '../options/resolve-options.js';
import { McpBodyReader } from './mcp-body-reader.js';

describe('McpBodyReader', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('keeps no listener on a request once its body is in (a stream request lives as long as the stream)', async () => {
    const reader = new McpBodyReader(resolveMcpOptions({ name: 'test', version: '1' }));
    const seen = new Promise<{ body: unknown; listeners: number }>((resolve) => {
      server = createServer((req, res) => {
        void (async () => {
          await reader.read(req as Request, res as Response);
          const { body } = req as Request;
          resolve({
            body,
            listeners: req.listenerCount('data') + req.listenerCount('end') + req.listenerCount('error'),
          });
          res.end();
        })();
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server!.address() as AddressInfo;
    await fetch(`http://127.0.0.1:${port}/`, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"ping"}' });
    expect(await seen).toEqual({ body: { jsonrpc: '2.0', id: 1, method: 'ping' }, listeners: 0 });
  });
});
