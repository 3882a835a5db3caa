/**
 * A minimal browser for tests: real HTTP through fetch, a cookie jar keyed by
 * host name (cookies ignore ports, as in real browsers), redirects handed back
 * to the test one at a time so each hop can be asserted.
 */
export interface Page {
  status: number;
  url: string;
  location: string | undefined;
  headers: Headers;
  body: string;
}

export class Browser {
  private readonly jar = new Map<string, Map<string, string>>();

  /** `timeoutMs`: a request not answered by then fails (a hang), instead of waiting for ever. */
  constructor(private readonly timeoutMs?: number) {}

  cookies(url: string): Map<string, string> {
    const host = new URL(url).hostname;
    let cookies = this.jar.get(host);
    if (cookies === undefined) {
      cookies = new Map();
      this.jar.set(host, cookies);
    }
    return cookies;
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Page> {
    return this.request(url, { method: 'GET', headers });
  }

  async postForm(url: string, fields: Record<string, string>): Promise<Page> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /** Follows redirects until a non-redirect answer or `stopAt` matches the next URL. */
  async follow(page: Page, stopAt?: (url: string) => boolean): Promise<Page> {
    let current = page;
    for (let hops = 0; hops < 10 && current.location !== undefined; hops++) {
      if (stopAt?.(current.location)) return current;
      current = await this.get(current.location);
    }
    return current;
  }

  private async request(
    url: string,
    init: { method: string; headers: Record<string, string>; body?: string },
  ): Promise<Page> {
    const cookies = this.cookies(url);
    const cookieHeader = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, {
      ...init,
      headers: { ...init.headers, ...(cookieHeader ? { cookie: cookieHeader } : {}) },
      redirect: 'manual',
      ...(this.timeoutMs === undefined ? {} : { signal: AbortSignal.timeout(this.timeoutMs) }),
    });
    for (const line of response.headers.getSetCookie()) this.store(cookies, line);
    const location = response.headers.get('location');
    return {
      status: response.status,
      url,
      location: location === null ? undefined : new URL(location, url).href,
      headers: response.headers,
      body: await response.text(),
    };
  }

  private store(cookies: Map<string, string>, line: string): void {
    const [pair = '', ...attributes] = line.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const expired = attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
    if (expired) cookies.delete(name);
    else cookies.set(name, pair.slice(index + 1).trim());
  }
}
