import { isIP } from "node:net";
import { describe, expect, it, vi } from "vitest";
import { checkWebhookUrl, isPublicAddress, publicOnlyLookup, type LookupFn } from "./ssrf";

const resolvesTo = (...addresses: string[]) => vi.fn<LookupFn>(async () => addresses.map((address) => ({ address, family: isIP(address) })));
const failsWith = (code: string) => vi.fn<LookupFn>(async () => Promise.reject(Object.assign(new Error(`getaddrinfo ${code}`), { code })));

const PRIVATE_ADDRESSES = {
  loopback: ["127.0.0.1", "127.255.255.254", "::1"],
  private: ["10.0.0.5", "172.16.0.1", "172.31.255.255", "192.168.1.1"],
  "link-local and cloud metadata": ["169.254.169.254", "169.254.0.1", "fe80::1"],
  "carrier-grade NAT": ["100.64.0.1", "100.127.255.254"],
  "unique-local": ["fc00::1", "fd12:3456::1"],
  multicast: ["224.0.0.1", "239.255.255.250", "ff02::1"],
  "unspecified and broadcast": ["0.0.0.0", "0.1.2.3", "::", "255.255.255.255"],
  "reserved and documentation": ["240.0.0.1", "192.0.2.1", "198.18.0.1", "2001:db8::1"],
  // ipaddr.js reads "::127.0.0.1" as IPv4-mapped, but "::7f00:1", the same address as WHATWG URL writes it, as unicast.
  "IPv4-mapped and IPv4-compatible": ["::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254", "::127.0.0.1", "::7f00:1", "::a00:5"],
  // 2002:7f00:1:: is 6to4 around 127.0.0.1; 64:ff9b::a00:1 is NAT64 around 10.0.0.1.
  "6to4, Teredo and NAT64": ["2002:7f00:1::", "2002:a00:1::1", "2001:0:4136:e378:8000:63bf:3fff:fdd2", "64:ff9b::a00:1", "64:ff9b:1::a9fe:a9fe"],
};
const PUBLIC_ADDRESSES = ["93.184.216.34", "8.8.8.8", "1.1.1.1", "2606:2800:220:1:248:1893:25c8:1946", "2606:4700:4700::1111"];

describe("isPublicAddress", () => {
  for (const [kind, addresses] of Object.entries(PRIVATE_ADDRESSES)) {
    it(`is false for ${kind}`, () => {
      for (const address of addresses) expect(isPublicAddress(address), address).toBe(false);
    });
  }

  it("is true for public unicast", () => {
    for (const address of PUBLIC_ADDRESSES) expect(isPublicAddress(address), address).toBe(true);
  });

  it("is false for anything that is not a canonical IP literal", () => {
    // ipaddr.js alone would read the shorthand forms of 8.8.8.8 as public.
    for (const text of ["", "example.com", "1.2.3.4.5", "2130706433", "0177.0.0.1", "127.1", "134744072", "0x08080808", "010.8.8.8", "8.8.2056"]) {
      expect(isPublicAddress(text), text).toBe(false);
    }
  });
});

describe("checkWebhookUrl: the form of the URL", () => {
  const check = (raw: unknown, allowPrivate = false) => checkWebhookUrl(raw, { allowPrivate, lookup: resolvesTo("93.184.216.34") });

  it("asks for a URL when there is none", async () => {
    for (const raw of [undefined, null, 42, {}, "", "   "]) expect(await check(raw)).toEqual({ ok: false, message: "Enter the URL of your webhook endpoint." });
  });

  it("refuses URLs over 2,048 characters", async () => {
    const long = `https://hooks.example.com/${"a".repeat(2048)}`;
    expect(await check(long)).toEqual({ ok: false, message: "Use a URL of at most 2,048 characters." });
    expect((await check(`https://hooks.example.com/${"a".repeat(2048 - 26)}`)).ok).toBe(true);
  });

  it("refuses what is not an absolute URL", async () => {
    for (const raw of ["/webhooks", "hooks.example.com/webhooks", "https://", "https://exa mple.com/"]) {
      expect(await check(raw), raw).toEqual({ ok: false, message: "Enter an absolute URL, such as https://example.com/webhooks." });
    }
  });

  it("takes https only, and http too when private addresses are allowed", async () => {
    expect(await check("http://hooks.example.com/")).toEqual({ ok: false, message: "Use an https:// URL." });
    expect((await check("http://hooks.example.com/", true)).ok).toBe(true);
    for (const raw of ["ftp://hooks.example.com/", "file:///etc/passwd", "javascript:alert(1)", "gopher://hooks.example.com/", "ws://hooks.example.com/"]) {
      expect(await check(raw), raw).toEqual({ ok: false, message: "Use an https:// URL." });
      expect(await check(raw, true), raw).toEqual({ ok: false, message: "Use an https:// or http:// URL." });
    }
  });

  it("refuses credentials and fragments, also when private addresses are allowed", async () => {
    for (const allowPrivate of [false, true]) {
      for (const raw of ["https://user:pass@hooks.example.com/", "https://user@hooks.example.com/", "https://:pass@hooks.example.com/"]) {
        expect(await check(raw, allowPrivate)).toEqual({ ok: false, message: "Remove the user name and password from the URL; each delivery is signed instead." });
      }
      for (const raw of ["https://hooks.example.com/#events", "https://hooks.example.com/#"]) {
        expect(await check(raw, allowPrivate)).toEqual({ ok: false, message: "Remove the #fragment from the URL; it is never sent to the server." });
      }
    }
  });

  it("returns the parsed URL, path and query kept", async () => {
    const result = await check("https://hooks.example.com:8443/rolegate?tenant=42");
    expect(result.ok && result.url.href).toBe("https://hooks.example.com:8443/rolegate?tenant=42");
  });
});

describe("checkWebhookUrl: where the URL points", () => {
  it("refuses IP literals in every non-public range, without a DNS lookup", async () => {
    for (const address of Object.values(PRIVATE_ADDRESSES).flat()) {
      const lookup = resolvesTo("93.184.216.34");
      const host = isIP(address) === 6 ? `[${address}]` : address;
      const result = await checkWebhookUrl(`https://${host}/hooks`, { allowPrivate: false, lookup });
      expect(result.ok, address).toBe(false);
      expect(!result.ok && result.message, address).toMatch(/ is not a public address; webhooks go to public addresses only\.$/);
      expect(lookup).not.toHaveBeenCalled();
    }
  });

  it("refuses hosts that resolve to any non-public range", async () => {
    for (const address of Object.values(PRIVATE_ADDRESSES).flat()) {
      const result = await checkWebhookUrl("https://hooks.example.com/", { allowPrivate: false, lookup: resolvesTo(address) });
      expect(result, address).toEqual({ ok: false, message: `This host resolves to a private address (${address}); webhooks go to public addresses only.` });
    }
  });

  it("refuses a host when one of its addresses is private, whichever comes first", async () => {
    for (const addresses of [["93.184.216.34", "10.0.0.1"], ["10.0.0.1", "93.184.216.34"], ["2606:4700:4700::1111", "93.184.216.34", "fd00::1"]]) {
      const result = await checkWebhookUrl("https://hooks.example.com/", { allowPrivate: false, lookup: resolvesTo(...addresses) });
      expect(result.ok, addresses.join()).toBe(false);
      expect(!result.ok && result.message).toContain(`(${addresses.find((address) => !isPublicAddress(address))})`);
    }
  });

  it("refuses loopback written as a number, in octal or hex, shortened, or as mapped IPv6", async () => {
    const lookup = resolvesTo("93.184.216.34");
    for (const raw of ["https://2130706433/", "http://2130706433/", "https://0177.0.0.1/", "https://0x7f.0.0.1/", "https://127.1/", "https://[::ffff:127.0.0.1]/", "https://[::1]/"]) {
      const result = await checkWebhookUrl(raw, { allowPrivate: false, lookup });
      expect(result.ok, raw).toBe(false);
      if (raw.startsWith("http:")) expect(result).toEqual({ ok: false, message: "Use an https:// URL." });
      else expect(!result.ok && result.message, raw).toMatch(/^(127\.0\.0\.1|::1|::ffff:7f00:1) is not a public address;/);
    }
    expect(await checkWebhookUrl("https://0x0a.0.0.5/", { allowPrivate: false, lookup })).toEqual({
      ok: false,
      message: "10.0.0.5 is not a public address; webhooks go to public addresses only.",
    });
    expect(lookup).not.toHaveBeenCalled();
  });

  it("refuses localhost with the system resolver", async () => {
    const result = await checkWebhookUrl("https://localhost:8443/", { allowPrivate: false });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toMatch(/^This host resolves to a private address \((127\.0\.0\.1|::1)\)/);
  });

  it("says when a host does not resolve, or could not be looked up", async () => {
    const url = "https://hooks.example.invalid/";
    const notFound = { ok: false, message: "This host (hooks.example.invalid) does not resolve; check its spelling." };
    expect(await checkWebhookUrl(url, { allowPrivate: false, lookup: failsWith("ENOTFOUND") })).toEqual(notFound);
    expect(await checkWebhookUrl(url, { allowPrivate: false, lookup: resolvesTo() })).toEqual(notFound);
    expect(await checkWebhookUrl(url, { allowPrivate: false, lookup: failsWith("EAI_AGAIN") })).toEqual({
      ok: false,
      message: "This host (hooks.example.invalid) could not be looked up just now; try again in a moment.",
    });
  });

  it("accepts hosts and literals that are public, looking up the host name", async () => {
    const lookup = resolvesTo(...PUBLIC_ADDRESSES);
    expect((await checkWebhookUrl("https://hooks.example.com/", { allowPrivate: false, lookup })).ok).toBe(true);
    expect(lookup).toHaveBeenCalledWith("hooks.example.com");
    for (const raw of ["https://93.184.216.34/hooks", "https://[2606:4700:4700::1111]/hooks"]) {
      expect((await checkWebhookUrl(raw, { allowPrivate: false, lookup })).ok, raw).toBe(true);
    }
  });

  it("skips the address checks when private addresses are allowed", async () => {
    const lookup = resolvesTo("127.0.0.1");
    for (const raw of ["http://127.0.0.1:3000/hooks", "https://localhost/", "http://[::1]/", "https://169.254.169.254/"]) {
      expect((await checkWebhookUrl(raw, { allowPrivate: true, lookup })).ok, raw).toBe(true);
    }
    expect(lookup).not.toHaveBeenCalled();
  });
});

describe("the public-only lookup outbound sockets use", () => {
  const lookUp = (host: string, all: boolean) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((resolve) => publicOnlyLookup(host, { all }, (error, address) => resolve({ error, address })));

  it("refuses a host that resolves to loopback, in both the single and the all-addresses form, and says why", async () => {
    for (const all of [false, true]) {
      const { error, address } = await lookUp("localhost", all);
      expect(error?.code).toBe("ECONNREFUSED");
      expect(error?.message).toMatch(/localhost resolves to a private address/);
      expect(address).toEqual(all ? [] : "");
    }
  });
});
