import Link from "next/link";
import { Alert } from "@/components/ui/alert";

const plural = new Intl.PluralRules("en");
const number = new Intl.NumberFormat("en");

/** Endpoints that were disabled for failing, and what their owner should do about it. */
export function DisabledNotice({ count, href }: { count: number; href?: string }) {
  const endpoints = `${number.format(count)} ${plural.select(count) === "one" ? "endpoint" : "endpoints"}`;
  return (
    <Alert tone="warning" title={`${endpoints} disabled after failing for days`}>
      <p>
        Events since then were not sent to {count === 1 ? "it" : "them"}. Re-enable {count === 1 ? "it" : "each one"}, then catch
        up with <code className="font-mono text-xs">GET /api/v1/events</code>.
        {href ? (
          <>
            {" "}
            <Link href={href} className="font-medium underline">Review webhooks</Link>
          </>
        ) : null}
      </p>
    </Alert>
  );
}
