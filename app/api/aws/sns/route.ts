import { handleSnsRequest } from "@/lib/registration/sns/ingress";
import { snsIngress } from "@/lib/registration/sns/runtime";

export const dynamic = "force-dynamic";

/**
 * SNS deliveries for zero-paste registration: subscription handshakes and CloudFormation's
 * custom-resource requests. Unauthenticated by design: every message is verified by its SNS
 * signature and topic before anything in it is believed (lib/registration/sns/ingress.ts).
 */
export async function POST(request: Request) {
  const ingress = snsIngress();
  if (!ingress) return notConfigured();
  return handleSnsRequest(request, ingress);
}

/** Says what this address is, so an operator can check from outside that SNS can reach it. */
export async function GET() {
  if (!snsIngress()) return notConfigured();
  return new Response("Rolegate's SNS endpoint: Amazon SNS delivers registration messages here with POST.\n", { headers: TEXT });
}

const TEXT = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };

function notConfigured(): Response {
  return new Response("Zero-paste registration is not configured.\n", { status: 404, headers: TEXT });
}
