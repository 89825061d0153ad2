import type { ConnectionView } from "@/lib/dal/connections";

/** The last failure recorded on a connection, in one line. */
export function FailureNote({ connection }: { connection: Pick<ConnectionView, "status" | "lastFailureMessage" | "lastCheckedAt"> }) {
  if (!connection.lastFailureMessage || connection.status === "verified") return null;
  return (
    <p className="text-sm text-red-800">
      Last check{connection.lastCheckedAt ? ` (${connection.lastCheckedAt.toISOString().replace("T", " ").slice(0, 16)} UTC)` : ""}:{" "}
      {connection.lastFailureMessage}
    </p>
  );
}
