import http from "node:http";
import https from "node:https";
import { checkWebhookUrl } from "@/lib/webhooks/ssrf";
import { describeError, outboundAgent } from "@/lib/webhooks/send";

/** The endpoints of an OpenID provider that a sign-in calls, read from its discovery document. */
export type OidcEndpoints = { issuer: string; authorizationEndpoint: string; tokenEndpoint: string; jwksUri: string; userinfoEndpoint: string | null };

export type DiscoveryResult = { ok: true; endpoints: OidcEndpoints } | { ok: false; message: string };

const MAX_BYTES = 256 * 1024;
const PUBLIC_ONLY = "a customer's OpenID provider must be on a public address.";

/**
 * Reads `<issuer>/.well-known/openid-configuration` through the outbound guard (public addresses
 * only unless `allowPrivate`, checked again as it connects; no redirect followed; bounded in time
 * and size), and checks that it names this issuer and endpoints Rolegate may call. Never throws;
 * every failure is a message for the admin who set the issuer.
 */
export async function discoverOidcProvider(issuer: string, options: { allowPrivate: boolean; timeoutMs?: number }): Promise<DiscoveryResult> {
  const url = `${issuer}/.well-known/openid-configuration`;
  const checked = await checkWebhookUrl(url, { allowPrivate: options.allowPrivate, publicOnly: PUBLIC_ONLY });
  if (!checked.ok) return { ok: false, message: checked.message };
  const fetched = await getJson(checked.url, options.allowPrivate, options.timeoutMs ?? 10_000);
  if (!fetched.ok) return { ok: false, message: `The provider's configuration (${url}) could not be read: ${fetched.error}. Check the issuer URL.` };
  const doc = fetched.body;
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) return { ok: false, message: `${url} did not answer with an OpenID configuration.` };
  const field = (name: string) => (doc as Record<string, unknown>)[name];
  if (field("issuer") !== issuer) {
    const said = typeof field("issuer") === "string" ? `“${String(field("issuer")).slice(0, 200)}”` : "nothing";
    return { ok: false, message: `The provider gives its issuer as ${said}, not ${issuer}. Enter its issuer exactly.` };
  }
  const endpoints: Record<string, string | null> = {};
  for (const [name, required] of [["authorization_endpoint", true], ["token_endpoint", true], ["jwks_uri", true], ["userinfo_endpoint", false]] as const) {
    const value = field(name);
    if (value === undefined && !required) {
      endpoints[name] = null;
      continue;
    }
    const endpoint = await checkWebhookUrl(value, { allowPrivate: options.allowPrivate, publicOnly: PUBLIC_ONLY });
    if (!endpoint.ok) return { ok: false, message: `The provider's ${name} cannot be used: ${endpoint.message}` };
    endpoints[name] = endpoint.url.href;
  }
  return {
    ok: true,
    endpoints: {
      issuer,
      authorizationEndpoint: endpoints.authorization_endpoint!,
      tokenEndpoint: endpoints.token_endpoint!,
      jwksUri: endpoints.jwks_uri!,
      userinfoEndpoint: endpoints.userinfo_endpoint ?? null,
    },
  };
}

function getJson(url: URL, allowPrivate: boolean, timeoutMs: number): Promise<{ ok: true; body: unknown } | { ok: false; error: string }> {
  return new Promise((resolve) => {
    const signal = AbortSignal.timeout(timeoutMs);
    let settled = false;
    const finish = (result: { ok: true; body: unknown } | { ok: false; error: string }) => {
      if (settled) return;
      settled = true;
      resolve(result);
    };
    const timeout = `no answer within ${timeoutMs / 1000} s`;
    const protocol = url.protocol === "https:" ? "https:" : "http:";
    const options: https.RequestOptions = { method: "GET", signal, agent: outboundAgent(protocol, allowPrivate), headers: { Accept: "application/json", "User-Agent": "Rolegate-SSO/1" } };
    let request: http.ClientRequest;
    try {
      request = (protocol === "https:" ? https : http).request(url, options, (response) => {
        const status = response.statusCode ?? 0;
        if (status !== 200) {
          response.resume();
          return finish({ ok: false, error: status >= 300 && status < 400 ? "it redirects elsewhere, which is not followed" : `HTTP ${status}` });
        }
        const chunks: Buffer[] = [];
        let size = 0;
        response.on("data", (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BYTES) {
            finish({ ok: false, error: "the answer is too large" });
            response.destroy();
            return;
          }
          chunks.push(chunk);
        });
        response.on("end", () => {
          try {
            finish({ ok: true, body: JSON.parse(Buffer.concat(chunks).toString("utf8")) });
          } catch {
            finish({ ok: false, error: "the answer is not JSON" });
          }
        });
        response.on("error", () => finish({ ok: false, error: signal.aborted ? timeout : "the answer was cut short" }));
      });
    } catch (error) {
      return finish({ ok: false, error: describeError(error) });
    }
    request.on("error", (error) => finish({ ok: false, error: signal.aborted ? timeout : describeError(error) }));
    request.end();
  });
}
