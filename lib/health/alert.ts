import "server-only";
import { activeHealthAlert, type HealthAlert } from "@/lib/dal/health-alerts";
import { PARTNER_ALERT } from "./classify";

export type { HealthAlert } from "@/lib/dal/health-alerts";

/**
 * Whether scheduled checks are failing on the partner's own side (its AWS credentials rejected,
 * or every role refusing it at once), read from the database: set once when it starts, gone when
 * a check gets into a customer's role again. For notifications (e-mail) to hook into.
 */
export function partnerCredentialAlert(): Promise<HealthAlert | null> {
  return activeHealthAlert(PARTNER_ALERT);
}
