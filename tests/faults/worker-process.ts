// A second app instance for second-instance.test.ts: a JobWorker in its own process, on the
// database and sandbox its environment names, working one job until the job is completed. Prints
// "ready" once it works, then one JSON line: the connections it verified.
// Run: tsx --conditions=react-server tests/faults/worker-process.ts <jobId>
import { jobStatus } from "@/tests/support/jobs";
import { recordingWorker } from "./support";

const jobId = process.argv[2];
if (!jobId) throw new Error("usage: worker-process.ts <jobId>");

const { worker, verified } = recordingWorker(jobId);
process.stdout.write("ready\n");

for (;;) {
  const status = await jobStatus(jobId);
  if (status !== "queued" && status !== "running") break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
await worker.stop();
process.stdout.write(`${JSON.stringify({ verified })}\n`);
process.exit(0);
