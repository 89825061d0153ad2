import { afterAll, beforeAll } from "vitest";
import { startBulkVerification } from "@/lib/dal/jobs";
import type { Viewer } from "@/lib/dal/viewer";
import { JobWorker, type WorkerOptions } from "@/lib/jobs/worker";
import { newAdmin, newOrganization, setupDatabase } from "./db";
import { cancelLeftovers, newConnections } from "./jobs";

/**
 * A test file's admin and organisation for bulk jobs, with jobs and workers it starts cleaned up
 * after the file: `world.admin` and `world.org` are set once its beforeAll has run.
 */
export function jobTestWorld() {
  const started: string[] = [];
  const workers: JobWorker[] = [];
  const world = {
    admin: undefined as unknown as Viewer,
    org: "",
    /** A job over `n` new connections of the organisation. */
    async newJob(n: number): Promise<{ jobId: string; ids: string[] }> {
      const ids = await newConnections(world.org, n);
      const { id } = await startBulkVerification(world.admin, { kind: "selection", connectionIds: ids });
      started.push(id);
      return { jobId: id, ids };
    },
    /** A started worker limited to one job, with no STS budget (the budget has tests of its own). */
    worker(jobId: string, options: WorkerOptions = {}): JobWorker {
      const w = new JobWorker({ budget: null, jobIds: [jobId], ...options, settings: { pollMs: 20, heartbeatMs: 100, ...options.settings } });
      workers.push(w);
      return w.start();
    },
  };
  beforeAll(async () => {
    await setupDatabase();
    world.admin = await newAdmin();
    world.org = await newOrganization(world.admin);
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.stop()));
    await cancelLeftovers(started);
  });
  return world;
}
