import { randomInt } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { z } from "zod";
import { REGION_PATTERN } from "../arn";
import { createStack, type StackDeps, type StackView } from "../cfn/create-stack";
import { deleteStack } from "../cfn/delete-stack";
import { fetchTemplate } from "../cfn/fetch-template";
import { HttpError, readJsonBody } from "../http/io";
import { describeIssues } from "./schemas";

const createStackSchema = z
  .object({
    region: z.string().regex(REGION_PATTERN, { error: "expected a region code such as us-east-1" }),
    accountId: z.string().regex(/^\d{12}$/, { error: "expected a 12-digit account id" }).optional(),
    templateURL: z.string().min(1).max(4096),
    stackName: z.string().max(256),
    parameters: z.record(z.string(), z.string()).default({}),
  })
  .strict();

/** A stack as the control API answers it. */
export function stackSummary(stack: StackView) {
  return {
    stackId: stack.stackId,
    stackName: stack.stackName,
    accountId: stack.accountId,
    region: stack.region,
    status: stack.status,
    ...(stack.statusReason !== undefined ? { statusReason: stack.statusReason } : {}),
    outputs: stack.outputs,
    resources: stack.resources.map((r) => ({
      logicalId: r.logicalId,
      type: r.type,
      status: r.status,
      ...(r.statusReason !== undefined ? { statusReason: r.statusReason } : {}),
      ...(r.physicalId !== undefined ? { physicalId: r.physicalId } : {}),
    })),
  };
}

/** POST /_sandbox/stacks: what the quick-create page's "Create stack" does (capabilities acknowledged), answered once the stack settles. */
export async function createStackFromControl(deps: StackDeps, req: IncomingMessage, now: Date) {
  const parsed = createStackSchema.safeParse(await readJsonBody(req));
  if (!parsed.success) throw new HttpError(400, "ValidationError", describeIssues(parsed.error));
  const input = parsed.data;
  const templateText = await fetchTemplate(input.templateURL);
  const accountId = input.accountId ?? `${randomInt(1, 10)}${String(randomInt(0, 1e11)).padStart(11, "0")}`;
  const { done } = createStack(deps, { ...input, accountId, templateText, capabilities: ["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"] }, now);
  return stackSummary(await done);
}

/** DELETE /_sandbox/stacks/{stackName}?accountId=…[&region=…]: answered once the stack is deleted (or failed to be). */
export async function deleteStackFromControl(deps: StackDeps, url: URL) {
  let stackName: string;
  try {
    stackName = decodeURIComponent(url.pathname.slice("/_sandbox/stacks/".length));
  } catch {
    throw new HttpError(400, "ValidationError", "The stack name in the path is not valid percent-encoding.");
  }
  const accountId = url.searchParams.get("accountId") ?? "";
  const region = url.searchParams.get("region");
  if (!/^\d{12}$/.test(accountId)) throw new HttpError(400, "ValidationError", "accountId: expected a 12-digit account id");
  if (region !== null && !REGION_PATTERN.test(region)) throw new HttpError(400, "ValidationError", "region: expected a region code such as us-east-1");
  const live = deps.store
    .listStacks()
    .filter((s) => s.stackName === stackName && s.accountId === accountId && (region === null || s.region === region) && s.status !== "DELETE_COMPLETE");
  if (live.length === 0) throw new HttpError(404, "ValidationError", `Stack with id ${stackName} does not exist`);
  if (live.length > 1) throw new HttpError(400, "ValidationError", `Stack ${stackName} exists in several regions of ${accountId}; pass region.`);
  const { done } = deleteStack(deps, live[0] as StackView);
  return stackSummary(await done);
}
