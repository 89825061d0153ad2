import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "@playwright/test";

// The sandbox mints simulated AWS credentials: it runs as a process of its own next to the app
// (lib/runtime/sandbox.ts) and none of its code may be in the server the build ships.

/** Strings only the sandbox's code contains: its session-token prefix and its start-up line. */
const SANDBOX_MARKERS = ["RGSB1", "sandbox: listening on", "/_sandbox/faults"];

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) yield* files(full);
    else if (/\.(js|mjs|cjs)$/.test(name)) yield full;
  }
}

test("the production server bundle contains no sandbox code", () => {
  const found: string[] = [];
  for (const file of files(".next/server")) {
    const text = readFileSync(file, "utf8");
    for (const marker of SANDBOX_MARKERS) if (text.includes(marker)) found.push(`${file}: ${marker}`);
  }
  expect(found).toEqual([]);
});

test("the marker strings are the sandbox's own (so the check above can fail)", () => {
  const text = ["sandbox/sts/session.ts", "sandbox/server.ts", "sandbox/control/routes.ts"].map((f) => readFileSync(f, "utf8")).join("\n");
  for (const marker of SANDBOX_MARKERS) expect(text, marker).toContain(marker);
});
