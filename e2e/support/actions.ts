import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { e2e } from "../../playwright.config";
import { actionOutcome, encodeArgs, type ActionOutcome } from "./rsc";

/** A server action of the build, as `next build` recorded it. */
export type ServerAction = {
  id: string;
  /** `filename#exportedName`, the key of the coverage table. */
  key: string;
  /** The pages that host it, as app paths (`app/(auth)/invite/[token]/page`). */
  workers: string[];
};

type Manifest = { node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }> };

/** Every server action of the production build under test (read from .next, so run after `next build`). */
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

export type ActionCall = { status: number; text: string; headers: Record<string, string> } & ActionOutcome;

/**
 * Calls a server action over HTTP as a browser would (or as an attacker replays it): POST to a page
 * that hosts it, with its id and React's encoding of the arguments, in `request`'s session.
 */
export async function callAction(
  request: APIRequestContext,
  action: ServerAction,
  page: string,
  args: unknown[],
  options: { origin?: string; headers?: Record<string, string> } = {},
): Promise<ActionCall> {
  const encoded = await encodeArgs(args);
  // Serialised as fetch does in a browser (field names escaped per the HTML standard), so the
  // server sees what a browser can send; React's client sends strings as text/plain.
  const body = new Response(encoded);
  const headers = {
    "next-action": action.id,
    accept: "text/x-component",
    origin: options.origin ?? e2e.baseURL,
    "content-type": body.headers.get("content-type")!,
    ...options.headers,
  };
  const response = await request.post(page, { headers, maxRedirects: 0, data: Buffer.from(await body.arrayBuffer()) });
  const text = await response.text();
  const outcome = response.headers()["content-type"]?.startsWith("text/x-component") ? safeOutcome(text) : {};
  return { status: response.status(), text, headers: response.headers(), ...outcome };
}

function safeOutcome(text: string): ActionOutcome {
  try {
    return actionOutcome(text);
  } catch {
    return {};
  }
}

/** A form action's answer (`{ ok, message, fieldErrors, data }`), or an empty one. */
export function formResult(call: ActionCall): { ok?: boolean; message?: string; fieldErrors?: Record<string, string[]>; data?: Record<string, unknown> } {
  return call.value && typeof call.value === "object" ? (call.value as never) : {};
}

/** The FormData of `[prevState, formData]` arguments (empty for arguments of another shape). */
export function formArgsOf(args: unknown[]): FormData {
  return args[1] instanceof FormData ? args[1] : new FormData();
}

/** FormData from plain fields (repeated names allowed). */
export function formData(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) data.append(name, v);
  return data;
}
