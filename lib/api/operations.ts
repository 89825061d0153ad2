import { operation } from "./operation";
import * as s from "./schemas";

/**
 * Every operation of the partner API (`/api/v1`). The route handlers under app/api/v1 serve these,
 * and the OpenAPI document lists exactly these: e2e/api-contract.spec.ts fails when a route and
 * this list disagree.
 */

const ORG_NOT_FOUND = "No organisation has this id.";
const CONNECTION_NOT_FOUND = "No connection has this id.";
const WEBHOOK_NOT_FOUND = "No webhook endpoint has this id.";

export const openApiDocument = operation({
  operationId: "getOpenApiDocument",
  method: "GET",
  path: "/openapi.json",
  tag: "Meta",
  summary: "This API's OpenAPI 3.1 document",
  scope: null,
  success: { status: 200, description: "The OpenAPI document." },
  problems: [],
});

export const createOrganization = operation({
  operationId: "createOrganization",
  method: "POST",
  path: "/organizations",
  tag: "Organizations",
  summary: "Create a customer organisation",
  description: "Creates an organisation with a server-generated External ID (announced as `organization.created`).",
  scope: "write",
  body: s.bodies.createOrganization,
  success: { status: 201, description: "The new organisation.", schema: s.organization },
  problems: ["validation-error", "idempotency-key-reused", "idempotency-key-in-use"],
});

export const listOrganizations = operation({
  operationId: "listOrganizations",
  method: "GET",
  path: "/organizations",
  tag: "Organizations",
  summary: "List organisations",
  description: "Oldest first, in pages: pass `nextCursor` as `cursor` until it is null.",
  scope: "read",
  query: s.queries.organizations,
  success: { status: 200, description: "A page of organisations.", schema: s.page(s.organization, "OrganizationPage") },
  problems: ["validation-error"],
});

export const getOrganization = operation({
  operationId: "getOrganization",
  method: "GET",
  path: "/organizations/{id}",
  tag: "Organizations",
  summary: "Get an organisation",
  scope: "read",
  params: s.params.organization,
  success: { status: 200, description: "The organisation.", schema: s.organization },
  problems: ["not-found"],
  notFound: ORG_NOT_FOUND,
});

export const getLaunch = operation({
  operationId: "getOrganizationLaunch",
  method: "GET",
  path: "/organizations/{id}/launch",
  tag: "Organizations",
  summary: "Get the link that launches the role stack",
  description:
    "The CloudFormation quick-create link the customer's Launch button opens, to put into your own product. Where the region is set up for it, the link carries the organisation's registration token and the stack registers and verifies the role by itself; elsewhere the customer pastes the stack's RoleArn.",
  scope: "read",
  params: s.params.organization,
  query: s.queries.launch,
  success: { status: 200, description: "The launch link and what it fills in.", schema: s.launch },
  problems: ["not-found", "validation-error"],
  notFound: ORG_NOT_FOUND,
});

export const createInvite = operation({
  operationId: "createInvite",
  method: "POST",
  path: "/organizations/{id}/invites",
  tag: "Organizations",
  summary: "Invite a customer member",
  description: "Makes a single-use invite link, valid for 7 days, that replaces any pending invite for the same e-mail. Send the `url` to the customer.",
  scope: "write",
  params: s.params.organization,
  body: s.bodies.createInvite,
  success: { status: 201, description: "The invite, with its link (shown once).", schema: s.invite },
  problems: ["not-found", "validation-error", "conflict", "idempotency-key-reused", "idempotency-key-in-use"],
  notFound: ORG_NOT_FOUND,
});

export const createConnection = operation({
  operationId: "createConnection",
  method: "POST",
  path: "/organizations/{id}/connections",
  tag: "Connections",
  summary: "Add a role ARN to an organisation",
  description: "Checked as the customer form checks it (partition, 12-digit account, role path and name). The connection starts `pending`; verify it next.",
  scope: "write",
  params: s.params.organization,
  body: s.bodies.createConnection,
  success: { status: 201, description: "The new connection.", schema: s.connection },
  problems: ["not-found", "validation-error", "conflict", "idempotency-key-reused", "idempotency-key-in-use"],
  notFound: ORG_NOT_FOUND,
});

export const listConnections = operation({
  operationId: "listConnections",
  method: "GET",
  path: "/connections",
  tag: "Connections",
  summary: "List connections",
  description: "Every organisation's connections, oldest first, optionally filtered; pages are stable while connections are added.",
  scope: "read",
  query: s.queries.connections,
  success: { status: 200, description: "A page of connections.", schema: s.page(s.connection, "ConnectionPage") },
  problems: ["validation-error"],
});

export const getConnection = operation({
  operationId: "getConnection",
  method: "GET",
  path: "/connections/{id}",
  tag: "Connections",
  summary: "Get a connection",
  description: "With the External ID to send to sts:AssumeRole for this role.",
  scope: "read",
  params: s.params.connection,
  success: { status: 200, description: "The connection.", schema: s.connection },
  problems: ["not-found"],
  notFound: CONNECTION_NOT_FOUND,
});

export const verifyConnection = operation({
  operationId: "verifyConnection",
  method: "POST",
  path: "/connections/{id}/verify",
  tag: "Connections",
  summary: "Verify a connection now",
  description:
    "Runs the live checks and answers with their result and the connection afterwards. A role created moments ago is retried while IAM propagates it, so this can take up to two minutes. Limited like an admin's checks: 120 per key per 10 minutes.",
  scope: "write",
  params: s.params.connection,
  success: { status: 200, description: "The verification and the connection.", schema: s.verifyResponse },
  problems: ["not-found", "conflict", "rate-limited", "idempotency-key-reused", "idempotency-key-in-use"],
  notFound: CONNECTION_NOT_FOUND,
});

export const disconnectConnection = operation({
  operationId: "disconnectConnection",
  method: "DELETE",
  path: "/connections/{id}",
  tag: "Connections",
  summary: "Disconnect a connection",
  description: "The connection becomes `disconnected` (announced as `connection.disconnected`); its history is kept. Disconnecting it again changes nothing.",
  scope: "write",
  params: s.params.connection,
  success: { status: 200, description: "The connection, now disconnected.", schema: s.connection },
  problems: ["not-found"],
  notFound: CONNECTION_NOT_FOUND,
});

export const listEvents = operation({
  operationId: "listEvents",
  method: "GET",
  path: "/events",
  tag: "Events",
  summary: "Read the event log",
  description:
    "Events in the order they happened: the pull alternative to webhooks, to catch up after downtime. Pass the id of the last event you processed as `after`; `nextCursor` is set when more are waiting now.",
  scope: "read",
  query: s.queries.events,
  success: { status: 200, description: "Events after `after`.", schema: s.page(s.event, "EventPage") },
  problems: ["validation-error"],
});

export const createWebhook = operation({
  operationId: "createWebhookEndpoint",
  method: "POST",
  path: "/webhooks",
  tag: "Webhooks",
  summary: "Register a webhook endpoint",
  description: "An https:// URL on a public address. The answer carries the signing secret, once. Deliveries follow Standard Webhooks: verify them with the `standardwebhooks` package.",
  scope: "write",
  body: s.bodies.createWebhook,
  success: { status: 201, description: "The endpoint and its signing secret.", schema: s.webhookEndpointCreated },
  problems: ["validation-error", "conflict", "idempotency-key-reused", "idempotency-key-in-use"],
});

export const listWebhooks = operation({
  operationId: "listWebhookEndpoints",
  method: "GET",
  path: "/webhooks",
  tag: "Webhooks",
  summary: "List webhook endpoints",
  scope: "read",
  success: { status: 200, description: "Every endpoint.", schema: s.page(s.webhookEndpoint, "WebhookEndpointPage") },
  problems: [],
});

export const getWebhook = operation({
  operationId: "getWebhookEndpoint",
  method: "GET",
  path: "/webhooks/{id}",
  tag: "Webhooks",
  summary: "Get a webhook endpoint",
  scope: "read",
  params: s.params.webhook,
  success: { status: 200, description: "The endpoint.", schema: s.webhookEndpoint },
  problems: ["not-found"],
  notFound: WEBHOOK_NOT_FOUND,
});

export const deleteWebhook = operation({
  operationId: "deleteWebhookEndpoint",
  method: "DELETE",
  path: "/webhooks/{id}",
  tag: "Webhooks",
  summary: "Delete a webhook endpoint",
  description: "Nothing more is sent to it; its pending deliveries are dropped.",
  scope: "write",
  params: s.params.webhook,
  success: { status: 204, description: "Deleted." },
  problems: ["not-found"],
  notFound: WEBHOOK_NOT_FOUND,
});

export const listDeliveries = operation({
  operationId: "listWebhookDeliveries",
  method: "GET",
  path: "/webhooks/{id}/deliveries",
  tag: "Webhooks",
  summary: "List an endpoint's deliveries",
  description: "Newest first: each event sent to the endpoint, its status, attempts, last response and next retry.",
  scope: "read",
  params: s.params.webhook,
  query: s.queries.deliveries,
  success: { status: 200, description: "A page of deliveries.", schema: s.page(s.delivery, "WebhookDeliveryPage") },
  problems: ["not-found", "validation-error"],
  notFound: WEBHOOK_NOT_FOUND,
});

export const retryDelivery = operation({
  operationId: "retryWebhookDelivery",
  method: "POST",
  path: "/webhooks/{id}/deliveries/{deliveryId}/retry",
  tag: "Webhooks",
  summary: "Send a delivery again now",
  description: "The same event with the same `webhook-id`, whatever became of the earlier attempts.",
  scope: "write",
  params: s.params.delivery,
  success: { status: 200, description: "The delivery, due now.", schema: s.delivery },
  problems: ["not-found", "conflict", "idempotency-key-reused", "idempotency-key-in-use"],
  notFound: "No delivery of this endpoint has this id.",
});

/** Every operation, in the order the document lists them. */
export const OPERATIONS = [
  openApiDocument,
  createOrganization,
  listOrganizations,
  getOrganization,
  getLaunch,
  createInvite,
  createConnection,
  listConnections,
  getConnection,
  verifyConnection,
  disconnectConnection,
  listEvents,
  createWebhook,
  listWebhooks,
  getWebhook,
  deleteWebhook,
  listDeliveries,
  retryDelivery,
];
