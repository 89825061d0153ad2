import { isDalError } from "@/lib/dal/errors";
import { getJobProgress } from "@/lib/dal/jobs";
import { pendingAccountStep } from "@/lib/auth/pending-step";
import { getViewer } from "@/lib/auth/session";

const NO_STORE = { "Cache-Control": "no-store" };
const refuse = (status: number, error: string) => Response.json({ error }, { status, headers: NO_STORE });

/** A bulk job's progress as JSON, for its page to poll (partner admins only). */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }) {
  const viewer = await getViewer();
  if (!viewer) return refuse(401, "unauthenticated");
  if (viewer.role !== "admin" || pendingAccountStep(viewer)) return refuse(403, "forbidden");
  try {
    return Response.json(await getJobProgress(viewer, (await params).id), { headers: NO_STORE });
  } catch (error) {
    if (isDalError(error, "not_found")) return refuse(404, "not_found");
    if (isDalError(error, "forbidden")) return refuse(403, "forbidden");
    throw error;
  }
}
