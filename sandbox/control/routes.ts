import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultSet } from "../faults";
import { HttpError, readJsonBody, sendErrorAsJson, sendJson } from "../http/io";
import { PolicyError } from "../policy/parse";
import { buildRole } from "../state/roles";
import { RoleExistsError, type SandboxStore } from "../state/store";
import type { StackDeps } from "../cfn/create-stack";
import { CfnError } from "../cfn/errors";
import { createRoleSchema, describeIssues, faultSchema } from "./schemas";
import { createStackFromControl, deleteStackFromControl, stackSummary } from "./stacks";

export interface SandboxInfo {
  partner: { accountId: string; arn: string; accessKeyId: string; secretAccessKey: string };
  stsEndpoint: string;
  snsEndpoint: string;
}

export interface ControlDeps {
  store: SandboxStore;
  faults: FaultSet;
  stacks: StackDeps;
  /** Forgets in-memory SNS and CloudFormation work (pending responses) on reset. */
  onReset: () => void;
  info: () => SandboxInfo;
  now: () => number;
  log: (msg: string) => void;
}

/** The control API under /_sandbox/ (JSON; the server only routes loopback callers here). */
export async function handleControl(deps: ControlDeps, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const route = `${req.method} ${url.pathname.replace(/\/+$/, "")}`;
  try {
    if (route === "GET /_sandbox/info") return sendJson(res, 200, deps.info());
    if (route === "GET /_sandbox/roles") return sendJson(res, 200, { roles: deps.store.listRoles() });
    if (route === "POST /_sandbox/roles") return sendJson(res, 201, await createRole(deps, req));
    if (req.method === "DELETE" && url.pathname.startsWith("/_sandbox/roles/")) return deleteRole(deps, res, url);
    if (route === "GET /_sandbox/stacks") return sendJson(res, 200, { stacks: deps.store.listStacks().map(stackSummary) });
    if (route === "POST /_sandbox/stacks") return sendJson(res, 201, await createStackFromControl(deps.stacks, req, new Date(deps.now())));
    if (req.method === "DELETE" && url.pathname.startsWith("/_sandbox/stacks/")) return sendJson(res, 200, await deleteStackFromControl(deps.stacks, url));
    if (route === "GET /_sandbox/faults") return sendJson(res, 200, { faults: deps.faults.list() });
    if (route === "POST /_sandbox/faults") return sendJson(res, 201, await addFault(deps, req));
    if (route === "DELETE /_sandbox/faults") {
      deps.faults.clear();
      return sendJson(res, 204, null);
    }
    if (route === "POST /_sandbox/reset") {
      deps.store.reset();
      deps.faults.clear();
      deps.onReset();
      deps.log("sandbox: reset (roles, stacks, topics, subscriptions and faults cleared)");
      return sendJson(res, 204, null);
    }
    throw new HttpError(404, "NotFound", `No control route ${route}.`);
  } catch (err) {
    if (err instanceof CfnError) return sendJson(res, 400, { error: { code: err.code, message: err.message } });
    sendErrorAsJson(res, err, deps.log);
  }
}

async function createRole(deps: ControlDeps, req: IncomingMessage): Promise<{ arn: string }> {
  const parsed = createRoleSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, "ValidationError", describeIssues(parsed.error));
  const { partition = "aws", ...input } = parsed.data;
  try {
    const role = buildRole({ ...input, partition }, new Date(deps.now()));
    deps.store.addRoles([role]);
    deps.log(`sandbox: role ${role.arn} created`);
    return { arn: role.arn };
  } catch (err) {
    if (err instanceof PolicyError) throw new HttpError(400, "MalformedPolicyDocument", err.message);
    if (err instanceof RoleExistsError) throw new HttpError(409, "EntityAlreadyExists", err.message);
    throw err;
  }
}

function deleteRole(deps: ControlDeps, res: ServerResponse, url: URL): void {
  let arn: string;
  try {
    arn = decodeURIComponent(url.pathname.slice("/_sandbox/roles/".length));
  } catch {
    throw new HttpError(400, "ValidationError", "The role ARN in the path is not valid percent-encoding.");
  }
  if (!deps.store.deleteRole(arn)) throw new HttpError(404, "NoSuchEntity", `The role ${arn} cannot be found.`);
  deps.log(`sandbox: role ${arn} deleted`);
  sendJson(res, 204, null);
}

async function addFault(deps: ControlDeps, req: IncomingMessage) {
  const parsed = faultSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, "ValidationError", describeIssues(parsed.error));
  const fault = deps.faults.add(parsed.data);
  deps.log(`sandbox: fault ${fault.kind} on ${fault.action} added`);
  return { fault };
}
