import type { IncomingMessage, ServerResponse } from "node:http";
import { z } from "zod";
import { REGION_PATTERN } from "../arn";
import { createStack } from "../cfn/create-stack";
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
    if (route === "GET /cloudformation/api/stacks") {
      const stack = deps.store.findStack(url.searchParams.get("stackId") ?? "");
      if (!stack) throw new HttpError(404, "ValidationError", `Stack with id ${url.searchParams.get("stackId") ?? ""} does not exist`);
      return sendJson(res, 200, { stack });
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
  const stack = createStack(deps.store, { ...input, templateText }, new Date(deps.now()));
  deps.log(`cloudformation: stack ${stack.stackName} in ${stack.accountId}/${stack.region}: ${stack.status}`);
  return { stack };
}
