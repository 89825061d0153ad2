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
  if (!ingress) return new Response("Zero-paste registration is not configured.\n", { status: 404, headers: { "content-type": "text/plain; charset=utf-8" } });
  return handleSnsRequest(request, ingress);
}
