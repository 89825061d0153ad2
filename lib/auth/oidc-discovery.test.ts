import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverOidcProvider } from "./oidc-discovery";

let server: Server;
let base = "";
// What the provider answers at /<name>/.well-known/openid-configuration.
const answers: Record<string, (issuer: string) => { status: number; body: string }> = {
  good: (issuer) => ({ status: 200, body: JSON.stringify({ issuer, authorization_endpoint: `${issuer}/auth`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks` }) }),
  other: () => ({ status: 200, body: JSON.stringify({ issuer: "https://someone-else.example" }) }),
  html: () => ({ status: 200, body: "<html>login</html>" }),
  down: () => ({ status: 503, body: "down" }),
};

beforeAll(async () => {
  server = createServer((request, response) => {
    const name = request.url?.split("/")[1] ?? "";
    const answer = answers[name]?.(`${base}/${name}`) ?? { status: 404, body: "" };
    response.writeHead(answer.status, { "content-type": "application/json" }).end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("an OpenID provider's discovery document", () => {
  it("gives the endpoints of a provider that names its own issuer", async () => {
    expect(await discoverOidcProvider(`${base}/good`, { allowPrivate: true })).toEqual({
      ok: true,
      endpoints: { issuer: `${base}/good`, authorizationEndpoint: `${base}/good/auth`, tokenEndpoint: `${base}/good/token`, jwksUri: `${base}/good/jwks`, userinfoEndpoint: null },
    });
  });

  it("refuses, with the reason, another issuer, an endpoint on a private address, no JSON, an error status, and nothing listening", async () => {
    const reason = async (issuer: string, allowPrivate = true) => {
      const result = await discoverOidcProvider(issuer, { allowPrivate, timeoutMs: 2_000 });
      return result.ok ? "accepted" : result.message;
    };
    expect(await reason(`${base}/other`)).toMatch(/gives its issuer as “https:\/\/someone-else.example”/);
    expect(await reason(`${base}/html`)).toMatch(/the answer is not JSON/);
    expect(await reason(`${base}/down`)).toMatch(/HTTP 503/);
    expect(await reason(`${base}/missing`)).toMatch(/HTTP 404/);
    expect(await reason("http://127.0.0.1:9")).toMatch(/could not be read/);
    // Without the development setting, loopback and link-local addresses are never called.
    expect(await reason(`${base}/good`, false)).toMatch(/Use an https:\/\/ URL|not a public address/);
    expect(await reason("https://127.0.0.1:9", false)).toMatch(/127\.0\.0\.1 is not a public address/);
    expect(await reason("https://169.254.169.254", false)).toMatch(/not a public address/);
  });
});
