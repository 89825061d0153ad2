import type { VerificationResult } from "@/lib/aws/verify";
import { cn } from "@/lib/cn";

type Failure = NonNullable<VerificationResult["failure"]>;

/** Why a verification failed, in the customer's words, with AWS's codes tucked in a disclosure. */
export function FailureExplanation({ status, failure, checks }: { status: VerificationResult["status"]; failure: Failure; checks: VerificationResult["checks"] }) {
  const withIds = checks.filter((c) => c.awsCode || c.requestId);
  return (
    <div role="alert" className={cn("space-y-2 rounded-md border px-4 py-3 text-sm", status === "insecure" ? "border-orange-300 bg-orange-50 text-orange-950" : "border-red-200 bg-red-50 text-red-900")}>
      <p className="font-semibold">{failure.title}</p>
      <p>{failure.detail}</p>
      {failure.causes.length > 0 ? (
        <div>
          <p className="font-medium">Likely causes</p>
          <ul className="ml-5 list-disc">
            {failure.causes.map((cause) => (
              <li key={cause}>{cause}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <p>
        <span className="font-medium">What to do: </span>
        {failure.nextStep}
      </p>
      {failure.adminDetail ? <p className="text-xs">Partner detail: {failure.adminDetail}</p> : null}
      {withIds.length > 0 ? (
        <details className="text-xs">
          <summary className="cursor-pointer">Details for support</summary>
          <ul className="mt-1 space-y-0.5 font-mono">
            {withIds.map((c) => (
              <li key={c.id}>
                {c.id}: {c.awsCode ?? "ok"}
                {c.requestId ? ` (request id ${c.requestId})` : ""}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}
