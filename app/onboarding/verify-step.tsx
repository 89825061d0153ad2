import { FailureNote } from "@/components/failure-note";
import { VerifyPanel } from "@/components/verify-panel";
import type { ConnectionView } from "@/lib/dal/connections";

/** Step 4: the connection's last outcome, if any, and the live check. */
export function VerifyStep({ connection }: { connection: ConnectionView }) {
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        We assume the role with your External ID, confirm it is account {connection.accountId}, and check that it refuses us
        without the External ID.
      </p>
      <FailureNote connection={connection} />
      <VerifyPanel connectionId={connection.id} trigger="onboarding" />
    </div>
  );
}
