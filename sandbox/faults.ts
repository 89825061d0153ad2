import { randomUUID } from "node:crypto";

/** `*` is every STS action; S3's ListBuckets is only ever named on its own, so STS latency set with `*` leaves it alone. */
export const FAULT_ACTIONS = ["AssumeRole", "GetCallerIdentity", "ListBuckets", "*"] as const;
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

  /** Takes one use of the first fault of `kind` that matches `action` (`*` matches STS actions only), if any. */
  take(action: string, kind: FaultKind): Fault | undefined {
    const wildcard = action !== "ListBuckets";
    const fault = this.faults.find((f) => f.kind === kind && ((wildcard && f.action === "*") || f.action === action));
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
