import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type QuickCreateLinkInput, quickCreateUrl } from "./console-link";
import { generateExternalId } from "./external-id";

const base: QuickCreateLinkInput = {
  partition: "aws",
  region: "eu-west-1",
  templateUrl: "https://rolegate-templates.s3.amazonaws.com/rolegate-role-v1.yaml",
  stackName: "Rolegate",
  externalId: "rolegate-AbC_dEf-123",
};

/** Reads a quick-create link back the way the console does: its query, then the fragment's own query. */
function readBack(link: string) {
  const url = new URL(link);
  const [route, fragmentQuery = ""] = url.hash.slice(1).split(/\?(.*)/s);
  const params = new URLSearchParams(fragmentQuery);
  return { origin: url.origin, pathname: url.pathname, query: Object.fromEntries(url.searchParams), route, params, keys: [...params.keys()] };
}

describe("quickCreateUrl", () => {
  it("opens the partition's CloudFormation console at the quick-create page with the values filled in", () => {
    const link = quickCreateUrl(base);
    const back = readBack(link);
    expect(back.origin).toBe("https://eu-west-1.console.aws.amazon.com");
    expect(back.pathname).toBe("/cloudformation/home");
    expect(back.query).toEqual({ region: "eu-west-1" });
    expect(back.route).toBe("/stacks/quickcreate");
    expect(back.keys).toEqual(["templateURL", "stackName", "param_ExternalId"]);
    expect(back.params.get("templateURL")).toBe(base.templateUrl);
    expect(back.params.get("stackName")).toBe("Rolegate");
    expect(back.params.get("param_ExternalId")).toBe(base.externalId);
  });

  it.each([
    ["aws-cn", "cn-northwest-1", "https://cn-northwest-1.console.amazonaws.cn"],
    ["aws-us-gov", "us-gov-east-1", "https://us-gov-east-1.console.amazonaws-us-gov.com"],
  ] as const)("uses the %s console host", (partition, region, origin) => {
    expect(readBack(quickCreateUrl({ ...base, partition, region })).origin).toBe(origin);
  });

  it("adds the role name only when asked", () => {
    const back = readBack(quickCreateUrl({ ...base, roleName: "Custom.Role@x" }));
    expect(back.keys).toEqual(["templateURL", "stackName", "param_ExternalId", "param_RoleName"]);
    expect(back.params.get("param_RoleName")).toBe("Custom.Role@x");
  });

  it("adds the registration token only when given one, and refuses anything else as a token", () => {
    const token = `rgr_${"Ab9_-".repeat(8)}xyz`;
    const back = readBack(quickCreateUrl({ ...base, registrationToken: token }));
    expect(back.keys).toEqual(["templateURL", "stackName", "param_ExternalId", "param_RegistrationToken"]);
    expect(back.params.get("param_RegistrationToken")).toBe(token);
    for (const bad of ["", "rgr_short", `${token}&param_ExternalId=x`, token.replace("rgr_", "rgx_")]) {
      expect(() => quickCreateUrl({ ...base, registrationToken: bad })).toThrow(/registrationToken/);
    }
  });

  it("keeps a value like a&param_X=y#z as one parameter", () => {
    const templateUrl = "https://bucket.s3.amazonaws.com/t.yaml?a&param_X=y#z";
    const back = readBack(quickCreateUrl({ ...base, templateUrl }));
    expect(back.keys).toEqual(["templateURL", "stackName", "param_ExternalId"]);
    expect(back.params.get("templateURL")).toBe(templateUrl);
    expect(back.params.get("param_ExternalId")).toBe(base.externalId);
  });

  it("refuses such a value as an External ID, stack name or role name rather than encode it", () => {
    expect(() => quickCreateUrl({ ...base, externalId: "a&param_X=y#z" })).toThrow(/externalId/);
    expect(() => quickCreateUrl({ ...base, stackName: "a&param_X=y#z" })).toThrow(/stackName/);
    expect(() => quickCreateUrl({ ...base, roleName: "a&param_X=y#z" })).toThrow(/roleName/);
  });

  it("round-trips every valid External ID and any template URL query exactly", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\w+=,.@:/-]{2,80}$/),
        fc.string({ unit: "grapheme", maxLength: 40 }),
        (externalId, tail) => {
          const templateUrl = `https://bucket.s3.amazonaws.com/t.yaml?${tail}`;
          let link: string;
          try {
            link = quickCreateUrl({ ...base, externalId, templateUrl });
          } catch {
            // Tails with spaces or control characters make the template URL invalid: refused, not encoded.
            expect(/[\u0000-\u0020\u007f-\u009f]/.test(tail)).toBe(true);
            return;
          }
          const back = readBack(link);
          expect(back.keys).toEqual(["templateURL", "stackName", "param_ExternalId"]);
          expect(back.params.get("param_ExternalId")).toBe(externalId);
          expect(back.params.get("templateURL")).toBe(templateUrl);
        },
      ),
    );
  });

  it("validates the region against the partition", () => {
    expect(() => quickCreateUrl({ ...base, region: "cn-north-1" })).toThrow(/region/);
    expect(() => quickCreateUrl({ ...base, partition: "aws-cn", region: "eu-west-1" })).toThrow(/region/);
    expect(() => quickCreateUrl({ ...base, region: "eu-west-1&x=1" })).toThrow(/region/);
  });

  it("refuses a template URL that is not http(s)", () => {
    for (const templateUrl of ["javascript:alert(1)", "ftp://x/t.yaml", "/relative.yaml", "https://x/t .yaml", ""]) {
      expect(() => quickCreateUrl({ ...base, templateUrl })).toThrow(/templateUrl/);
    }
  });

  it("points at the sandbox console when given one, keeping its path and dropping its query", () => {
    const link = quickCreateUrl({ ...base, consoleBaseUrl: "http://127.0.0.1:4599/console/?x=1#y" });
    expect(link.startsWith("http://127.0.0.1:4599/console/cloudformation/home?region=eu-west-1#/stacks/quickcreate?")).toBe(true);
    expect(readBack(link).params.get("param_ExternalId")).toBe(base.externalId);
    expect(() => quickCreateUrl({ ...base, consoleBaseUrl: "javascript:alert(1)" })).toThrow(/consoleBaseUrl/);
  });

  it("works with generated External IDs", () => {
    const externalId = generateExternalId();
    expect(readBack(quickCreateUrl({ ...base, externalId })).params.get("param_ExternalId")).toBe(externalId);
  });
});
