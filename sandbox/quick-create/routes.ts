import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { REGION_PATTERN } from "../arn";
import { createStack, type StackDeps, type StackView } from "../cfn/create-stack";
import { deleteStack } from "../cfn/delete-stack";
import { CfnError } from "../cfn/errors";
import { fetchTemplate } from "../cfn/fetch-template";
import { loadTemplate } from "../cfn/load-template";
import { describeIssues } from "../control/schemas";
import { HttpError, readJsonBody, send, sendErrorAsJson, sendJson } from "../http/io";
import type { SandboxStore } from "../state/store";
import { CONSOLE_CSS } from "./page-css";
import { CONSOLE_HTML } from "./page-html";
import { CONSOLE_SCRIPT } from "./page-script";

export interface QuickCreateDeps {
  store: SandboxStore;
  stacks: StackDeps;
  now: () => number;
  log: (msg: string) => void;
  /** Loopback peer and local Host header: required for the API, which fetches URLs server-side. */
  isLocal: boolean;
}

const PAGE_HEADERS = {
  "content-security-policy":
    "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  "referrer-policy": "no-referrer",
  "x-frame-options": "DENY",
};

const templateRequest = z.object({ templateURL: z.string().min(1).max(4096) }).strict();
const deleteRequest = z.object({ stackId: z.string().min(1).max(2048) }).strict();
const stackRequest = z
  .object({
    templateURL: z.string().min(1).max(4096),
    stackName: z.string().max(256),
    region: z.string().regex(REGION_PATTERN, { error: "expected a region code such as us-east-1" }),
    accountId: z.string(),
    parameters: z.record(z.string(), z.string()).default({}),
    capabilities: z.array(z.string()).default([]),
  })
  .strict();

/** The simulated CloudFormation console: the page, its assets and the two calls it makes. */
export async function handleQuickCreate(deps: QuickCreateDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname}`;
  try {
    if (route === "GET /cloudformation" || route === "GET /cloudformation/") {
      return send(res, 302, "text/plain", "", { location: `/cloudformation/home${url.search}` });
    }
    if (route === "GET /cloudformation/home") return send(res, 200, "text/html; charset=utf-8", CONSOLE_HTML, PAGE_HEADERS);
    if (route === "GET /cloudformation/assets/console.css") return send(res, 200, "text/css; charset=utf-8", CONSOLE_CSS);
    if (route === "GET /cloudformation/assets/console.js") return send(res, 200, "text/javascript; charset=utf-8", CONSOLE_SCRIPT);
    if (!url.pathname.startsWith("/cloudformation/api/")) throw new HttpError(404, "NotFound", `Nothing at ${url.pathname}.`);
    if (!deps.isLocal) throw new HttpError(403, "Forbidden", "The console API answers loopback callers only.");
    if (route === "POST /cloudformation/api/template") return sendJson(res, 200, await describeTemplate(req));
    if (route === "POST /cloudformation/api/stacks") return sendJson(res, 200, await submitStack(deps, req));
    if (route === "GET /cloudformation/api/stacks") return sendJson(res, 200, { stack: consoleView(findStack(deps, url.searchParams.get("stackId") ?? "")) });
    if (route === "POST /cloudformation/api/stacks/delete") {
      const body = deleteRequest.safeParse(await readJsonBody(req));
      if (!body.success) throw new HttpError(400, "ValidationError", describeIssues(body.error));
      const { stack, done } = deleteStack(deps.stacks, findStack(deps, body.data.stackId));
      done.catch((err: unknown) => deps.log(`cloudformation: delete failed: ${String(err)}`));
      return sendJson(res, 200, { stack: consoleView(stack) });
    }
    throw new HttpError(404, "NotFound", `Nothing at ${route}.`);
  } catch (err) {
    if (err instanceof CfnError) {
      return sendJson(res, 400, { error: { code: err.code, message: err.message, ...err.target } });
    }
    sendErrorAsJson(res, err, deps.log);
  }
}

async function describeTemplate(req: IncomingMessage) {
  const body = templateRequest.safeParse(await readJsonBody(req));
  if (!body.success) throw new HttpError(400, "ValidationError", describeIssues(body.error));
  const template = loadTemplate(await fetchTemplate(body.data.templateURL));
  return {
    template: {
      description: template.description,
      parameters: template.parameters,
      parameterGroups: template.parameterGroups,
      resources: template.resources.map((r) => ({ logicalId: r.logicalId, type: r.type })),
      capabilities: template.capabilities,
    },
  };
}

async function submitStack(deps: QuickCreateDeps, req: IncomingMessage) {
  const body = stackRequest.safeParse(await readJsonBody(req));
  if (!body.success) throw new HttpError(400, "ValidationError", describeIssues(body.error));
  const input = body.data;
  if (!/^\d{12}$/.test(input.accountId)) {
    throw new CfnError("ValidationError", "The simulated account ID must be exactly 12 digits.", { field: "accountId" });
  }
  const templateText = await fetchTemplate(input.templateURL);
  const { stack, done } = createStack(deps.stacks, { ...input, templateText }, new Date(deps.now()));
  done.catch((err: unknown) => deps.log(`cloudformation: stack ${stack.stackName} failed: ${String(err)}`));
  // The page polls GET /cloudformation/api/stacks until the stack settles.
  return { stack: consoleView(stack) };
}

function findStack(deps: QuickCreateDeps, stackId: string): StackView {
  const stack = deps.store.findStack(stackId);
  if (!stack) throw new HttpError(404, "ValidationError", `Stack with id ${stackId} does not exist`);
  return stack;
}

/** What the page shows of a stack: never a custom resource's properties (they may hold NoEcho values). */
export function consoleView(stack: StackView): StackView {
  return { ...stack, resources: stack.resources.map(({ properties: _properties, ...resource }) => resource) };
}
