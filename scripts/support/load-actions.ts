import { readFileSync } from "node:fs";
import { encodeArgs } from "./rsc";

/**
 * Server actions of the production build, called over HTTP without a browser: shared by the
 * end-to-end tests (through Playwright's request context) and `bench:load` (through fetch).
 */

/** A server action of the build, as `next build` recorded it. */
export type ServerAction = {
  id: string;
  /** `filename#exportedName`, the key of the coverage table. */
  key: string;
  /** The pages that host it, as app paths (`app/(auth)/invite/[token]/page`). */
  workers: string[];
};

type Manifest = { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };

/** Every server action of the production build in `.next` (so run after `next build`). */
export function serverActions(): ServerAction[] {
  const manifest = JSON.parse(readFileSync(".next/server/server-reference-manifest.json", "utf8")) as Manifest;
  return Object.entries(manifest.node).map(([id, entry]) => ({
    id,
    key: `${entry.filename}#${entry.exportedName}`,
    workers: Object.keys(entry.workers),
  }));
}

/** The action with this table key; throws when the build has none (renamed or removed). */
export function actionByKey(key: string): ServerAction {
  const action = serverActions().find((a) => a.key === key);
  if (!action) throw new Error(`no server action ${key} in the build`);
  return action;
}

/**
 * The headers and body a browser sends to call `action` with `args` from a page of `origin`:
 * its id, and React's encoding of the arguments.
 */
export async function actionRequest(action: ServerAction, args: unknown[], origin: string): Promise<{ headers: Record<string, string>; body: Buffer }> {
  // Serialised as fetch does in a browser (field names escaped per the HTML standard), so the
  // server sees what a browser can send; React's client sends strings as text/plain.
  const body = new Response(await encodeArgs(args));
  return {
    headers: { "next-action": action.id, accept: "text/x-component", origin, "content-type": body.headers.get("content-type")! },
    body: Buffer.from(await body.arrayBuffer()),
  };
}
