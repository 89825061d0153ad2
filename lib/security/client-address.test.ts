import { describe, expect, it } from "vitest";
import { loadConfig } from "@/lib/config";
import { clientAddress } from "./client-address";

describe("the client address behind proxies", () => {
  it("is what the proxy in front appended, whatever the client wrote before it", () => {
    expect(clientAddress("203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientAddress("198.51.100.1, 203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientAddress("1.1.1.1,2.2.2.2 ,  203.0.113.7", 1)).toBe("203.0.113.7");
    expect(clientAddress("2001:db8::1", 1)).toBe("2001:db8::1");
  });

  it("counts back one address per trusted proxy (a CDN in front of a load balancer: 2)", () => {
    expect(clientAddress("198.51.100.1, 203.0.113.7, 192.0.2.10", 2)).toBe("203.0.113.7");
    expect(clientAddress("203.0.113.7, 192.0.2.10", 2)).toBe("203.0.113.7");
    // Fewer addresses than proxies: the left-most, the furthest anyone vouched for.
    expect(clientAddress("192.0.2.10", 3)).toBe("192.0.2.10");
  });

  it("is unknown when there is none or it is not address-sized", () => {
    for (const header of [undefined, null, "", " ", "203.0.113.7, ", "x".repeat(65)]) expect(clientAddress(header, 1)).toBeUndefined();
  });

  it("is configured with TRUSTED_PROXY_HOPS: 1 by default, a clear message for anything but 1-10", () => {
    expect(loadConfig({}).trustedProxyHops).toBe(1);
    expect(loadConfig({ TRUSTED_PROXY_HOPS: "2" }).trustedProxyHops).toBe(2);
    for (const bad of ["0", "11", "1.5", "two", "-1"]) {
      expect(() => loadConfig({ TRUSTED_PROXY_HOPS: bad })).toThrow("TRUSTED_PROXY_HOPS: expected the number of proxies in front of Rolegate (1-10)");
    }
  });
});
