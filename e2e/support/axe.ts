import { readFileSync } from "node:fs";
import path from "node:path";
import type { Page } from "@playwright/test";

// axe-core is in the tree already (eslint-plugin-jsx-a11y depends on it). Evaluated through the
// DevTools protocol, so the app's Content-Security-Policy (no inline scripts) does not stop it.
const source = readFileSync(path.join(process.cwd(), "node_modules/axe-core/axe.min.js"), "utf8");

/** The page's WCAG 2 A/AA violations found by axe, as `rule: selectors` lines (empty when clean). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  await page.evaluate(source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<{ violations: { id: string; nodes: { target: string[] }[] }[] }> } }).axe;
    const { violations } = await axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa"] } });
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
  });
}
