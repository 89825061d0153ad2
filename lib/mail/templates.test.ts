import { describe, expect, it } from "vitest";
import { compose, escapeHtml } from "./compose";
import { digestMessage, inviteMessage, partnerCredentialMessage, rotationMessage, statusChangeMessage } from "./templates";

const appUrl = "https://portal.partner.example";
const hostile = `Evil "Org" <img src=x onerror=alert(1)> & Co\r\nBcc: victim@example.com`;

describe("mail templates", () => {
  const all = [
    inviteMessage({ appUrl, inviteUrl: `${appUrl}/invite/tok`, organizationName: hostile, inviterName: hostile, expiresAt: new Date("2031-01-02T03:04:05Z") }),
    statusChangeMessage({ appUrl, audience: "member", organizationName: hostile, connection: { id: "c1", accountId: "123456789012", roleName: "Role", status: "failed", failure: hostile }, at: new Date() }),
    statusChangeMessage({ appUrl, audience: "admin", organizationName: hostile, connection: { id: "c1", accountId: "123456789012", roleName: "Role", status: "insecure", failure: null }, at: new Date() }),
    rotationMessage({ appUrl, organizationName: hostile }),
    digestMessage({ appUrl, failed: 2, insecure: 1, day: "2031-01-02" }),
    partnerCredentialMessage({ appUrl, summary: hostile, at: new Date() }),
  ];

  it("escape every user-controlled value in the HTML part and keep subjects on one line", () => {
    for (const m of all) {
      expect(m.html).not.toMatch(/<img|onerror=alert\(1\)>|"Org"/);
      expect(m.subject).not.toMatch(/[\r\n]/);
      expect(m.text.length).toBeGreaterThan(50);
    }
    expect(all[0]!.html).toContain("Evil &quot;Org&quot; &lt;img src=x onerror=alert(1)&gt; &amp; Co");
  });

  it("carry one absolute link back to the page that matters, in both parts", () => {
    const links = all.map((m) => m.link);
    expect(links).toEqual([
      `${appUrl}/invite/tok`,
      `${appUrl}/accounts`,
      `${appUrl}/admin/connections/c1`,
      `${appUrl}/onboarding`,
      `${appUrl}/admin/connections?status=failed`,
      `${appUrl}/admin`,
    ]);
    for (const m of all) {
      expect(m.text).toContain(m.link);
      expect(m.html).toContain(`href="${escapeHtml(m.link)}"`);
    }
  });

  it("say in the footer how to change preferences, except where there are none", () => {
    for (const m of all.slice(1, 5)) expect(m.text).toContain(`${appUrl}/account/notifications`);
    expect(all[0]!.text).toContain("If you did not expect it, ignore it");
    expect(all[5]!.text).toContain("cannot be turned off");
  });

  it("refuse a link that is not an absolute http(s) URL", () => {
    expect(() => compose({ category: "digest", subject: "s", blocks: [], link: { href: "javascript:alert(1)", label: "x" }, footer: "" })).toThrow();
  });
});
