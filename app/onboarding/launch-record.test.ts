import { describe, expect, it } from "vitest";
import { LAUNCH_PLAUSIBLE_MS, launchedAt, launchedRecently, recordLaunch } from "./launch-record";

function memory() {
  const items = new Map<string, string>();
  return { getItem: (k: string) => items.get(k) ?? null, setItem: (k: string, v: string) => void items.set(k, v) };
}

describe("the launch record", () => {
  it("makes propagation plausible for ten minutes after a launch from this tab, and not before one", () => {
    const storage = memory();
    expect(launchedRecently(1_000, storage)).toBe(false);
    recordLaunch(1_000, storage);
    expect(launchedAt(storage)).toBe(1_000);
    expect(launchedRecently(1_000 + LAUNCH_PLAUSIBLE_MS - 1, storage)).toBe(true);
    expect(launchedRecently(1_000 + LAUNCH_PLAUSIBLE_MS, storage)).toBe(false);
    // A clock set back (or a stored value from the future) proves nothing.
    expect(launchedRecently(500, storage)).toBe(false);
  });

  it("reads garbage or no storage as never launched", () => {
    const storage = memory();
    storage.setItem("rolegate:stack-launched-at", "soon");
    expect(launchedAt(storage)).toBeNull();
    expect(launchedRecently(Date.now(), null)).toBe(false);
  });
});
