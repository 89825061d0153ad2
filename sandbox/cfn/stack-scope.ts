import { roleArn, urlSuffixForPartition } from "../arn";
import { newPhysicalSuffix, newUniqueId } from "../ids";
import { templateError } from "./errors";
import type { RoleIdentity } from "./iam-role";
import { type ResourceRefs, resolveString, type Scope } from "./intrinsics";
import type { ParameterValue } from "./parameter-values";
import type { CustomResourceResult } from "./custom-resource";
import { isCustomType, STACK_SET_TYPE, type Template } from "./template";

export interface StackContext {
  stackId: string;
  stackName: string;
  region: string;
  partition: string;
  accountId: string;
}

/** What the scope knows of conditions and custom resources while a stack is created. */
export interface StackState {
  conditions: ReadonlyMap<string, boolean>;
  /** The resources whose Condition holds (or that have none). */
  included: ReadonlySet<string>;
  /** Custom resources and stack sets created so far: Ref is the physical id, Fn::GetAtt reads Data. */
  custom: ReadonlyMap<string, CustomResourceResult>;
}

/**
 * The scope intrinsics resolve in for one stack: parameter values, pseudo
 * parameters, conditions and each included resource's Ref/GetAtt values. A
 * role's name and path may themselves use Ref or Fn::Sub, so identities
 * resolve lazily, once each, with cycle detection. A custom resource not yet
 * created resolves to a placeholder: that is the dry run made before anything is created.
 */
export function stackScope(
  template: Template,
  values: ReadonlyMap<string, ParameterValue>,
  stack: StackContext,
  state: StackState,
): { scope: Scope; identityOf: (logicalId: string) => RoleIdentity } {
  const pseudo = pseudoParameters(stack);
  const resources = new Map<string, ResourceRefs>();
  const scope: Scope = { parameters: values, pseudo, resources, section: "Resources", condition: (name) => state.conditions.get(name) };
  const identities = new Map<string, RoleIdentity>();
  const resolving = new Set<string>();

  const identityOf = (logicalId: string): RoleIdentity => {
    const known = identities.get(logicalId);
    if (known) return known;
    if (resolving.has(logicalId)) throw templateError(`Circular dependency between resources: [${[...resolving].join(", ")}]`);
    resolving.add(logicalId);
    const props = template.resources.find((r) => r.logicalId === logicalId)?.properties ?? {};
    const identity: RoleIdentity = {
      roleName:
        props.RoleName === undefined
          ? generatedName(stack.stackName, logicalId)
          : resolveString(props.RoleName, { ...scope, section: "Resources" }, `RoleName of ${logicalId}`),
      path: props.Path === undefined ? "/" : resolveString(props.Path, { ...scope, section: "Resources" }, `Path of ${logicalId}`),
      roleId: newUniqueId("AROA"),
    };
    resolving.delete(logicalId);
    identities.set(logicalId, identity);
    return identity;
  };

  for (const { logicalId, type } of template.resources) {
    if (!state.included.has(logicalId)) continue;
    if (type === STACK_SET_TYPE) {
      const id = () => state.custom.get(logicalId)?.physicalId ?? "placeholder";
      resources.set(logicalId, { ref: id, attribute: (name) => (name === "StackSetId" ? id() : undefined) });
      continue;
    }
    if (isCustomType(type)) {
      resources.set(logicalId, {
        ref: () => state.custom.get(logicalId)?.physicalId ?? "placeholder",
        attribute: (name) => {
          const created = state.custom.get(logicalId);
          if (!created) return "placeholder";
          if (!Object.hasOwn(created.data, name)) throw templateError(`CustomResource attribute error: Vendor response doesn't contain ${name} key in object ${logicalId}`);
          return created.data[name];
        },
      });
      continue;
    }
    resources.set(logicalId, {
      ref: () => identityOf(logicalId).roleName,
      attribute: (name) => {
        const id = identityOf(logicalId);
        if (name === "Arn") return roleArn(stack.partition, stack.accountId, id.path, id.roleName);
        return name === "RoleId" ? id.roleId : undefined;
      },
    });
  }
  return { scope, identityOf };
}

/** The pseudo parameters' values in one stack. */
export function pseudoParameters(stack: StackContext): Record<string, string> {
  return {
    "AWS::AccountId": stack.accountId,
    "AWS::Partition": stack.partition,
    "AWS::Region": stack.region,
    "AWS::StackId": stack.stackId,
    "AWS::StackName": stack.stackName,
    "AWS::URLSuffix": urlSuffixForPartition(stack.partition),
  };
}

/** CloudFormation's generated physical name: stack, logical id and a random suffix, within IAM's 64 characters. */
function generatedName(stackName: string, logicalId: string): string {
  return `${`${stackName}-${logicalId}`.slice(0, 51)}-${newPhysicalSuffix()}`;
}
