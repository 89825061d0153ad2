import type { SandboxStore } from "../state/store";

/** GET /_sandbox/stacksets: each stack set with its instances (and their stacks' statuses) and operations. */
export function stackSetsView(store: SandboxStore) {
  return store.stackSets.map((set) => ({
    stackSetId: set.stackSetId,
    name: set.name,
    status: set.status,
    managementAccountId: set.managementAccountId,
    organizationId: set.organizationId,
    permissionModel: "SERVICE_MANAGED",
    autoDeployment: set.autoDeployment,
    targets: set.targets,
    instances: set.instances.map((i) => {
      const stackStatus = i.stackId ? store.findStack(i.stackId)?.status : undefined;
      return { ...i, ...(stackStatus ? { stackStatus } : {}) };
    }),
    operations: set.operations,
  }));
}
