import type { S3Client } from "@aws-sdk/client-s3";
import type { STSClient } from "@aws-sdk/client-sts";

/**
 * What an SDK client otherwise resolves from the environment and the shared config files on its
 * first request: FIPS and dual-stack endpoints, retry and defaults modes, the app id, the auth
 * scheme preference, the SigV4a region set. A long-lived client's providers for these are memoised,
 * so a short-lived client made for one role session that takes them resolves nothing again (each
 * setting still honours `AWS_USE_FIPS_ENDPOINT` and the rest, once per process).
 */
const SHARED = ["useFipsEndpoint", "useDualstackEndpoint", "retryMode", "defaultsMode", "userAgentAppId", "authSchemePreference", "sigv4aSigningRegionSet"] as const;

/** S3's own settings of the same kind, on top of {@link SHARED}. */
const S3_ONLY = ["requestChecksumCalculation", "responseChecksumValidation", "useArnRegion", "disableS3ExpressSessionAuth"] as const;

function pick<C, K extends keyof C>(config: C, keys: readonly K[]): Pick<C, K> {
  return Object.fromEntries(keys.map((key) => [key, config[key]])) as Pick<C, K>;
}

/** The settings of a resolved STS client configuration that a short-lived STS client reuses. */
export function stsSettings(config: STSClient["config"]) {
  return pick(config, SHARED);
}

/** The same for S3, with S3's own settings. */
export function s3Settings(config: S3Client["config"]) {
  return pick(config, [...SHARED, ...S3_ONLY]);
}
