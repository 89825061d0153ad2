import type { APIRequestContext, Browser } from "@playwright/test";
import { ROUTES, type Caller, type World } from "./support/access-table";
import { adminApi } from "./support/api-session";
import { accessibilityViolations } from "./support/axe";
import { appRoutes } from "./support/surface";
import { newTenant } from "./support/tenants";
import { bulkJob, inviteMailOf } from "./support/world";
import { createEndpoint, deleteEndpoint } from "./support/webhook-endpoints";
import { ADMIN_STATE, e2e, expect, test, unique } from "./fixtures";

// Every page of the build, as its rightful user sees it (the access table's control view), on a
// laptop and on a phone: axe (WCAG 2 A and AA) finds nothing, and nothing scrolls sideways.

const world = {} as World;
let admin: APIRequestContext;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  admin = await adminApi();
  world.b = await newTenant(admin, "Axe");
  world.jobId = await bulkJob(admin, world.b.connections[0]!.id);
  world.mailId = await inviteMailOf(admin, world.b.pendingInvite.email);
  // Subscribed to an event no other test causes, so that nothing is sent to its closed port.
  world.webhook = await createEndpoint(admin, `http://127.0.0.1:9/${unique("axe")}`, ["organization.external_id_rotated"]);
});
test.afterAll(async () => {
  if (world.webhook) await deleteEndpoint(admin, world.webhook.id);
  await admin?.dispose();
});

async function contextFor(browser: Browser, caller: Caller) {
  if (caller === "admin") return browser.newContext({ baseURL: e2e.baseURL, storageState: ADMIN_STATE });
  if (caller === "anonymous") return browser.newContext({ baseURL: e2e.baseURL });
  return browser.newContext({ baseURL: e2e.baseURL, storageState: await world.b.member.api.storageState() });
}

const pages = new Set(appRoutes().filter((r) => r.kind === "page").map((r) => r.pattern));
const VIEWPORTS = [
  { name: "laptop", width: 1280, height: 800 },
  { name: "phone", width: 390, height: 844 },
] as const;

for (const [pattern, entry] of Object.entries(ROUTES)) {
  if (!pages.has(pattern)) continue;
  test(`${pattern} passes axe on a laptop and on a phone`, async ({ browser }) => {
    const caller = entry.control.as === "memberA" ? "memberB" : entry.control.as;
    const context = await contextFor(browser, caller);
    const page = await context.newPage();
    for (const viewport of VIEWPORTS) {
      await page.setViewportSize(viewport);
      const response = await page.goto(entry.control.url?.(world) ?? entry.url(world));
      expect(response?.status(), `${pattern} as ${caller}`).toBeLessThan(400);
      await page.waitForLoadState("networkidle");
      expect(await accessibilityViolations(page), `${pattern} on a ${viewport.name}`).toEqual([]);
      // What sticks out past the right edge, innermost first (not inside a box that scrolls by itself).
      const sticksOut = await page.evaluate(() => {
        const width = document.documentElement.clientWidth;
        const scroller = (el: Element) => ["auto", "scroll", "hidden"].includes(getComputedStyle(el).overflowX);
        const inScroller = (el: Element | null): boolean => !!el && el !== document.body && (scroller(el) || inScroller(el.parentElement));
        const out = (el: Element) => el.getBoundingClientRect().right > width + 1;
        // A box that scrolls by itself counts as one piece: what is inside it does not push the page.
        return [...document.body.querySelectorAll("*")]
          // An absolutely placed element escapes a scrolling box that is not its containing block.
          .filter((el) => out(el) && (getComputedStyle(el).position === "absolute" || (!inScroller(el.parentElement) && (scroller(el) || ![...el.children].some(out)))))
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${(el.textContent ?? "").trim().slice(0, 40)}"`);
      });
      const sideways = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(sideways, `${pattern} scrolls sideways on a ${viewport.name}: ${sticksOut.join("; ")}`).toBeLessThanOrEqual(0);
    }
    await context.close();
  });
}
