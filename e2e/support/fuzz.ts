import { expect } from "@playwright/test";
import fc from "fast-check";
import { MARKUP, text } from "../../tests/support/fuzz-text";

/**
 * Fuzzing over HTTP with fast-check. FUZZ_RUNS cases per target (a few hundred in the normal suite;
 * `npm run bench:fuzz` runs 10,000), FUZZ_CONCURRENCY requests at a time, FUZZ_SEED to replay a run.
 * Cases are drawn from the arbitrary with the seed and sent concurrently, so a failure reports the
 * seed and the failing inputs rather than a shrunk one.
 */
export const FUZZ = {
  runs: Number(process.env.FUZZ_RUNS ?? 200),
  concurrency: Number(process.env.FUZZ_CONCURRENCY ?? 4),
  seed: Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31),
};

export { idLike, MARKUP, text } from "../../tests/support/fuzz-text";

/** A query string of known and unknown parameters, some repeated; `raw` skips encoding (malformed on purpose). */
export function query(names: readonly string[], value: fc.Arbitrary<string> = text): fc.Arbitrary<string> {
  const name = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...names, "x") }, { weight: 1, arbitrary: text });
  return fc
    .record({ pairs: fc.array(fc.tuple(name, value), { maxLength: 5 }), raw: fc.boolean() })
    .map(({ pairs, raw }) => (raw ? `?${pairs.map(([k, v]) => `${k}=${v}`).join("&").replace(/[#\s]/g, "")}` : `?${new URLSearchParams(pairs)}`));
}

/** encodeURIComponent for any string: a lone surrogate (which it refuses) becomes U+FFFD, as a browser sends it. */
export function encode(s: string): string {
  return encodeURIComponent(s.replace(/\p{Cs}/gu, "\ufffd"));
}

/** A path segment: encoded as a browser would, or raw (percent signs and all). */
export const segment: fc.Arbitrary<string> = fc
  .tuple(text, fc.boolean())
  .map(([s, raw]) => (raw ? s.replace(/[/?#\s\\]/g, "").slice(0, 200) || "x" : encode(s).slice(0, 2000) || "x"));

/** Fails when an HTML response holds any of the markup payloads that were sent, unescaped. */
export function expectNoReflectedMarkup(body: string, contentType: string | undefined, sent: string): void {
  if (!contentType?.includes("html")) return;
  for (const payload of MARKUP) if (sent.includes(payload)) expect(body.includes(payload), `reflects ${payload}`).toBe(false);
}

export type FuzzStats = { cases: number; outcomes: Record<string, number>; ms: number };

/**
 * Runs `check` on FUZZ.runs cases of `arbitrary`; `check` throws on a broken property and returns
 * an outcome label ("accepted", "refused", "status 404"…) that is counted and printed.
 */
export async function fuzz<T>(name: string, arbitrary: fc.Arbitrary<T>, check: (input: T) => Promise<string>, runs = FUZZ.runs): Promise<FuzzStats> {
  const inputs = fc.sample(arbitrary, { numRuns: runs, seed: FUZZ.seed });
  const outcomes: Record<string, number> = {};
  const failures: { input: T; error: string }[] = [];
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < inputs.length) {
      const input = inputs[next++]!;
      try {
        const outcome = await check(input);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      } catch (error) {
        failures.push({ input, error: error instanceof Error ? error.message.split("\n").slice(0, 4).join(" ") : String(error) });
      }
    }
  };
  await Promise.all(Array.from({ length: FUZZ.concurrency }, worker));
  const stats = { cases: inputs.length, outcomes, ms: Date.now() - started };
  console.log(`fuzz ${name}: ${stats.cases} cases in ${(stats.ms / 1000).toFixed(1)} s, ${failures.length} failed ${JSON.stringify(outcomes)}`);
  const shown = failures.slice(0, 3).map((f) => `  ${JSON.stringify(f.input, replacer).slice(0, 300)}\n    → ${f.error.slice(0, 400)}`);
  expect(failures.length, `${name}: ${failures.length} of ${stats.cases} cases broke a property (FUZZ_SEED=${FUZZ.seed}):\n${shown.join("\n")}`).toBe(0);
  return stats;
}

/** FormData and Blobs as readable JSON in failure reports. */
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof FormData) return Object.fromEntries([...value.entries()].map(([k, v]) => [k, typeof v === "string" ? v : `<file ${v.size} bytes>`]));
  return value;
}
