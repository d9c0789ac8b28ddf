import type { Request } from 'express';

/** Bytes of a consent form: one field. */
const LIMIT = 2 * 1024;

/** The urlencoded body of a small form (or what a body parser of the app already read). */
export async function readFormBody(req: Request): Promise<URLSearchParams> {
  const parsed: unknown = req.body;
  if (parsed && typeof parsed === 'object') return new URLSearchParams(parsed as Record<string, string>);
  if (!req.readable || !/^application\/x-www-form-urlencoded\b/i.test(req.headers['content-type'] ?? '')) {
    return new URLSearchParams();
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    received += chunk.length;
    if (received > LIMIT) throw new Error('the form is too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}
