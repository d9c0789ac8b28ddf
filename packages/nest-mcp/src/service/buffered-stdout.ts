import { writeSync } from 'node:fs';

/**
 * Makes log output cheap on the hot path: lines written to stdout during one
 * turn of the event loop leave in a single write at the next turn, instead
 * of one write call per line. Whatever is pending is flushed synchronously
 * when the process exits, so no line is lost on shutdown.
 */
export function bufferStdout(stream: NodeJS.WriteStream & { fd: number } = process.stdout): void {
  const write = stream.write.bind(stream) as (chunk: string) => boolean;
  let pending: string[] = [];
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    if (pending.length === 0) return;
    const data = pending.join('');
    pending = [];
    write(data);
  };
  stream.write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
    pending.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
    const done = typeof encoding === 'function' ? encoding : callback;
    if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
    return true;
  }) as NodeJS.WriteStream['write'];
  process.once('exit', () => {
    if (pending.length > 0) writeSync(stream.fd, pending.join(''));
    pending = [];
  });
}
