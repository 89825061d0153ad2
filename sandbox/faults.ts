import { randomUUID } from "node:crypto";

export const FAULT_ACTIONS = ["AssumeRole", "GetCallerIdentity", "*"] as const;
export const FAULT_KINDS = ["latency", "throttle", "drop", "region-disabled", "propagation"] as const;

export type FaultAction = (typeof FAULT_ACTIONS)[number];
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultSpec {
  action: FaultAction;
  kind: FaultKind;
  /** latency: the delay; propagation: how long a new role stays invisible. */
  ms?: number;
  /** How many requests it affects before it disappears; absent = until cleared. */
  count?: number;
}

export interface Fault extends FaultSpec {
  id: string;
}

/**
 * Faults injected through the control API, applied to matching STS requests in
 * the order they were added. Kept in memory only: a restart clears them.
 */
export class FaultSet {
  private faults: Fault[] = [];

  add(spec: FaultSpec): Fault {
    const fault: Fault = { id: randomUUID(), ...spec };
    this.faults.push(fault);
    return fault;
  }

  list(): readonly Fault[] {
    return this.faults;
  }

  clear(): void {
    this.faults = [];
  }

  /** Takes one use of the first fault of `kind` that matches `action`, if any. */
  take(action: string, kind: FaultKind): Fault | undefined {
    const fault = this.faults.find((f) => f.kind === kind && (f.action === "*" || f.action === action));
    if (fault) this.consume(fault);
    return fault;
  }

  /**
   * True when a propagation fault makes a role created at `createdAt` still
   * invisible to AssumeRole, as IAM's eventual consistency does for new roles.
   */
  hidesNewRole(createdAt: number, now: number): boolean {
    const fault = this.faults.find(
      (f) => f.kind === "propagation" && (f.action === "*" || f.action === "AssumeRole") && now - createdAt < (f.ms ?? 0),
    );
    if (fault) this.consume(fault);
    return fault !== undefined;
  }

  private consume(fault: Fault): void {
    if (fault.count === undefined) return;
    fault.count -= 1;
    if (fault.count <= 0) this.faults = this.faults.filter((f) => f !== fault);
  }
}
