/** The user agent a TestBrowser sends unless told otherwise: what the audit should find on its attempts. */
export const TEST_BROWSER_AGENT = 'TestBrowser/1.0 (tessera tests)';

/**
 * A browser, as far as an OpenID Connect sign-in needs one: fetch with a cookie jar (one for every port of 127.0.0.1,
 * as a browser keeps them), redirects followed by hand so each hop can be looked at, and the provider's own login form
 * filled in and posted.
 */
export class TestBrowser {
  private readonly cookies = new Map<string, string>();

  /** `headers` go with every request (`X-Forwarded-For`: a browser at another address, behind a trusted proxy). */
  constructor(private readonly headers: Record<string, string> = {}) {}

  /** One request, no redirect followed; the answer's cookies kept. */
  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers({ ...this.headers, ...Object.fromEntries(new Headers(init.headers)) });
    headers.set('Accept', headers.get('Accept') ?? 'text/html,application/xhtml+xml');
    headers.set('User-Agent', headers.get('User-Agent') ?? TEST_BROWSER_AGENT);
    if (this.cookies.size > 0) headers.set('Cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*expires=Thu, 01 Jan 1970/i.test(a) || /^\s*max-age=0\b/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return res;
  }

  /** Follows redirects from `url` until an answer that is not one, or until `stop` says so of the next location. */
  async follow(url: string, stop: (next: URL) => boolean = () => false): Promise<{ res: Response; url: URL }> {
    let current = new URL(url);
    for (let hop = 0; hop < 20; hop++) {
      const res = await this.request(current.href);
      const location = res.headers.get('location');
      if (res.status < 300 || res.status >= 400 || !location) return { res, url: current };
      const next = new URL(location, current);
      if (stop(next)) return { res, url: next };
      current = next;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Posts the provider's login form on `page` (devInteractions: any password) and follows where it leads. */
  async logIn(page: { res: Response; url: URL }, login: string, stop?: (next: URL) => boolean) {
    const html = await page.res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!action) throw new Error(`no login form at ${page.url.href}: ${html.slice(0, 300)}`);
    const posted = await this.request(new URL(action, page.url).href, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ prompt: 'login', login, password: 'any password will do' }).toString(),
    });
    const location = posted.headers.get('location');
    if (!location) throw new Error(`the login form answered ${posted.status}`);
    const next = new URL(location, page.url);
    return stop?.(next) ? { res: posted, url: next } : this.follow(next.href, stop);
  }

  /** Follows the provider's **Cancel** on its login page `page`, until `stop` says so of the next location. */
  async cancel(page: { res: Response; url: URL }, stop?: (next: URL) => boolean) {
    const html = await page.res.text();
    const href = /<a href="([^"]+)">\[ Cancel \]<\/a>/.exec(html)?.[1]?.replaceAll('&amp;', '&');
    if (!href) throw new Error(`no Cancel link at ${page.url.href}`);
    return this.follow(new URL(href, page.url).href, stop);
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }
}
