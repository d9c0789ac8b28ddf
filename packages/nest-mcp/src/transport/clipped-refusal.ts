import { clipStrings, MESSAGE_CHARS } from '../errors/clip.js';

/**
 * The SDK's refusals (a header that disagrees with the body, an unsupported
 * revision) quote the request: one that would send a client's megabyte back
 * leaves with its strings clipped. Refusals are short and rare; answers are
 * never read here.
 */
export async function clippedRefusal(response: globalThis.Response): Promise<globalThis.Response> {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('json')) return response;
  const text = await response.text();
  const headers = new Headers(response.headers);
  const body = text.length <= MESSAGE_CHARS ? undefined : parsedOrUndefined(text);
  if (body === undefined) return new globalThis.Response(text, { status: response.status, headers });
  headers.delete('content-length');
  return globalThis.Response.json(clipStrings(body), { status: response.status, headers });
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
