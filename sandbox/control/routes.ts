import type { IncomingMessage, ServerResponse } from "node:http";
import type { FaultSet } from "../faults";
import { HttpError, readJsonBody, sendErrorAsJson, sendJson } from "../http/io";
import { PolicyError } from "../policy/parse";
import { awsManagedPolicyArn } from "../policy/managed";
import { buildRole, rolePolicies } from "../state/roles";
import { RoleExistsError, type SandboxStore } from "../state/store";
import type { StackDeps } from "../cfn/create-stack";
import { CfnError } from "../cfn/errors";
import { handleOrganizations } from "./organizations";
import { createRoleSchema, describeIssues, faultSchema, rolePoliciesSchema } from "./schemas";
import { createStackFromControl, deleteStackFromControl, stackSummary } from "./stacks";

export interface SandboxInfo {
  partner: { accountId: string; arn: string; accessKeyId: string; secretAccessKey: string };
  stsEndpoint: string;
  snsEndpoint: string;
  s3Endpoint: string;
}

export interface ControlDeps {
  store: SandboxStore;
  faults: FaultSet;
  stacks: StackDeps;
  /** Forgets in-memory SNS and CloudFormation work (pending responses) on reset. */
  onReset: () => void;
  /** An organisation's accounts changed: stack sets with automatic deployment catch up. */
  onAccountsChanged: (organizationId: string) => void;
  /** GET /_sandbox/stacksets. */
  listStackSets: () => unknown[];
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
    if (req.method === "PUT" && /^\/_sandbox\/roles\/.+\/policies\/?$/.test(url.pathname)) return sendJson(res, 200, await putRolePolicies(deps, req, url));
    if (req.method === "DELETE" && url.pathname.startsWith("/_sandbox/roles/")) return deleteRole(deps, res, url);
    if (route === "GET /_sandbox/stacks") return sendJson(res, 200, { stacks: deps.store.listStacks().map(stackSummary) });
    if (route === "POST /_sandbox/stacks") return sendJson(res, 201, await createStackFromControl(deps.stacks, req, new Date(deps.now())));
    if (req.method === "DELETE" && url.pathname.startsWith("/_sandbox/stacks/")) return sendJson(res, 200, await deleteStackFromControl(deps.stacks, url));
    if (route === "GET /_sandbox/stacksets") return sendJson(res, 200, { stackSets: deps.listStackSets() });
    if (route.split(" ")[1] === "/_sandbox/organizations" || url.pathname.startsWith("/_sandbox/organizations/")) {
      const answer = await handleOrganizations(deps, req, url.pathname.replace(/\/+$/, ""));
      if (answer) return sendJson(res, answer.status, answer.body);
    }
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
      deps.log("sandbox: reset (roles, stacks, topics, subscriptions, organizations, stack sets and faults cleared)");
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
  const { partition = "aws", managedPolicyArns = [awsManagedPolicyArn(partition, DEFAULT_MANAGED_POLICY)], ...input } = parsed.data;
  try {
    const role = buildRole({ ...input, partition, managedPolicyArns }, new Date(deps.now()));
    deps.store.addRoles([role]);
    deps.log(`sandbox: role ${role.arn} created`);
    return { arn: role.arn };
  } catch (err) {
    if (err instanceof PolicyError) throw new HttpError(400, "MalformedPolicyDocument", err.message);
    if (err instanceof RoleExistsError) throw new HttpError(409, "EntityAlreadyExists", err.message);
    throw err;
  }
}

/** What a control-API role gets unless the request names its managed policies: Rolegate's default permission set. */
const DEFAULT_MANAGED_POLICY = "AmazonS3ReadOnlyAccess";

/** The role ARN in `/_sandbox/roles/<url-encoded ARN>[/policies]`. */
function roleArnInPath(url: URL, suffix = ""): string {
  const encoded = url.pathname.replace(/\/+$/, "").slice("/_sandbox/roles/".length, suffix ? -suffix.length : undefined);
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new HttpError(400, "ValidationError", "The role ARN in the path is not valid percent-encoding.");
  }
}

/** Replaces a role's managed and/or inline identity policies: what the S3 endpoint evaluates for its sessions. */
async function putRolePolicies(deps: ControlDeps, req: IncomingMessage, url: URL) {
  const arn = roleArnInPath(url, "/policies");
  const parsed = rolePoliciesSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, "ValidationError", describeIssues(parsed.error));
  const role = deps.store.findRoleByArn(arn);
  if (!role) throw new HttpError(404, "NoSuchEntity", `The role ${arn} cannot be found.`);
  let policies;
  try {
    policies = rolePolicies(parsed.data.managedPolicyArns ?? role.managedPolicyArns, parsed.data.inlinePolicies ?? role.inlinePolicies);
  } catch (err) {
    if (err instanceof PolicyError) throw new HttpError(400, "MalformedPolicyDocument", err.message);
    throw err;
  }
  const updated = deps.store.setRolePolicies(arn, policies);
  deps.log(`sandbox: role ${arn} policies set (${policies.managedPolicyArns.length} managed, ${policies.inlinePolicyNames.length} inline)`);
  return updated;
}

function deleteRole(deps: ControlDeps, res: ServerResponse, url: URL): void {
  const arn = roleArnInPath(url);
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
