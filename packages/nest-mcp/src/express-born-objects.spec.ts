import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInThisContext } from 'node:vm';
import express from 'express';
import { afterEach, describe, expect, it } from 'vitest';
import { bornWithExpressPrototypes } from './express-born-objects.js';

// V8's own verdict on an object's shape (dictionary-mode properties are what this module avoids),
// compiled once the flag that allows it is on.
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = runInThisContext('(object) => %HasFastProperties(object)') as (object: object) => boolean;

describe('bornWithExpressPrototypes', () => {
  const servers: http.Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
  });

  /** Serves one route that reports what Express's objects look like, and calls it. */
  async function probe(prepare: (server: http.Server, app: express.Express) => boolean) {
    const app = express();
    const seen: Record<string, boolean> = {};
    app.post('/probe', (req, res) => {
      seen.requestPrototype = Object.getPrototypeOf(req) === app.request;
      seen.responsePrototype = Object.getPrototypeOf(res) === app.response;
      seen.fastRequest = hasFastProperties(req);
      seen.fastResponse = hasFastProperties(res);
      // Express's own helpers and Node's stream behaviour both still work.
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () =>
        res.status(201).json({ ip: req.ip, header: req.get('x-probe'), body: Buffer.concat(chunks).toString() }),
      );
    });
    const server = http.createServer(app);
    servers.push(server);
    const applied = prepare(server, app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/probe`, {
      method: 'POST',
      headers: { 'x-probe': 'yes' },
      body: 'hello',
    });
    return { applied, seen, status: response.status, json: await response.json() };
  }

  it('has the server create requests and responses with the Express prototypes, which keep working', async () => {
    const result = await probe((server, app) => bornWithExpressPrototypes(server, app));
    expect(result.applied).toBe(true);
    expect(result.seen).toEqual({
      requestPrototype: true,
      responsePrototype: true,
      fastRequest: true,
      fastResponse: true,
    });
    expect(result.status).toBe(201);
    expect(result.json).toEqual({ ip: '127.0.0.1', header: 'yes', body: 'hello' });
  });

  it('leaves a server with classes of its own alone', async () => {
    class OwnIncoming extends http.IncomingMessage {}
    const result = await probe((server, app) => {
      const custom = http.createServer({ IncomingMessage: OwnIncoming });
      const slot = Object.getOwnPropertySymbols(custom).find((symbol) => symbol.description === 'IncomingMessage')!;
      (server as unknown as Record<symbol, unknown>)[slot] = OwnIncoming;
      return bornWithExpressPrototypes(server, app);
    });
    expect(result.applied).toBe(false);
    expect(result.status).toBe(201);
    expect(result.json.body).toBe('hello');
  });
});
