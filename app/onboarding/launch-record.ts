/**
 * When this browser tab last clicked "Launch stack" (sessionStorage: it survives reloads and the
 * trip to the AWS tab, and belongs to this tab only). A role is worth waiting for while IAM
 * propagates it only if its stack was launched a short time ago.
 */

const KEY = "rolegate:stack-launched-at";
/** After this long a launch no longer explains an "access denied". */
export const LAUNCH_PLAUSIBLE_MS = 10 * 60 * 1000;
/** The event the page hears when "Launch stack" is clicked. */
export const LAUNCHED_EVENT = "rolegate:stack-launched";

type Store = Pick<Storage, "getItem" | "setItem">;

function store(): Store | null {
  try {
    return typeof window === "undefined" ? null : window.sessionStorage;
  } catch {
    return null; // storage disabled: behave as if nothing was launched
  }
}

/** Notes a launch now and tells the page. */
export function recordLaunch(now = Date.now(), storage = store()): void {
  storage?.setItem(KEY, String(now));
  if (typeof window !== "undefined") window.dispatchEvent(new CustomEvent(LAUNCHED_EVENT, { detail: now }));
}

/** The time of the last launch from this tab, if any. */
export function launchedAt(storage = store()): number | null {
  const value = Number(storage?.getItem(KEY));
  return Number.isFinite(value) && value > 0 ? value : null;
}

/** Whether a launch from this tab makes IAM propagation a plausible reason for a denial now. */
export function launchedRecently(now = Date.now(), storage = store()): boolean {
  const at = launchedAt(storage);
  return at !== null && now >= at && now - at < LAUNCH_PLAUSIBLE_MS;
}
