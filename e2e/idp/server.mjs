// Real OpenID providers (the `oidc-provider` package) on loopback, for the single sign-on tests: the
// partner's identity provider (issuer: the root) and a customer organisation's (issuer: /org), as
// Rolegate meets them. Their dev login forms sign in any login name; the claims of each login are set
// by the tests through /_test/accounts. /_test/down makes one answer 503, as a provider that is down
// does; /_test/tamper changes the state it sends back or the nonce it is asked to sign, as an
// attacker in between would. Each provider's faults are its own (`provider: "org"` in the body for
// the organisation's), so the partner's and the customers' tests can run side by side.
import { createServer } from "node:http";
import Provider from "oidc-provider";

const port = Number(process.env.IDP_PORT ?? 4710);
const appUrl = process.env.APP_URL ?? "http://127.0.0.1:3100";
const issuer = `http://127.0.0.1:${port}`;
const ORG_PATH = "/org";

/** Claims by login name; a login nobody set up is a person with a verified e-mail at elsewhere.example. */
const accounts = new Map();

/** The settings both providers share: accounts, claims in the ID token, no consent screen. */
const common = {
  async findAccount(_ctx, id) {
    const claims = accounts.get(id) ?? { email: `${id}@elsewhere.example`, email_verified: true, name: id };
    return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
  },
  claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name", "groups"] },
  // The scope's claims go in the ID token, which is what Rolegate reads.
  conformIdTokenClaims: false,
  features: { devInteractions: { enabled: true } },
  // A first-party client: no consent screen.
  async loadExistingGrant(ctx) {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope("openid email profile");
    await grant.save();
    return grant;
  },
  cookies: { keys: ["rolegate-e2e-idp-cookie-key"] },
};

const partner = new Provider(issuer, {
  ...common,
  clients: [
    {
      client_id: process.env.IDP_CLIENT_ID ?? "rolegate-e2e",
      client_secret: process.env.IDP_CLIENT_SECRET ?? "rolegate-e2e-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/oidc`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
});

// The organisations' provider: Rolegate's callback names the organisation (…/callback/org-<id>), and
// the tests make organisations as they go, so any organisation's callback is allowed.
const orgClientId = process.env.IDP_ORG_CLIENT_ID ?? "rolegate-org-e2e";
const orgCallback = new RegExp(`^${appUrl.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/api/auth/callback/org-[0-9a-f-]{36}$`);
const organizations = new Provider(`${issuer}${ORG_PATH}`, {
  ...common,
  clients: [
    {
      client_id: orgClientId,
      client_secret: process.env.IDP_ORG_CLIENT_SECRET ?? "rolegate-org-e2e-secret",
      redirect_uris: [`${appUrl}/api/auth/callback/org-00000000-0000-0000-0000-000000000000`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    },
  ],
});
const redirectUriAllowed = organizations.Client.prototype.redirectUriAllowed;
organizations.Client.prototype.redirectUriAllowed = function (uri) {
  return (this.clientId === orgClientId && orgCallback.test(uri)) || redirectUriAllowed.call(this, uri);
};

/** Each provider's request handler and faults. */
const providers = {
  partner: { callback: partner.callback(), down: false, /** @type {{ state?: string; nonce?: string }} */ tamper: {} },
  org: { callback: organizations.callback(), down: false, /** @type {{ state?: string; nonce?: string }} */ tamper: {} },
};

function readJson(request) {
  return new Promise((resolve, reject) => {
    let body = "";
    request.on("data", (chunk) => (body += chunk));
    request.on("end", () => {
      try {
        resolve(JSON.parse(body || "{}"));
      } catch (error) {
        reject(error);
      }
    });
  });
}

createServer(async (request, response) => {
  const path = new URL(request.url ?? "/", issuer).pathname;
  if (request.method === "POST" && path === "/_test/accounts") {
    const { login, ...claims } = await readJson(request);
    accounts.set(String(login), claims);
    response.writeHead(204).end();
    return;
  }
  if (request.method === "POST" && (path === "/_test/down" || path === "/_test/tamper")) {
    const { provider: name, ...body } = await readJson(request);
    const target = providers[name === "org" ? "org" : "partner"];
    if (path === "/_test/down") target.down = Boolean(body.down);
    else target.tamper = body;
    response.writeHead(204).end();
    return;
  }
  if (path === "/_test/health") {
    response.writeHead(200).end("ok");
    return;
  }
  const mounted = path === ORG_PATH || path.startsWith(`${ORG_PATH}/`);
  const target = mounted ? providers.org : providers.partner;
  if (target.down) {
    response.writeHead(503, { "content-type": "text/plain" }).end("down for maintenance");
    return;
  }
  if (target.tamper.nonce && path.endsWith("/auth")) {
    const url = new URL(request.url ?? "/", issuer);
    if (url.searchParams.has("nonce")) url.searchParams.set("nonce", target.tamper.nonce);
    request.url = url.pathname + url.search;
  }
  if (target.tamper.state) {
    const forged = target.tamper.state;
    const setHeader = response.setHeader.bind(response);
    response.setHeader = (name, value) => {
      if (String(name).toLowerCase() === "location" && typeof value === "string" && value.startsWith(`${appUrl}/api/auth/callback/`)) {
        const url = new URL(value);
        url.searchParams.set("state", forged);
        return setHeader(name, url.toString());
      }
      return setHeader(name, value);
    };
  }
  if (mounted) {
    // Mounted under /org as a router would mount it: the provider sees the rest of the path.
    request.originalUrl = request.url;
    request.url = request.url.slice(ORG_PATH.length) || "/";
  }
  target.callback(request, response);
}).listen(port, "127.0.0.1", () => console.log(`test identity providers on ${issuer} and ${issuer}${ORG_PATH}`));
