// A second app instance for second-instance.test.ts: a JobWorker in its own process, on the
// database and sandbox its environment names, working one job until the job is completed. Prints
// "ready" once it works, then one JSON line: the connections it verified.
// Run: tsx --conditions=react-server tests/faults/worker-process.ts <jobId>
import { eq } from "drizzle-orm";
import { getDb } from "@/lib/db/client";
import { jobs } from "@/lib/db/schema";
import { JobWorker } from "@/lib/jobs/worker";
import { verifyTarget } from "@/lib/verification/run";

const jobId = process.argv[2];
if (!jobId) throw new Error("usage: worker-process.ts <jobId>");

const verified: string[] = [];
const worker = new JobWorker({
  jobIds: [jobId],
  verify: async (target, options) => {
    const result = await verifyTarget(target, options);
    verified.push(target.connectionId);
    return result;
  },
  settings: { pollMs: 20, concurrency: 3, prefetch: 0 },
}).start();
process.stdout.write("ready\n");

for (;;) {
  const [job] = await getDb().select({ status: jobs.status }).from(jobs).where(eq(jobs.id, jobId));
  if (job?.status !== "queued" && job?.status !== "running") break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await worker.stop();
process.stdout.write(`${JSON.stringify({ verified })}\n`);
process.exit(0);
