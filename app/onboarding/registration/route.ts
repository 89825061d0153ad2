import type { NextRequest } from "next/server";
import { getViewer } from "@/lib/auth/session";
import { newestOwnRegistration } from "@/lib/dal/connections";
import { FOLLOW_FOR_MS } from "../stack-follow";

const NO_STORE = { "cache-control": "no-store" };

/**
 * GET /onboarding/registration?since=<ms ago>: the member's organisation's newest connection a
 * launched stack registered since then (`{ connection: … | null }`), for the page that waits for it.
 * `since` is relative, so the browser's clock does not matter; at most the follow window.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return Response.json({ error: "Sign in again." }, { status: 401, headers: NO_STORE });
  if (viewer.passwordChangeRequired || viewer.role !== "member") {
    return Response.json({ error: "Only members of a customer organisation follow their stacks." }, { status: 403, headers: NO_STORE });
  }
  const raw = request.nextUrl.searchParams.get("since") ?? "";
  const ago = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(ago) || ago > FOLLOW_FOR_MS + 60_000) {
    return Response.json({ error: "since must be the milliseconds since the launch (at most the follow window)." }, { status: 400, headers: NO_STORE });
  }
  const connection = await newestOwnRegistration(viewer, new Date(Date.now() - ago));
  return Response.json({ connection }, { headers: NO_STORE });
}
