import { CookieJar } from './cookie-jar.js';
import { parseForms, parseLinks, textOf, type FormButton, type HtmlForm } from './html-forms.js';

/** Words that mark the refusing choice of a consent page (button label/name/value, or link). */
const DENY = /\b(deny|reject|decline|cancel|abort)\b/i;
const MAX_REQUESTS = 30;

interface PendingRequest {
  url: URL;
  method: 'GET' | 'POST';
  body?: URLSearchParams;
  /** The page that sent it (its origin goes in `Origin`, as a browser's form post does). */
  from?: URL;
}

export interface ScriptedBrowserOptions {
  /** Login name typed into a sign-in form (the dev IdP's subject). Default `alice`. */
  login?: string;
  /** `false`: on a consent page, choose "deny"/"cancel" (a button, or a link) instead of approving. */
  approve?: boolean;
}

/**
 * A user agent for headless sign-in: a cookie jar (by host name, as browsers keep them),
 * redirects followed one by one, and forms filled and submitted. It renders nothing and runs no
 * script: a page must work as plain HTML forms and links, as server-rendered sign-in pages do.
 */
export class ScriptedBrowser {
  /** Every URL requested, in order (not the final one `authorize` returns, which is never fetched). */
  readonly visited: URL[] = [];
  readonly cookies = new CookieJar();
  private readonly login: string;
  private readonly approve: boolean;

  constructor(options: ScriptedBrowserOptions = {}) {
    this.login = options.login ?? 'alice';
    this.approve = options.approve ?? true;
  }

  /**
   * Opens `url`, then follows redirects and walks sign-in and consent pages until the next URL
   * starts with `until`, and returns that URL unfetched. Throws, naming the last page's status
   * and an excerpt, when a page offers nothing to do (an error page), or after 30 requests.
   */
  async authorize(url: string | URL, until: string): Promise<URL> {
    let request: PendingRequest = { url: new URL(url), method: 'GET' };
    for (let count = 0; count < MAX_REQUESTS; count++) {
      if (request.url.href.startsWith(until)) return request.url;
      const response = await this.send(request);
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel();
        const keepsMethod = response.status === 307 || response.status === 308;
        request = keepsMethod
          ? { ...request, url: new URL(location, request.url) }
          : { url: new URL(location, request.url), method: 'GET' };
        continue;
      }
      const html = await response.text();
      const next = this.nextStep(html, request.url);
      if (!next) throw stuck(request, response.status, html);
      request = next;
    }
    throw new Error(`ScriptedBrowser: no redirect to ${until} after ${MAX_REQUESTS} requests (a loop?)`);
  }

  private async send({ url, method, body, from }: PendingRequest): Promise<Response> {
    this.visited.push(url);
    const headers: Record<string, string> = {
      accept: 'text/html,*/*;q=0.8',
      'user-agent': 'nest-mcp-scripted-browser',
    };
    const cookie = this.cookies.header(url);
    if (cookie) headers.cookie = cookie;
    if (method === 'POST' && from) headers.origin = from.origin;
    let response: Response;
    try {
      response = await fetch(url, { method, body, headers, redirect: 'manual', signal: AbortSignal.timeout(5_000) });
    } catch (error) {
      throw new Error(
        `ScriptedBrowser could not load ${method} ${url.href}: ${String((error as Error).cause ?? error)}`,
      );
    }
    this.cookies.store(url, response);
    return response;
  }

  /** What a user would do on this page: sign in, else deny (if told to), else approve. */
  private nextStep(html: string, page: URL): PendingRequest | undefined {
    const forms = parseForms(html, page);
    const signIn = forms.find((form) => form.fields.some((field) => field.type === 'password'));
    if (signIn)
      return this.submit(
        signIn,
        signIn.buttons.find((button) => !isDeny(button)),
        page,
      );
    if (!this.approve) {
      for (const form of forms) {
        const deny = form.buttons.find(isDeny);
        if (deny) return this.submit(form, deny, page);
      }
      const link = parseLinks(html, page).find((candidate) => DENY.test(candidate.label));
      if (link) return { url: link.href, method: 'GET' };
      return undefined;
    }
    // An approving button; a form with no button at all is an auto-submitting one (form_post).
    for (const form of forms) {
      const approve = form.buttons.find((button) => !isDeny(button));
      if (approve || form.buttons.length === 0) return this.submit(form, approve, page);
    }
    return undefined;
  }

  private submit(form: HtmlForm, button: FormButton | undefined, page: URL): PendingRequest {
    const values = new URLSearchParams();
    for (const field of form.fields) {
      if (field.type === 'password') values.append(field.name, 'any-password');
      else if (['text', 'email'].includes(field.type) && !field.value) values.append(field.name, this.login);
      else values.append(field.name, field.value);
    }
    if (button?.name) values.append(button.name, button.value ?? '');
    if (form.method === 'POST') return { url: form.action, method: 'POST', body: values, from: page };
    const url = new URL(form.action);
    url.search = values.toString();
    return { url, method: 'GET' };
  }
}

function isDeny(button: FormButton): boolean {
  return DENY.test(`${button.label} ${button.name ?? ''} ${button.value ?? ''}`);
}

function stuck(request: PendingRequest, status: number, html: string): Error {
  const excerpt = textOf(html).slice(0, 300);
  return new Error(
    `ScriptedBrowser stuck at ${request.method} ${request.url.href}: HTTP ${status}, nothing to submit: "${excerpt}"`,
  );
}
