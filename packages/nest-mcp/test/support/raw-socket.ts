import { connect, type Socket } from 'node:net';

/** A hand-driven HTTP/1.1 connection: send what you like, read what comes back, see when it closes. */
export class RawSocket {
  received = '';
  closed = false;
  private readonly socket: Socket;
  private readonly whenClosed: Promise<void>;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (this.received += chunk));
    socket.on('error', () => undefined);
    this.whenClosed = new Promise((resolve) =>
      socket.once('close', () => {
        this.closed = true;
        resolve();
      }),
    );
  }

  static open(port: number): Promise<RawSocket> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1' }, () => resolve(new RawSocket(socket)));
      socket.once('error', reject);
    });
  }

  write(data: string | Buffer): boolean {
    return this.socket.write(data);
  }

  /** Waits until the bytes received so far hold `pattern`, or `timeoutMs` passes (then rejects). */
  async waitFor(pattern: RegExp, timeoutMs = 3_000): Promise<string> {
    const started = Date.now();
    while (!pattern.test(this.received)) {
      if (Date.now() - started > timeoutMs)
        throw new Error(`timed out waiting for ${pattern}; got: ${this.received.slice(0, 300)}`);
      if (this.closed && !pattern.test(this.received))
        throw new Error(`closed before ${pattern}; got: ${this.received.slice(0, 300)}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return this.received;
  }

  /** Resolves true once the server closed the connection, false if `timeoutMs` passed first. */
  async waitClosed(timeoutMs: number): Promise<boolean> {
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
    return Promise.race([this.whenClosed.then(() => true as const), timeout]);
  }

  /** Stops reading: whatever the server sends piles up in its own buffers. */
  pause(): void {
    this.socket.pause();
  }

  /** Reads again (a paused socket does not even notice that the server closed it). */
  resume(): void {
    this.socket.resume();
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** The head of a POST to `path` whose body is announced but not (yet) sent. */
export function postHead(
  port: number,
  path: string,
  contentLength: number,
  headers: Record<string, string> = {},
): string {
  const lines = [
    `POST ${path} HTTP/1.1`,
    `Host: 127.0.0.1:${port}`,
    'Content-Type: application/json',
    'Accept: application/json, text/event-stream',
    `Content-Length: ${contentLength}`,
    ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n`;
}
