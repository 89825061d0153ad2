import type { ConnectionStatus } from "@/lib/dal/connections";

/** Why a scheduled check was inconclusive, in an admin's words (the history's "Inconclusive: …"). */
const REASONS: Record<string, string> = {
  throttled: "AWS was limiting requests",
  timeout: "AWS did not answer in time",
  network: "Rolegate could not reach AWS",
  aborted: "the check was stopped before it finished",
  "aws-unavailable": "AWS reported an internal error",
  "region-disabled": "STS is not enabled in the region for this account",
  "check-inconclusive": "the External ID check could not finish",
  unknown: "an unrecognised error",
  validation: "AWS rejected Rolegate's request as invalid",
  "partner-credentials": "the partner's own AWS credentials were rejected",
  "clock-skew": "the partner server's clock is off",
  "identity-mismatch": "STS answered as an unexpected identity (partner-side endpoint)",
  "partner-denied": "every role checked together refused the partner: a partner-side problem",
  unconfirmed: "the re-check did not confirm the change",
};

/** The reason for an inconclusive check. */
export function inconclusiveReason(code: string | null): string {
  return (code && REASONS[code]) ?? "no clear answer";
}

/** "Healthy since", "Failing since", … for a connection's current status. */
export function statusSinceLabel(status: ConnectionStatus): string {
  switch (status) {
    case "verified":
      return "Healthy since";
    case "failed":
    case "insecure":
      return "Failing since";
    case "disconnected":
      return "Disconnected since";
    default:
      return "Pending since";
  }
}
