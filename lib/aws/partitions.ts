/**
 * The AWS partitions Rolegate supports, their regions and their console hosts.
 * The region lists follow the partition table of the AWS SDK this project ships
 * (`partitions.test.ts` checks each region against it).
 */

/** An AWS partition Rolegate can connect accounts in. */
export type Partition = "aws" | "aws-cn" | "aws-us-gov";

/** Every supported partition, commercial first. */
export const PARTITIONS: readonly Partition[] = ["aws", "aws-cn", "aws-us-gov"];

interface PartitionInfo {
  /** How people name the partition, for messages. */
  readonly title: string;
  /** The console's host for a region, without scheme. */
  readonly consoleHost: (region: string) => string;
  readonly regions: readonly string[];
}

const PARTITION_INFO: Record<Partition, PartitionInfo> = {
  aws: {
    title: "AWS commercial regions",
    consoleHost: (region) => `${region}.console.aws.amazon.com`,
    regions: [
      "us-east-1", "us-east-2", "us-west-1", "us-west-2",
      "af-south-1",
      "ap-east-1", "ap-east-2",
      "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
      "ap-south-1", "ap-south-2",
      "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4",
      "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
      "ca-central-1", "ca-west-1",
      "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2",
      "eu-west-1", "eu-west-2", "eu-west-3",
      "il-central-1",
      "me-central-1", "me-south-1", "me-west-1",
      "mx-central-1",
      "sa-east-1", "sa-west-1",
    ],
  },
  "aws-cn": {
    title: "AWS China",
    consoleHost: (region) => `${region}.console.amazonaws.cn`,
    regions: ["cn-north-1", "cn-northwest-1"],
  },
  "aws-us-gov": {
    title: "AWS GovCloud (US)",
    consoleHost: (region) => `${region}.console.amazonaws-us-gov.com`,
    regions: ["us-gov-west-1", "us-gov-east-1"],
  },
};

/** True when `value` names a supported partition. */
export function isPartition(value: unknown): value is Partition {
  return typeof value === "string" && (PARTITIONS as readonly string[]).includes(value);
}

/** The human name of a partition, e.g. "AWS China". */
export function partitionTitle(partition: Partition): string {
  return PARTITION_INFO[partition].title;
}

/** The regions of a partition, in display order. */
export function regionsOf(partition: Partition): readonly string[] {
  return PARTITION_INFO[partition].regions;
}

/** True when `region` is one of the partition's regions. */
export function isRegionOf(partition: Partition, region: unknown): region is string {
  return typeof region === "string" && PARTITION_INFO[partition].regions.includes(region);
}

/** The partition a region belongs to, if it is one Rolegate knows. */
export function partitionOfRegion(region: string): Partition | undefined {
  return PARTITIONS.find((partition) => isRegionOf(partition, region));
}

/** The AWS console origin for a region, e.g. `https://eu-west-1.console.aws.amazon.com`. */
export function consoleOrigin(partition: Partition, region: string): string {
  if (!isRegionOf(partition, region)) {
    throw new RangeError(`${JSON.stringify(region)} is not a region of the ${partition} partition`);
  }
  return `https://${PARTITION_INFO[partition].consoleHost(region)}`;
}
