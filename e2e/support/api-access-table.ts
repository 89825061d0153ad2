/**
 * Who may call what in the partner API (/api/v1): every route file, each method it serves, and
 * the access that method needs. e2e/api-access.spec.ts fails when a route file, an exported method
 * or an operation of lib/api/operations.ts is missing here, or when this lists one that is gone.
 */

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE" | "HEAD" | "OPTIONS";
/** `public`: no key; `read`/`write`: a key of that scope at least; `not-found`: answers 404 to anyone. */
export type ApiAccess = "public" | "read" | "write" | "not-found";

/** What the access tests aim at: real ids, so a refusal is never a 404 in disguise. */
export type ApiWorld = {
  organizationId: string;
  connectionId: string;
  /** Disconnected by the DELETE route's own control request. */
  spareConnectionId: string;
  webhookId: string;
  /** Deleted by the DELETE route's own control request. */
  spareWebhookId: string;
  deliveryId: string;
  /** Values that a refused request tried to create; none may exist afterwards. */
  forged: { name: string; email: string; roleArn: string; url: string };
  /** A valid role ARN for the rightful caller's own request. */
  controlRoleArn: string;
};

export type MethodEntry = {
  access: ApiAccess;
  /** The URL, when the method aims elsewhere than the route's own `url`. */
  url?: (w: ApiWorld) => string;
  /** The body an attacker sends (values it would create are in `forged`). */
  body?: (w: ApiWorld) => unknown;
  /** The body the rightful caller sends to show the route works (`body` if absent). */
  control?: (w: ApiWorld) => unknown;
};

export type ApiRouteEntry = { url: (w: ApiWorld) => string; methods: Partial<Record<HttpMethod, MethodEntry>> };

const notFound: MethodEntry = { access: "not-found" };

export const API_ROUTES: Record<string, ApiRouteEntry> = {
  "/api/v1/[[...path]]": { url: () => "/api/v1/nope", methods: { GET: notFound, POST: notFound, PUT: notFound, PATCH: notFound, DELETE: notFound } },
  "/api/v1/openapi.json": { url: () => "/api/v1/openapi.json", methods: { GET: { access: "public" } } },
  "/api/v1/organizations": {
    url: () => "/api/v1/organizations",
    methods: {
      GET: { access: "read" },
      POST: { access: "write", body: (w) => ({ name: w.forged.name }), control: () => ({ name: `Access control ${Date.now()}` }) },
    },
  },
  "/api/v1/organizations/[id]": { url: (w) => `/api/v1/organizations/${w.organizationId}`, methods: { GET: { access: "read" } } },
  "/api/v1/organizations/[id]/launch": { url: (w) => `/api/v1/organizations/${w.organizationId}/launch?region=us-east-1`, methods: { GET: { access: "read" } } },
  "/api/v1/organizations/[id]/invites": {
    url: (w) => `/api/v1/organizations/${w.organizationId}/invites`,
    methods: { POST: { access: "write", body: (w) => ({ email: w.forged.email }), control: () => ({ email: `control-${Date.now()}@tenant.test` }) } },
  },
  "/api/v1/organizations/[id]/connections": {
    url: (w) => `/api/v1/organizations/${w.organizationId}/connections`,
    methods: { POST: { access: "write", body: (w) => ({ roleArn: w.forged.roleArn }), control: (w) => ({ roleArn: w.controlRoleArn }) } },
  },
  "/api/v1/connections": { url: (w) => `/api/v1/connections?organizationId=${w.organizationId}`, methods: { GET: { access: "read" } } },
  "/api/v1/connections/[id]": {
    url: (w) => `/api/v1/connections/${w.connectionId}`,
    methods: { GET: { access: "read" }, DELETE: { access: "write", url: (w) => `/api/v1/connections/${w.spareConnectionId}` } },
  },
  "/api/v1/connections/[id]/verify": { url: (w) => `/api/v1/connections/${w.connectionId}/verify`, methods: { POST: { access: "write", body: () => ({}) } } },
  "/api/v1/events": { url: () => "/api/v1/events?limit=5", methods: { GET: { access: "read" } } },
  "/api/v1/webhooks": {
    url: () => "/api/v1/webhooks",
    methods: {
      GET: { access: "read" },
      POST: { access: "write", body: (w) => ({ url: w.forged.url, events: ["*"] }), control: () => ({ url: `http://127.0.0.1:9/control-${Date.now()}`, events: ["job.completed"] }) },
    },
  },
  "/api/v1/webhooks/[id]": {
    url: (w) => `/api/v1/webhooks/${w.webhookId}`,
    methods: { GET: { access: "read" }, DELETE: { access: "write", url: (w) => `/api/v1/webhooks/${w.spareWebhookId}` } },
  },
  "/api/v1/webhooks/[id]/deliveries": { url: (w) => `/api/v1/webhooks/${w.webhookId}/deliveries`, methods: { GET: { access: "read" } } },
  "/api/v1/webhooks/[id]/deliveries/[deliveryId]/retry": {
    url: (w) => `/api/v1/webhooks/${w.webhookId}/deliveries/${w.deliveryId}/retry`,
    methods: { POST: { access: "write", body: () => ({}) } },
  },
};

/** An OpenAPI path under /api/v1 (`/connections/{id}`) as its route pattern (`/api/v1/connections/[id]`). */
export function routePattern(openApiPath: string): string {
  return `/api/v1${openApiPath.replace(/\{([^}]+)\}/g, "[$1]")}`;
}

/** The HTTP methods a route file exports (`export const GET`, `export function POST`, `export { GET }`…). */
export function exportedMethods(source: string): HttpMethod[] {
  const found = new Set<HttpMethod>();
  const methods = /\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/;
  for (const match of source.matchAll(/export\s+(?:const|let|var|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\b/g)) found.add(match[1] as HttpMethod);
  for (const match of source.matchAll(/export\s*\{([^}]*)\}/g)) {
    for (const part of match[1]!.split(",")) {
      const name = part.trim().split(/\s+as\s+/).pop()!.trim();
      if (methods.test(name) && name === methods.exec(name)?.[1]) found.add(name as HttpMethod);
    }
  }
  return [...found].sort();
}
