import pLimit from "p-limit";
import type { ServerAction } from "./load-actions";
import { adminLoop, Recorder, type Terms, verifyOnce } from "./load-run";
import type { Admin, Customer } from "./load-setup";

/**
 * Capacity per core: the highest offered verification rate (customers arriving at a steady rate,
 * whether or not earlier ones are done, with the admins paging alongside) at which the p95 stays
 * within `ratio` × the unloaded p95 with no error. Rates rise by half until a step fails twice in a
 * row, then the gap between the last good rate and the failed one is halved twice.
 */

export type Step = {
  rate: number;
  achieved: number;
  count: number;
  p50: number;
  p95: number;
  errors: number;
  /** The app's CPU over the step's wall time, in cores (all instances together), and each instance's. */
  appCpuShare: number | null;
  instanceShares: number[] | null;
  ok: boolean;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/** `rate × seconds` verifications started at even intervals, each by the next customer in turn. */
async function offer(rate: number, seconds: number, customers: Customer[], verify: ServerAction, into: Recorder): Promise<number> {
  const n = Math.max(1, Math.round(rate * seconds));
  const start = performance.now() + 200;
  const running: Promise<void>[] = [];
  for (let k = 0; k < n; k++) {
    await sleep(start + (k * 1000) / rate - performance.now());
    const customer = customers[k % customers.length]!;
    running.push(verifyOnce(customer, verify).then(({ ms, error }) => into.add(ms, error)));
  }
  await Promise.all(running);
  return performance.now() - start;
}

export type CapacityOptions = {
  verify: ServerAction;
  admins: Admin[];
  terms: Terms;
  thinkMs: number;
  stepSeconds: number;
  ratio: number;
  unloadedP95: number;
  maxRate: number;
  /** Customers enough for `count` verifications within their limits (made on demand), limits reset. */
  customersFor: (count: number) => Promise<Customer[]>;
  /** Each instance's CPU time so far, in ms (null where it cannot be read). */
  instanceCpuMs: () => number[] | null;
  log: (line: string) => void;
};

export async function findCapacity(o: CapacityOptions): Promise<{ steps: Step[]; best: Step | undefined }> {
  const steps: Step[] = [];
  const step = async (rate: number): Promise<Step> => {
    const customers = await o.customersFor(Math.ceil(rate * o.stepSeconds));
    const verifications = new Recorder();
    const pages = new Recorder();
    const cpuBefore = o.instanceCpuMs();
    const deadline = performance.now() + o.stepSeconds * 1000 + 200;
    const [wallMs] = await Promise.all([offer(rate, o.stepSeconds, customers, o.verify, verifications), ...o.admins.map((a) => adminLoop(a, { deadline, thinkMs: o.thinkMs, terms: o.terms }, pages))]);
    const cpuAfter = o.instanceCpuMs();
    const instanceShares = cpuBefore && cpuAfter ? cpuAfter.map((ms, i) => (ms - cpuBefore[i]!) / wallMs) : null;
    const p95 = verifications.percentile(0.95);
    const errors = verifications.errorCount + pages.errorCount;
    const result: Step = {
      rate,
      achieved: (verifications.ms.length / wallMs) * 1000,
      count: verifications.ms.length + verifications.errorCount,
      p50: verifications.percentile(0.5),
      p95,
      errors,
      appCpuShare: instanceShares ? instanceShares.reduce((x, y) => x + y, 0) : null,
      instanceShares,
      ok: errors === 0 && p95 <= o.ratio * o.unloadedP95,
    };
    for (const [error, n] of [...verifications.errors, ...pages.errors]) o.log(`    error ×${n}: ${error}`);
    o.log(
      `  ${result.rate.toFixed(1).padStart(6)}/s offered ${result.achieved.toFixed(1).padStart(6)}/s done ${String(result.count).padStart(5)}  p50 ${result.p50.toFixed(0).padStart(5)}  p95 ${result.p95.toFixed(0).padStart(5)} ms (${(result.p95 / o.unloadedP95).toFixed(2)}×)  errors ${result.errors}  app CPU ${cpuShares(result)}  pages ${pages.ms.length}  ${result.ok ? "ok" : "over"}`,
    );
    steps.push(result);
    await sleep(2_000); // what is left of the step drains before the next one
    return result;
  };
  let good: number | undefined;
  let bad: number | undefined;
  // A step over the limit is run once more before it counts: one slow second of a shared machine
  // should not end the search.
  const holds = async (rate: number): Promise<boolean> => {
    if ((await step(rate)).ok) return true;
    o.log(`  ${rate.toFixed(1)}/s once more`);
    return (await step(rate)).ok;
  };
  for (let rate = 2; rate <= o.maxRate; rate = Math.round(rate * 1.5 * 10) / 10) {
    if (await holds(rate)) good = rate;
    else {
      bad = rate;
      break;
    }
  }
  for (let i = 0; i < 2 && good !== undefined && bad !== undefined; i++) {
    const mid = Math.round(((good + bad) / 2) * 10) / 10;
    if (mid <= good || mid >= bad) break;
    if (await holds(mid)) good = mid;
    else bad = mid;
  }
  const best = steps.filter((s) => s.ok).sort((a, b) => b.rate - a.rate)[0];
  return { steps, best };
}

/** The app's CPU over a step, as a share of one core, and each instance's when there are several. */
function cpuShares(step: Step): string {
  if (step.appCpuShare === null) return "–";
  const pct = (share: number) => `${(share * 100).toFixed(0)}%`;
  return step.instanceShares && step.instanceShares.length > 1 ? `${pct(step.appCpuShare)} (${step.instanceShares.map(pct).join(" + ")})` : pct(step.appCpuShare);
}

/** The app's CPU time per request over `count` requests made `concurrency` at a time, in ms. */
export async function cpuPerRequest(count: number, concurrency: number, appCpuMs: () => number | null, request: (i: number) => Promise<string | undefined>): Promise<{ ms: number | null; errors: number }> {
  const limit = pLimit(concurrency);
  const before = appCpuMs();
  const errors = (await Promise.all(Array.from({ length: count }, (_, i) => limit(() => request(i))))).filter(Boolean).length;
  const after = appCpuMs();
  return { ms: before !== null && after !== null ? (after - before) / count : null, errors };
}
