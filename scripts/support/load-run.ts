import type { ServerAction } from "./load-actions";
import type { Admin, Customer } from "./load-setup";

/**
 * The two workloads of `bench:load`: customers verifying their connection, admins paging the
 * connection list. Every request is timed on the client until the last byte of its answer.
 */

/** Timings and errors of one kind of request. */
export class Recorder {
  readonly ms: number[] = [];
  readonly errors = new Map<string, number>();

  add(ms: number, error?: string): void {
    if (error) this.errors.set(error, (this.errors.get(error) ?? 0) + 1);
    else this.ms.push(ms);
  }

  get errorCount(): number {
    return [...this.errors.values()].reduce((a, b) => a + b, 0);
  }

  /** Nearest-rank percentile of the successful requests' times. */
  percentile(q: number): number {
    const sorted = [...this.ms].sort((a, b) => a - b);
    return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
  }
}

type VerifyEvent = { type?: string; message?: string; result?: { status?: string; failure?: { code?: string } } };

/** One verification as the verify panel runs it; the error says why it is not a `verified` result. */
export async function verifyOnce(customer: Customer, action: ServerAction): Promise<{ ms: number; error?: string }> {
  const started = performance.now();
  try {
    const call = await customer.client.callAction(action, "/onboarding", [{ connectionId: customer.connectionId, trigger: "manual" }]);
    const last = call.stream?.at(-1) as VerifyEvent | undefined;
    let error: string | undefined;
    if (call.status < 200 || call.status > 299) error = `HTTP ${call.status}`;
    else if (!last) error = call.error ? "action error" : "no result stream";
    else if (last.type === "refused") error = `refused: ${last.message}`;
    else if (last.type !== "done" || last.result?.status !== "verified") error = `result ${last.result?.status ?? last.type} ${last.result?.failure?.code ?? ""}`.trim();
    return { ms: call.ms, ...(error ? { error } : {}) };
  } catch (caught) {
    return { ms: performance.now() - started, error: describe(caught) };
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

/**
 * A customer's share of the loaded phase: `count` verifications spread evenly over the phase from a
 * random offset (so the customers do not move in step); one runs late rather than overlap the last.
 */
export async function customerLoop(customer: Customer, action: ServerAction, phase: { start: number; durationMs: number; count: number }, into: Recorder): Promise<void> {
  const interval = phase.durationMs / phase.count;
  const offset = Math.random() * interval;
  for (let k = 0; k < phase.count; k++) {
    const at = phase.start + offset + k * interval;
    if (at >= phase.start + phase.durationMs) break;
    await sleep(at - performance.now());
    const { ms, error } = await verifyOnce(customer, action);
    into.add(ms, error);
  }
}

/** Dashboard searches and filters an admin goes through. */
export type Terms = { words: string[]; organizationId: string | undefined };

function journeys(terms: Terms): Array<{ path: string; pages: number }> {
  const word = () => terms.words[Math.floor(Math.random() * terms.words.length)]!;
  const status = () => ["verified", "failed", "insecure", "pending"][Math.floor(Math.random() * 4)]!;
  return [
    { path: "/admin/connections", pages: 5 },
    { path: `/admin/connections?q=${encodeURIComponent(word())}`, pages: 2 },
    { path: `/admin/connections?status=${status()}`, pages: 3 },
    { path: "/admin/connections?partition=aws-cn", pages: 2 },
    { path: "/admin/connections?sort=organization&dir=asc", pages: 3 },
    ...(terms.organizationId ? [{ path: `/admin/connections?org=${terms.organizationId}`, pages: 1 }] : []),
    { path: `/admin/connections?q=${encodeURIComponent(word())}&status=${status()}`, pages: 1 },
  ];
}

/** The "Next" link of a connection list page, if it has one. */
export function nextPage(html: string): string | undefined {
  const link = /<a[^>]*href="([^"]+)"[^>]*>Next<\/a>/.exec(html);
  return link?.[1]?.replaceAll("&amp;", "&");
}

/** Why a connection list answer is not a whole page, or undefined when it is. */
function pageError(status: number, html: string): string | undefined {
  if (status < 200 || status > 299) return `HTTP ${status}`;
  if (!html.includes(">Connections</h1>") || !html.trimEnd().endsWith("</html>")) return "incomplete page";
  return undefined;
}

/** One admin until the deadline: a journey (first page, searches, filters), following "Next" for a few pages, thinking between clicks. */
export async function adminLoop(admin: Admin, options: { deadline: number; thinkMs: number; terms: Terms }, into: Recorder): Promise<void> {
  let turn = Math.floor(Math.random() * 10);
  await sleep(Math.random() * options.thinkMs);
  while (performance.now() < options.deadline) {
    const list = journeys(options.terms);
    const journey = list[turn++ % list.length]!;
    let path: string | undefined = journey.path;
    for (let page = 0; path && page < journey.pages && performance.now() < options.deadline; page++) {
      const started = performance.now();
      try {
        const answer = await admin.client.get(path);
        const error = pageError(answer.status, answer.text);
        into.add(answer.ms, error);
        path = error ? undefined : nextPage(answer.text);
      } catch (caught) {
        into.add(performance.now() - started, describe(caught));
        path = undefined;
      }
      await sleep(Math.min(options.thinkMs * (0.5 + Math.random()), options.deadline - performance.now()));
    }
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.name === "TimeoutError" ? "timeout" : `${error.name}: ${error.message}${error.cause instanceof Error ? ` (${error.cause.message})` : ""}`;
  return String(error);
}
