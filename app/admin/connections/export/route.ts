import type { NextRequest } from "next/server";
import { connectionBatches } from "@/lib/dal/admin/connection-list";
import { isDalError } from "@/lib/dal/errors";
import { PENDING_STEP_MESSAGE, pendingAccountStep } from "@/lib/auth/pending-step";
import { getViewer } from "@/lib/auth/session";
import { logger } from "@/lib/log";
import { parseConnectionList } from "@/lib/schemas/admin-connections";
import { csvHeader, csvRows } from "./csv";

/**
 * GET /admin/connections/export?<the list's filters>: every matching connection as CSV, streamed
 * batch by batch (keyset), so memory stays flat whatever the fleet's size. Partner admins only.
 */
export async function GET(request: NextRequest): Promise<Response> {
  const viewer = await getViewer();
  if (!viewer) return new Response("Sign in to export connections.\n", { status: 401 });
  const step = pendingAccountStep(viewer);
  if (step) return new Response(`${PENDING_STEP_MESSAGE[step]}\n`, { status: 403 });
  const { after: _after, before: _before, size: _size, ...filter } = parseConnectionList(request.nextUrl.searchParams);
  let batches: AsyncGenerator<Parameters<typeof csvRows>[0]>;
  try {
    batches = connectionBatches(viewer, filter);
  } catch (error) {
    if (isDalError(error, "forbidden")) return new Response("Only partner admins can export connections.\n", { status: 403 });
    throw error;
  }
  const encoder = new TextEncoder();
  let started = false;
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        if (!started) {
          started = true;
          controller.enqueue(encoder.encode(csvHeader()));
          return;
        }
        const next = await batches.next();
        if (next.done) controller.close();
        else controller.enqueue(encoder.encode(csvRows(next.value)));
      } catch (error) {
        // Headers are gone already: cutting the download short is the only honest signal left.
        logger().error({ err: error }, "connection export failed");
        controller.error(error);
      }
    },
    async cancel() {
      await batches.return(undefined);
    },
  });
  const day = new Date().toISOString().slice(0, 10);
  return new Response(body, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="rolegate-connections-${day}.csv"`,
      "cache-control": "no-store",
    },
  });
}
