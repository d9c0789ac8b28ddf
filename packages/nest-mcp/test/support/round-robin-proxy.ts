import { createServer, request, type Server } from 'node:http';

/**
 * A plain round-robin balancer on 127.0.0.1, without session affinity: each
 * request goes to the next upstream, as nginx's default upstream does.
 */
export class RoundRobinProxy {
  private server?: Server;
  private next = 0;
  /** Which upstream served each request, in order (for tests to see the spread). */
  readonly served: number[] = [];
  /** The same, with each request's path: which instance answered which step. */
  readonly requests: { upstream: number; path: string }[] = [];

  constructor(private readonly upstreams: number[]) {}

  /** Listens on `listenPort` (a free one by default): the URL of its `/mcp`. */
  async start(listenPort = 0): Promise<URL> {
    this.server = createServer((req, res) => {
      const index = this.next++ % this.upstreams.length;
      this.served.push(index);
      this.requests.push({ upstream: index, path: new URL(req.url ?? '/', 'http://proxy').pathname });
      const upstream = request(
        { host: '127.0.0.1', port: this.upstreams[index], path: req.url, method: req.method, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
        else res.destroy();
      });
      res.on('close', () => upstream.destroy());
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => this.server!.listen(listenPort, '127.0.0.1', resolve));
    const { port } = this.server.address() as { port: number };
    return new URL(`http://127.0.0.1:${port}/mcp`);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}
