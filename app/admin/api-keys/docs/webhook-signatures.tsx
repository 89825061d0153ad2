import { DISABLE_AFTER_MS, RETRY_DELAYS_MS } from "@/lib/webhooks/schedule";
import { WEBHOOK_SETTINGS } from "@/lib/webhook-delivery/worker";

const UNITS = [
  { unit: "day", ms: 86_400_000 },
  { unit: "hour", ms: 3_600_000 },
  { unit: "minute", ms: 60_000 },
  { unit: "second", ms: 1_000 },
] as const;

/** A duration in its largest whole unit, as people say it ("5 seconds", "8 hours"). */
function duration(ms: number): string {
  const { unit, ms: size } = UNITS.find((u) => ms >= u.ms && ms % u.ms === 0) ?? UNITS[3];
  return new Intl.NumberFormat("en", { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 1 }).format(ms / size);
}

const list = new Intl.ListFormat("en", { type: "conjunction" });

const EXAMPLE = `import { Webhook } from "standardwebhooks";

// The endpoint's signing secret ("whsec_…"), shown once when the endpoint was added.
const webhook = new Webhook(process.env.ROLEGATE_WEBHOOK_SECRET!);

export async function POST(request: Request) {
  // Verify the body exactly as it arrived: parsed and serialised again, it would not match.
  const body = await request.text();
  let event: { type: string; timestamp: string; data: Record<string, unknown> };
  try {
    event = webhook.verify(body, Object.fromEntries(request.headers)) as typeof event;
  } catch {
    return new Response("Invalid signature", { status: 400 });
  }
  // webhook-id is the event's id, the same on every retry: skip ids you have handled already.
  const eventId = request.headers.get("webhook-id");
  // … act on event.type and event.data, remembering eventId …
  return new Response(null, { status: 204 });
}`;

/** How deliveries are signed and retried, and how a receiver checks them. */
export function WebhookSignatures() {
  return (
    <section aria-labelledby="webhook-signatures" className="scroll-mt-4 space-y-3 text-sm">
      <h2 id="webhook-signatures" className="text-xl font-semibold">Verifying webhook signatures</h2>
      <p>
        Each delivery is a POST of one event as JSON, signed as{" "}
        <a href="https://www.standardwebhooks.com/" className="text-indigo-700 underline">Standard Webhooks</a> defines: the
        headers <code className="font-mono text-xs">webhook-id</code>, <code className="font-mono text-xs">webhook-timestamp</code> and{" "}
        <code className="font-mono text-xs">webhook-signature</code> carry the event&apos;s id, the time of sending and an
        HMAC-SHA256 of both with the body. Check them with the <code className="font-mono text-xs">standardwebhooks</code> package
        (npm, PyPI and others), which also refuses a timestamp more than five minutes away from now:
      </p>
      <pre tabIndex={0} className="relative overflow-x-auto rounded-md bg-slate-900 px-4 py-3 font-mono text-xs text-slate-100"><code>{EXAMPLE}</code></pre>
      <p>
        Answer with a 2xx within {duration(WEBHOOK_SETTINGS.timeoutMs)}. Any other answer, a redirect or no answer is tried again
        after {list.format(RETRY_DELAYS_MS.map(duration))} (each give or take a fifth), then given up. An endpoint whose every
        delivery fails for {duration(DISABLE_AFTER_MS)} is disabled; events after that are not sent to it until an admin
        re-enables it, and can be read from the event log.
      </p>
    </section>
  );
}
