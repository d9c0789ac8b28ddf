import { createHash, randomBytes } from 'node:crypto';
import { CookieJar } from './cookie-jar.js';

export const pkcePair = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

/**
 * A scripted user agent for an oidc-provider with `devInteractions`: follows
 * the redirects of an authorization request, signs in as `login` and
 * consents, and returns the parameters the client's redirect URI receives.
 * Each hop goes to the next of `origins` in turn (instances sharing one
 * store), so a flow begun on one is continued on the others.
 */
export async function authorize(
  origins: string[],
  query: Record<string, string>,
  login: string,
): Promise<URLSearchParams> {
  const jar = new CookieJar();
  let hop = 0;
  const send = async (path: string, init: RequestInit = {}) => {
    const url = new URL(path, origins[hop++ % origins.length]);
    const response = await fetch(url, {
      ...init,
      redirect: 'manual',
      headers: { ...(init.headers as Record<string, string>), cookie: jar.header(url) ?? '' },
      signal: AbortSignal.timeout(5_000),
    });
    jar.store(url, response);
    return response;
  };
  let response = await send(`/auth?${new URLSearchParams(query)}`);
  for (let steps = 0; steps < 12; steps++) {
    const location = response.headers.get('location');
    if (location?.startsWith(query.redirect_uri!)) return new URL(location).searchParams;
    if (location) {
      await response.arrayBuffer();
      response = await send(new URL(location, origins[0]).pathname + new URL(location, origins[0]).search);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    const prompt = /name="prompt" value="(\w+)"/.exec(page)?.[1];
    if (!action || !prompt) throw new Error(`unexpected page (${response.status}): ${page.slice(0, 300)}`);
    const body = new URLSearchParams(prompt === 'login' ? { prompt, login, password: 'any' } : { prompt });
    response = await send(action, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
  }
  throw new Error('the authorization did not reach the redirect URI');
}

/** A token request of a public client; the parsed answer and its status. */
export async function tokenRequest(origin: string, params: Record<string, string>) {
  const response = await fetch(new URL('/token', origin), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(params),
    signal: AbortSignal.timeout(5_000),
  });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
}
