import type { VerificationResult } from "@/lib/aws/verify";
import type { ConnectionStatus } from "@/lib/dal/connections";

/**
 * What a scheduled check proves. Only a check that reached the customer's role and got a clear
 * answer says anything about it; the rest are inconclusive and never change a status.
 */
export type Observation =
  | { kind: "conclusive"; result: VerificationResult }
  | { kind: "inconclusive"; result: VerificationResult; reason: string }
  /** Rolegate's own side failed (its credentials, its clock, its STS endpoint): inconclusive, and admins are alerted. */
  | { kind: "partner"; result: VerificationResult; reason: string };

/** Failures of the moment (AWS slow, throttling, network, STS off in the region, a check that could not finish). */
const TRANSIENT = new Set(["throttled", "timeout", "network", "aborted", "aws-unavailable", "region-disabled", "check-inconclusive", "unknown", "validation"]);
/** Failures of the partner's own setup, whatever the customer did. */
const PARTNER = new Set(["partner-credentials", "clock-skew", "identity-mismatch"]);

/** The alert raised while the partner's side fails scheduled checks. */
export const PARTNER_ALERT = "partner-credentials";

/** Classifies one scheduled check's result. */
export function classify(result: VerificationResult): Observation {
  const code = result.failure?.code;
  if (result.status !== "failed" || code === undefined || code === "access-denied") return { kind: "conclusive", result };
  if (PARTNER.has(code)) return { kind: "partner", result, reason: code };
  if (TRANSIENT.has(code)) return { kind: "inconclusive", result, reason: code };
  return { kind: "conclusive", result };
}

/** An AssumeRole refused with the External ID: the customer's doing, unless every role says so at once. */
const deniedAtAssume = (o: Observation) => o.kind === "conclusive" && o.result.status === "failed" && o.result.failure?.code === "access-denied";

/**
 * A batch in which every role that answered refused Rolegate, and at least `minVerified` of them
 * were verified until now, points at the partner (its identity lost sts:AssumeRole, an SCP on the
 * partner account, a wrong VERIFIER_ROLE_ARN) rather than at that many customers at once: those
 * denials become partner-side observations.
 */
export function partnerSideBatch(batch: readonly { status: ConnectionStatus; observation: Observation }[], minVerified: number): boolean {
  const answered = batch.filter((b) => b.observation.kind === "conclusive");
  const wereVerified = answered.filter((b) => b.status === "verified").length;
  return wereVerified >= minVerified && answered.every((b) => deniedAtAssume(b.observation));
}
