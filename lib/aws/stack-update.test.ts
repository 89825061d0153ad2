import { describe, expect, it } from "vitest";
import { stackConsoleUrl, updateStackCommand } from "./stack-update";

const input = { partition: "aws" as const, region: "eu-west-1", stackName: "RolegateAccess", externalId: "rolegate-AbC_dEf-123" };

/** Runs a command line through a POSIX shell's word splitting and returns the words. */
async function words(command: string): Promise<string[]> {
  const { execFileSync } = await import("node:child_process");
  const out = execFileSync("sh", ["-c", `for w in ${command.replaceAll("\\\n", "")}; do printf '%s\\0' "$w"; done`]);
  return out.toString("utf8").split("\0").slice(0, -1);
}

describe("stackConsoleUrl", () => {
  it("opens the region's CloudFormation stack list filtered to the stack", () => {
    const url = new URL(stackConsoleUrl(input));
    expect(url.origin).toBe("https://eu-west-1.console.aws.amazon.com");
    expect(url.searchParams.get("region")).toBe("eu-west-1");
    const [route, query] = url.hash.slice(1).split("?");
    expect(route).toBe("/stacks");
    expect(new URLSearchParams(query).get("filteringText")).toBe("RolegateAccess");
  });

  it("uses the sandbox console when given one, and refuses a bad stack name or External ID", () => {
    expect(stackConsoleUrl({ ...input, consoleBaseUrl: "http://127.0.0.1:4599/" })).toMatch(/^http:\/\/127\.0\.0\.1:4599\/cloudformation\/home\?region=eu-west-1#/);
    expect(() => stackConsoleUrl({ ...input, stackName: "a&b=c" })).toThrow(RangeError);
    expect(() => stackConsoleUrl({ ...input, externalId: "has space" })).toThrow(RangeError);
    expect(() => stackConsoleUrl({ ...input, region: "cn-north-1" })).toThrow(RangeError);
  });
});

describe("updateStackCommand", () => {
  it("keeps the template and the role name, and sets only the new External ID", async () => {
    const argv = await words(updateStackCommand(input));
    expect(argv.slice(0, 3)).toEqual(["aws", "cloudformation", "update-stack"]);
    expect(argv).toContain("--use-previous-template");
    expect(argv[argv.indexOf("--stack-name") + 1]).toBe("RolegateAccess");
    expect(argv[argv.indexOf("--capabilities") + 1]).toBe("CAPABILITY_NAMED_IAM");
    expect(JSON.parse(argv[argv.indexOf("--parameters") + 1]!)).toEqual([
      { ParameterKey: "ExternalId", ParameterValue: "rolegate-AbC_dEf-123" },
      { ParameterKey: "RoleName", UsePreviousValue: true },
    ]);
  });

  it("keeps an External ID with every character AWS allows as one value", async () => {
    const externalId = "a,b=c@d:e/f+g.h-i_$j";
    expect(() => updateStackCommand({ ...input, externalId })).toThrow(RangeError); // `$` is not allowed
    const allowed = externalId.replace("$", "");
    const argv = await words(updateStackCommand({ ...input, externalId: allowed }));
    expect(JSON.parse(argv[argv.indexOf("--parameters") + 1]!)[0].ParameterValue).toBe(allowed);
  });
});
