import { checkDatabase } from "@/lib/dal/health";

export const dynamic = "force-dynamic";

/** Liveness and database reachability, for load balancers and tests. */
export async function GET() {
  const database = await checkDatabase();
  return Response.json({ status: database ? "ok" : "degraded", database: database ? "ok" : "unreachable" }, { status: database ? 200 : 503 });
}
