import { e2e, expect, organizationSearch, test, unique } from "./fixtures";
import { signIn } from "./pages/customer";

test("pages carry a nonce-based CSP without inline scripts, and the other security headers", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  const response = await page.goto("/sign-in");
  const headers = response!.headers();
  const csp = headers["content-security-policy"]!;
  const scriptSrc = csp.split(";").map((d) => d.trim()).find((d) => d.startsWith("script-src"))!;
  expect(scriptSrc).toMatch(/'nonce-[A-Za-z0-9+/=]{20,}'/);
  expect(scriptSrc).not.toContain("'unsafe-inline'");
  expect(scriptSrc).not.toContain("'unsafe-eval'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'self'");
  expect(headers["x-frame-options"]).toBe("DENY");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toMatch(/max-age=\d{7,}/); // production build
  expect(headers["x-powered-by"]).toBeUndefined();

  // Every script Next.js rendered carries this response's nonce, and the page works (it hydrated).
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc)![1];
  const inline = await page.locator("script:not([src])").evaluateAll((scripts) => scripts.map((s) => s.nonce));
  expect(inline.length).toBeGreaterThan(0);
  for (const n of inline) expect(n).toBe(nonce);
  const second = await page.request.get("/sign-in");
  expect(second.headers()["content-security-policy"]).not.toContain(nonce);
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await expect(page).toHaveURL(/\/admin$/);
  expect(violations).toEqual([]);
});

test("the session cookie is httpOnly and SameSite=Lax", async ({ page }) => {
  await signIn(page, e2e.adminEmail, e2e.adminPassword);
  await expect(page).toHaveURL(/\/admin$/);
  const session = (await page.context().cookies()).find((c) => c.name.endsWith("next-auth.session-token"));
  expect(session).toMatchObject({ httpOnly: true, sameSite: "Lax", path: "/" });
  // Plain http on loopback here; with an https APP_URL the cookie is __Secure- and Secure.
  expect(session!.secure).toBe(false);
});

test("a server action replayed from a foreign origin is refused and changes nothing", async ({ admin }) => {
  const page = admin.page;
  await page.goto("/admin/organizations");
  // Capture a real "create organisation" request as the browser sends it…
  const name = unique("Replayed");
  await page.getByLabel("Organisation name").fill(name);
  const [request] = await Promise.all([
    page.waitForRequest((r) => r.method() === "POST" && Boolean(r.headers()["next-action"])),
    page.getByRole("button", { name: "Create organisation" }).click(),
  ]);
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  // …then replay it, with the admin's cookies, from another site with a new name.
  const replayedName = unique("Forged");
  const body = request.postDataBuffer()!.toString("latin1").replaceAll(name, replayedName);
  const forged = await page.request.fetch(request.url(), {
    method: "POST",
    headers: { ...request.headers(), origin: "https://evil.example" },
    data: Buffer.from(body, "latin1"),
  });
  expect(forged.status()).toBe(403);
  // The same replay from our own origin works, so the refusal is the origin check, not a broken replay.
  // (`headers()` leaves out the Origin the browser sent; a request without one is refused too.)
  const own = await page.request.fetch(request.url(), { method: "POST", headers: { ...request.headers(), origin: e2e.baseURL }, data: Buffer.from(body.replaceAll(replayedName, `${replayedName}-own`), "latin1") });
  expect(own.status()).toBe(200);
  await page.goto(organizationSearch(replayedName));
  await expect(page.getByRole("link", { name: `${replayedName}-own` })).toBeVisible();
  await expect(page.getByRole("link", { name: replayedName, exact: true })).toHaveCount(0);
});

test("prefetch requests get the same policy, and every script in what they return carries its nonce", async ({ admin }) => {
  const variants: Record<string, string>[] = [{ purpose: "prefetch" }, { "next-router-prefetch": "1" }, { "sec-purpose": "prefetch" }, { "next-router-prefetch": "1", rsc: "1" }];
  for (const path of ["/admin", "/sign-in"]) {
    for (const headers of variants) {
      const response = await admin.page.request.get(path, { headers, maxRedirects: 0 });
      const csp = response.headers()["content-security-policy"];
      expect(csp, `${path} ${JSON.stringify(headers)}`).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
      if (!response.headers()["content-type"]?.includes("text/html")) continue;
      const nonce = /'nonce-([^']+)'/.exec(csp!)![1];
      const scripts = [...(await response.text()).matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag, `${path} ${JSON.stringify(headers)}`).toContain(`nonce="${nonce}"`);
    }
  }
});
