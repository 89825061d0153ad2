import { readdirSync } from "node:fs";
import path from "node:path";

/** A page or route handler of the app, by its URL pattern (`/admin/connections/[id]`), and its file. */
export type AppRoute = { pattern: string; kind: "page" | "route"; file: string };

const FILE = /^(page|route)\.(tsx|ts|jsx|js|mdx)$/;

/**
 * Every page and route handler under `app/`, found by walking the tree as Next.js does: route
 * groups `(name)` and private folders `_name` add no URL segment; parallel slots `@name` neither.
 */
export function appRoutes(root = "app"): AppRoute[] {
  const routes: AppRoute[] = [];
  const walk = (dir: string, segments: string[]) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (entry.name.startsWith("_")) continue;
        const silent = /^\(.*\)$/.test(entry.name) || entry.name.startsWith("@");
        walk(path.join(dir, entry.name), silent ? segments : [...segments, entry.name]);
        continue;
      }
      const match = FILE.exec(entry.name);
      if (match) routes.push({ pattern: `/${segments.join("/")}`, kind: match[1] as AppRoute["kind"], file: path.join(dir, entry.name) });
    }
  };
  walk(root, []);
  return routes.sort((a, b) => a.pattern.localeCompare(b.pattern));
}

/** The app path of a page (`app/(auth)/invite/[token]/page`) as its URL pattern (`/invite/[token]`). */
export function workerPattern(worker: string): string {
  const segments = worker.split("/").slice(1, -1).filter((s) => !/^\(.*\)$/.test(s) && !s.startsWith("@"));
  return `/${segments.join("/")}`;
}

/** A URL for a pattern with each `[param]` filled in (`[...param]` takes slash-separated values). */
export function fillPattern(pattern: string, params: Record<string, string>): string {
  return pattern.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_, rest: string | undefined, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    return rest ? value.split("/").map(encodeURIComponent).join("/") : encodeURIComponent(value);
  });
}

/** Whether a route pattern belongs to the partner API (`/api/v1`), which keys, not sessions, open. */
export function isPartnerApi(pattern: string): boolean {
  return pattern === "/api/v1" || pattern.startsWith("/api/v1/");
}
