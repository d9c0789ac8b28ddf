interface Cookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt?: number;
}

/**
 * A browser's cookie store, as RFC 6265 has it: host-only cookies keyed by host name and path,
 * and, as in every browser, not by port. The bridge and the upstream IdP both on 127.0.0.1 share
 * this jar exactly as they would in a developer's browser (same-named cookies collide there too).
 */
export class CookieJar {
  private cookies: Cookie[] = [];

  /** Records the `Set-Cookie` headers of a response to `url`. */
  store(url: URL, response: Response): void {
    for (const header of response.headers.getSetCookie()) {
      const cookie = parseSetCookie(header, url);
      if (!cookie) continue;
      this.cookies = this.cookies.filter(
        (c) => !(c.name === cookie.name && c.host === cookie.host && c.path === cookie.path),
      );
      if (cookie.expiresAt === undefined || cookie.expiresAt > Date.now()) this.cookies.push(cookie);
    }
  }

  /** The `Cookie` header a browser sends to `url`, or undefined. */
  header(url: URL): string | undefined {
    const now = Date.now();
    this.cookies = this.cookies.filter((c) => c.expiresAt === undefined || c.expiresAt > now);
    const sent = this.cookies
      .filter((c) => c.host === url.hostname && pathMatches(url.pathname, c.path))
      .sort((a, b) => b.path.length - a.path.length); // longer paths first, as RFC 6265 5.4 orders them
    return sent.length ? sent.map((c) => `${c.name}=${c.value}`).join('; ') : undefined;
  }

  /** Names of the cookies held for a host (for tests and stuck-page reports). */
  names(hostname: string): string[] {
    return this.cookies.filter((c) => c.host === hostname).map((c) => c.name);
  }
}

function parseSetCookie(header: string, url: URL): Cookie | undefined {
  const [pair, ...attributes] = header.split(';');
  const eq = pair.indexOf('=');
  if (eq <= 0) return undefined;
  const cookie: Cookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim(),
    host: url.hostname,
    path: defaultPath(url.pathname),
  };
  for (const attribute of attributes) {
    const [key, ...rest] = attribute.split('=');
    const value = rest.join('=').trim();
    switch (key.trim().toLowerCase()) {
      case 'path':
        if (value.startsWith('/')) cookie.path = value;
        break;
      case 'max-age':
        cookie.expiresAt = Date.now() + Number(value) * 1000;
        break;
      case 'expires':
        cookie.expiresAt ??= Date.parse(value);
        break;
    }
  }
  return cookie;
}

// RFC 6265 5.1.4: the directory of the request path.
function defaultPath(pathname: string): string {
  const slash = pathname.lastIndexOf('/');
  return slash <= 0 ? '/' : pathname.slice(0, slash);
}

function pathMatches(requestPath: string, cookiePath: string): boolean {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}
