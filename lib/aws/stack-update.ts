import { consoleOrigin, type Partition } from "./partitions";
import { isExternalId } from "./external-id";
import { shellCommand } from "./shell-quote";
import { isHttpUrl, STACK_NAME_RE } from "./validation";

/**
 * How a customer moves its role stack to a new External ID after the partner rotated it: a
 * CloudFormation stack update that keeps the template and changes one parameter.
 */

/** Where the stack is and what it gets. `consoleBaseUrl` (the sandbox's console) replaces the AWS console host. */
export interface StackUpdateInput {
  partition: Partition;
  region: string;
  stackName: string;
  externalId: string;
  consoleBaseUrl?: string;
}

function check(input: StackUpdateInput): void {
  if (!STACK_NAME_RE.test(input.stackName)) throw new RangeError("stack update: invalid stack name");
  if (!isExternalId(input.externalId)) throw new RangeError("stack update: invalid External ID");
}

/**
 * The CloudFormation console's stack list, filtered to the stack (Update starts from there; the
 * console has no link that opens the update of a stack by name). Values go through URLSearchParams.
 */
export function stackConsoleUrl(input: StackUpdateInput): string {
  check(input);
  let origin = consoleOrigin(input.partition, input.region);
  if (input.consoleBaseUrl !== undefined) {
    if (!isHttpUrl(input.consoleBaseUrl)) throw new RangeError("stack update: consoleBaseUrl must be an http(s) URL");
    const url = new URL(input.consoleBaseUrl);
    origin = `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
  }
  const fragment = new URLSearchParams({ filteringText: input.stackName, filteringStatus: "active", viewNested: "true" });
  return `${origin}/cloudformation/home?${new URLSearchParams({ region: input.region })}#/stacks?${fragment}`;
}

/**
 * `aws cloudformation update-stack` with the same template and the new External ID, every value
 * shell-quoted. Every other parameter keeps its value: one left out would fall back to its default
 * (a renamed role is a replaced role, with a new ARN).
 */
export function updateStackCommand(input: Omit<StackUpdateInput, "partition" | "consoleBaseUrl">): string {
  check({ ...input, partition: "aws" });
  const parameters = [
    { ParameterKey: "ExternalId", ParameterValue: input.externalId },
    { ParameterKey: "RoleName", UsePreviousValue: true },
  ];
  return shellCommand([
    ["aws", "cloudformation", "update-stack"],
    ["--region", input.region],
    ["--stack-name", input.stackName],
    ["--use-previous-template"],
    ["--capabilities", "CAPABILITY_NAMED_IAM"],
    // JSON rather than the CLI's shorthand, where a comma (legal in an External ID) splits the value.
    ["--parameters", JSON.stringify(parameters)],
  ]);
}
