import { partition as sdkPartition } from "@aws-sdk/core/client";
import { describe, expect, it } from "vitest";
import { consoleOrigin, isPartition, isRegionOf, PARTITIONS, partitionOfRegion, regionsOf } from "./partitions";

describe("partitions", () => {
  it.each(PARTITIONS.flatMap((p) => regionsOf(p).map((r) => [p, r] as const)))(
    "%s/%s is a region of that partition in the SDK's own table",
    (partition, region) => {
      expect(sdkPartition(region).name).toBe(partition);
    },
  );

  it("lists each region once, in one partition", () => {
    const all = PARTITIONS.flatMap((p) => regionsOf(p));
    expect(new Set(all).size).toBe(all.length);
    for (const region of all) expect(PARTITIONS.filter((p) => isRegionOf(p, region))).toHaveLength(1);
  });

  it("builds each partition's console origin", () => {
    expect(consoleOrigin("aws", "eu-west-1")).toBe("https://eu-west-1.console.aws.amazon.com");
    expect(consoleOrigin("aws-cn", "cn-north-1")).toBe("https://cn-north-1.console.amazonaws.cn");
    expect(consoleOrigin("aws-us-gov", "us-gov-west-1")).toBe("https://us-gov-west-1.console.amazonaws-us-gov.com");
  });

  it("refuses a region outside the partition", () => {
    expect(() => consoleOrigin("aws", "cn-north-1")).toThrow(RangeError);
    expect(() => consoleOrigin("aws-cn", "us-east-1")).toThrow(RangeError);
    expect(() => consoleOrigin("aws", "evil.example.com/")).toThrow(RangeError);
  });

  it("answers membership questions", () => {
    expect(isPartition("aws-cn")).toBe(true);
    expect(isPartition("aws-iso")).toBe(false);
    expect(isPartition(undefined)).toBe(false);
    expect(partitionOfRegion("us-gov-east-1")).toBe("aws-us-gov");
    expect(partitionOfRegion("mars-north-1")).toBeUndefined();
    expect(isRegionOf("aws", 7)).toBe(false);
  });
});
