import { actionOutcome, type ActionOutcome } from "./rsc";
import { actionRequest, type ServerAction } from "./load-actions";

const TIMEOUT_MS = 30_000;

/** What one request cost and returned, read to its end. */
export type Exchange = { status: number; ms: number; text: string; contentType: string };

/**
 * One person's browser without the browser: a cookie jar, its own client address (so per-address
 * limits stay with it), and the app's origin on every request, as a browser sends it.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();
  private readonly address = documentationAddress();

  constructor(readonly baseUrl: string) {}

  /** GETs a path without following redirects, timed until the last byte of the body. */
  get(path: string): Promise<Exchange> {
    return this.send(path, { method: "GET" });
  }

  /** Signs in with next-auth's credentials provider (CSRF token included), as the sign-in form does. */
  async signIn(email: string, password: string): Promise<void> {
    const csrf = await this.get("/api/auth/csrf");
    const { csrfToken } = JSON.parse(csrf.text) as { csrfToken: string };
    const form = new URLSearchParams({ csrfToken, json: "true", email, password });
    const answer = await this.send("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: form.toString(),
    });
    const url = answer.contentType.includes("json") ? ((JSON.parse(answer.text) as { url?: string }).url ?? "") : "";
    if (answer.status >= 400 || /error=/.test(url) || ![...this.cookies.keys()].some((name) => name.endsWith("next-auth.session-token"))) {
      throw new Error(`sign-in of ${email} refused (${answer.status} ${url})`);
    }
  }

  /** Calls a server action from `page` and reads its whole answer (a returned stream to its end). */
  async callAction(action: ServerAction, page: string, args: unknown[]): Promise<Exchange & ActionOutcome> {
    const { headers, body } = await actionRequest(action, args, this.baseUrl);
    const answer = await this.send(page, { method: "POST", headers, body });
    let outcome: ActionOutcome = {};
    if (answer.contentType.startsWith("text/x-component")) {
      try {
        outcome = actionOutcome(answer.text);
      } catch {
        // An unreadable payload: the caller sees no value and no stream.
      }
    }
    return { ...answer, ...outcome };
  }

  private async send(path: string, init: { method: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<Exchange> {
    const started = performance.now();
    const response = await fetch(new URL(path, this.baseUrl), {
      method: init.method,
      redirect: "manual",
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { "x-forwarded-for": this.address, origin: this.baseUrl, cookie: this.cookieHeader(), ...init.headers },
      ...(init.body === undefined ? {} : { body: typeof init.body === "string" ? init.body : new Uint8Array(init.body) }),
    });
    const text = await response.text();
    const ms = performance.now() - started;
    this.keep(response.headers.getSetCookie());
    return { status: response.status, ms, text, contentType: response.headers.get("content-type") ?? "" };
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  private keep(setCookies: string[]): void {
    for (const line of setCookies) {
      const [pair = "", ...attributes] = line.split(";");
      const at = pair.indexOf("=");
      if (at < 1) continue;
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === "";
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

/** A documentation-range address (RFC 3849), unique per client. */
function documentationAddress(): string {
  const r = () => Math.floor(Math.random() * 0xffff).toString(16);
  return `2001:db8:${r()}:${r()}:${r()}:${r()}::1`;
}
