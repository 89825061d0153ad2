/** The checks of a verification, in the order they run, and what the customer sees them called. */

/** One check of a verification. */
export type CheckId = "assume-role" | "caller-identity" | "no-external-id-denied" | "wrong-external-id-denied" | "permissions";

/** Every check, in run order. */
export const CHECK_IDS: readonly CheckId[] = [
  "assume-role",
  "caller-identity",
  "no-external-id-denied",
  "wrong-external-id-denied",
  "permissions",
];

/** The step titles shown while verifying. */
export const CHECK_LABELS: Readonly<Record<CheckId, string>> = {
  "assume-role": "Assume the role with your External ID",
  "caller-identity": "Confirm the account and role",
  "no-external-id-denied": "Access without the External ID is refused",
  "wrong-external-id-denied": "Access with a wrong External ID is refused",
  permissions: "The role grants the access the partner needs",
};

/** True for the checks that pass when AWS says no. */
export function isNegativeCheck(id: CheckId): boolean {
  return id === "no-external-id-denied" || id === "wrong-external-id-denied";
}
