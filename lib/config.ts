import { z } from "zod";
import { parseRoleArn } from "@/lib/aws/arn";
import { isRegionOf, regionsOf } from "@/lib/aws/partitions";
import { isPermissionSetId, PERMISSION_SETS } from "@/lib/aws/permission-sets";
import { isLoopbackHost } from "@/lib/security/loopback";
import { EMAIL_DOMAIN } from "@/lib/schemas/organization-sso";

/**
 * Every environment variable Rolegate reads, parsed once with zod.
 * Nothing else in the app reads `process.env`; `.env.example` documents each one.
 */

const emptyToUndefined = (value: unknown) =>
  typeof value === "string" && value.trim() === "" ? undefined : value;

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional());

const port = z.coerce
  .number({ error: "expected a port number (1-65535)" })
  .int({ error: "expected a whole port number (1-65535)" })
  .min(1, { error: "expected a port number (1-65535)" })
  .max(65535, { error: "expected a port number (1-65535)" });

/** A whole number in [min, max] with a default; one message names what is expected. */
const wholeNumber = (min: number, max: number, what: string, fallback: number) => {
  const error = `expected ${what} (${min}-${max})`;
  return z.preprocess(emptyToUndefined, z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback));
};

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const INTERVAL_EXPECTED = "expected a duration such as 30s, 15m, 6h or 1d (at least 10s, at most 365d), or off";

/** `HEALTH_CHECK_INTERVAL`: a whole number and a unit (`30s`, `15m`, `6h`, `1d`) in milliseconds, `null` for `off`. */
export function parseInterval(value: string): { ok: true; ms: number | null } | { ok: false; message: string } {
  const text = value.trim().toLowerCase();
  if (text === "off") return { ok: true, ms: null };
  const match = /^(\d{1,9})\s*([smhd])$/.exec(text);
  if (!match) return { ok: false, message: INTERVAL_EXPECTED };
  const ms = Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS];
  // Shorter than 10 s is a load test, not a health check; longer than a year is a mistake.
  if (ms < 10_000 || ms > 365 * UNIT_MS.d) return { ok: false, message: INTERVAL_EXPECTED };
  return { ok: true, ms };
}

const httpUrl = z.url({ protocol: /^https?$/, error: "expected an http:// or https:// URL" });

const SMTP_URL_EXPECTED = "expected smtp://user:password@host:port or smtps://user:password@host:port (user and password percent-encoded)";

/** SMTP settings from `smtp://` or `smtps://` (implicit TLS); null when the URL is not one. The password is never echoed in errors. */
function parseSmtpUrl(value: string): { secure: boolean; host: string; port: number; user?: string; password?: string } | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if ((url.protocol !== "smtp:" && url.protocol !== "smtps:") || !url.hostname || (url.pathname !== "" && url.pathname !== "/")) return null;
  const secure = url.protocol === "smtps:";
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  try {
    const user = url.username ? decodeURIComponent(url.username) : undefined;
    const password = url.password ? decodeURIComponent(url.password) : undefined;
    return { secure, host: url.hostname.replace(/^\[|\]$/g, ""), port, ...(user ? { user } : {}), ...(password ? { password } : {}) };
  } catch {
    return null;
  }
}

/** `a@b.example` or `Name <a@b.example>`, on one line. */
function isMailFrom(value: string): boolean {
  if (/[\r\n]/.test(value) || value.length > 320) return false;
  const address = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value;
  return z.email().safeParse(address.trim()).success;
}

/** The domain of the default sender: APP_URL's host, unless that is no domain (localhost, an IP address). */
function mailDomainOf(appUrl: string | undefined): string {
  const host = new URL(appUrl ?? "http://localhost").hostname;
  return host === "localhost" || /^[\d.]+$/.test(host) || host.startsWith("[") ? "rolegate.local" : host;
}

const AWS_CREDENTIAL_VARIABLES = [
  "AWS_ACCESS_KEY_ID",
  "AWS_PROFILE",
  "AWS_ROLE_ARN",
  "AWS_WEB_IDENTITY_TOKEN_FILE",
  "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
  "AWS_CONTAINER_CREDENTIALS_FULL_URI",
] as const;

const envSchema = z
  .object({
    NODE_ENV: z.preprocess(emptyToUndefined, z.enum(["development", "production", "test"]).default("development")),
    PORT: z.preprocess(emptyToUndefined, port.default(3000)),
    APP_URL: optional(httpUrl),
    DATA_DIR: z.preprocess(emptyToUndefined, z.string().default("./data")),
    PGLITE_DATA_DIR: optional(z.string()),
    DATABASE_URL: optional(
      z.url({ protocol: /^postgres(ql)?$/, error: "expected a postgres:// or postgresql:// connection URL" }),
    ),
    DATABASE_QUERY_TIMEOUT: wholeNumber(1, 3600, "seconds", 35),
    AUTH_SECRET: optional(z.string().min(32, { error: "expected at least 32 characters of random text" })),
    ADMIN_EMAIL: optional(z.email({ error: "expected an e-mail address" }).max(254)),
    ADMIN_PASSWORD: optional(
      z.string().min(12, { error: "expected at least 12 characters" }).max(256, { error: "expected at most 256 characters" }),
    ),
    AWS_MODE: optional(z.enum(["sandbox", "aws"], { error: "expected `sandbox` or `aws`" })),
    AWS_REGION: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "expected an AWS region code such as us-east-1" })
        .default("us-east-1"),
    ),
    AWS_PARTITION: z.preprocess(
      emptyToUndefined,
      z.enum(["aws", "aws-cn", "aws-us-gov"], { error: "expected aws, aws-cn or aws-us-gov" }).default("aws"),
    ),
    AWS_ENDPOINT_URL_STS: optional(httpUrl),
    AWS_ENDPOINT_URL_SNS: optional(httpUrl),
    AWS_ENDPOINT_URL_S3: optional(httpUrl),
    REGISTRATION_TOPIC_NAME: optional(
      z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, { error: "expected an SNS topic name (letters, digits, - and _; at most 256)" }),
    ),
    REGISTRATION_REGIONS: optional(
      z
        .string()
        .transform((v) => [...new Set(v.split(",").map((r) => r.trim()).filter(Boolean))])
        .pipe(
          z
            .array(z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, { error: "expected AWS region codes separated by commas, such as us-east-1,eu-west-1" }))
            .min(1, { error: "expected at least one AWS region code" }),
        ),
    ),
    SANDBOX_PORT: z.preprocess(emptyToUndefined, port.default(4599)),
    SANDBOX_DATA_DIR: optional(z.string()),
    PARTNER_AWS_ACCOUNT_ID: optional(z.string().regex(/^\d{12}$/, { error: "expected a 12-digit AWS account id" })),
    ROLE_TEMPLATE_URL: optional(httpUrl),
    PERMISSION_SET: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .refine(isPermissionSetId, { error: `expected one of ${Object.keys(PERMISSION_SETS).join(", ")}` })
        .default("s3-read-only"),
    ),
    VERIFIER_ROLE_ARN: optional(z.string().refine((v) => parseRoleArn(v).ok, { error: "expected an IAM role ARN, e.g. arn:aws:iam::111111111111:role/RolegateVerifier" })),
    LOG_LEVEL: z.preprocess(
      emptyToUndefined,
      z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    ),
    LOG_FILE: optional(z.string()),
    ENCRYPTION_KEY: optional(z.string().min(32, { error: "expected at least 32 characters of random text" })),
    API_RATE_LIMIT: wholeNumber(1, 1_000_000, "requests per minute per API key", 1000),
    WEBHOOKS_ALLOW_PRIVATE: z.preprocess(
      emptyToUndefined,
      z.enum(["true", "false"], { error: "expected true or false" }).default("false"),
    ),
    TRUSTED_PROXY_HOPS: wholeNumber(1, 10, "the number of proxies in front of Rolegate", 1),
    SMTP_URL: optional(z.string().transform((v, ctx) => parseSmtpUrl(v) ?? (ctx.addIssue({ code: "custom", message: SMTP_URL_EXPECTED }), z.NEVER))),
    MAIL_FROM: optional(z.string().refine(isMailFrom, { error: "expected an e-mail address, or a name and address such as Rolegate <no-reply@partner.example>" })),
    REQUIRE_ADMIN_MFA: optional(z.enum(["true", "false"], { error: "expected true or false" })),
    OIDC_ISSUER: optional(httpUrl),
    OIDC_CLIENT_ID: optional(z.string().max(512)),
    OIDC_CLIENT_SECRET: optional(z.string().max(2048)),
    OIDC_NAME: optional(z.string().max(60)),
    OIDC_ADMIN_DOMAINS: optional(
      z
        .string()
        .transform((v) => [...new Set(v.split(",").map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))])
        .pipe(z.array(z.string().regex(EMAIL_DOMAIN, { error: "expected e-mail domains separated by commas, such as partner.example" }))),
    ),
    OIDC_ADMIN_GROUP: optional(z.string().max(256)),
    OIDC_GROUPS_CLAIM: z.preprocess(emptyToUndefined, z.string().regex(/^[A-Za-z0-9_.:/-]{1,128}$/, { error: "expected a claim name such as groups" }).default("groups")),
    ADMIN_PASSWORD_SIGN_IN: optional(z.enum(["true", "false"], { error: "expected true or false" })),
    HEALTH_CHECK_INTERVAL: z.preprocess(
      emptyToUndefined,
      z
        .string()
        .default("24h")
        .transform((value, ctx) => {
          const parsed = parseInterval(value);
          if (parsed.ok) return parsed.ms;
          ctx.addIssue({ code: "custom", message: parsed.message });
          return z.NEVER;
        }),
    ),
  })
  .superRefine((env, ctx) => {
    for (const region of env.REGISTRATION_REGIONS ?? []) {
      if (!isRegionOf(env.AWS_PARTITION, region)) {
        ctx.addIssue({ code: "custom", path: ["REGISTRATION_REGIONS"], message: `${region} is not a region of the ${env.AWS_PARTITION} partition` });
      }
    }
    if (env.OIDC_ISSUER || env.OIDC_CLIENT_ID || env.OIDC_CLIENT_SECRET) {
      for (const name of ["OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"] as const) {
        if (!env[name]) ctx.addIssue({ code: "custom", path: [name], message: "is required when single sign-on is configured (OIDC_ISSUER, OIDC_CLIENT_ID and OIDC_CLIENT_SECRET)" });
      }
      if (!env.OIDC_ADMIN_DOMAINS?.length && !env.OIDC_ADMIN_GROUP) {
        ctx.addIssue({ code: "custom", path: ["OIDC_ADMIN_DOMAINS"], message: "set OIDC_ADMIN_DOMAINS or OIDC_ADMIN_GROUP: who may sign in as a partner admin" });
      }
      if (env.OIDC_ISSUER && new URL(env.OIDC_ISSUER).protocol === "http:" && !isLoopbackHost(new URL(env.OIDC_ISSUER).hostname)) {
        ctx.addIssue({ code: "custom", path: ["OIDC_ISSUER"], message: "expected an https:// URL (http:// only on loopback)" });
      }
    }
    if (env.ADMIN_PASSWORD_SIGN_IN === "false" && !env.OIDC_ISSUER) {
      ctx.addIssue({ code: "custom", path: ["ADMIN_PASSWORD_SIGN_IN"], message: "can be false only when single sign-on is configured (OIDC_ISSUER): admins would have no way to sign in" });
    }
    if (env.ADMIN_PASSWORD && !env.ADMIN_EMAIL) {
      ctx.addIssue({ code: "custom", path: ["ADMIN_EMAIL"], message: "is required when ADMIN_PASSWORD is set" });
    }
  });

export type Config = ReturnType<typeof loadConfig>;

/** Parses an environment (defaults to `process.env`) into typed configuration, or throws a ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    // Named by the variable alone: a list's item index means nothing to the operator.
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.length ? String(issue.path[0]) : "(environment)"}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const hasAwsCredentials = AWS_CREDENTIAL_VARIABLES.some((name) => Boolean(env[name]?.trim()));
  // A production deployment on its own database that finds no credential variables most likely gets
  // them from an instance or task role: falling back on the simulated AWS there would verify nothing.
  if (!e.AWS_MODE && !hasAwsCredentials && e.NODE_ENV === "production" && e.DATABASE_URL) {
    throw new ConfigError(
      "Invalid configuration:\n  AWS_MODE: is required in production with DATABASE_URL when no AWS credential variables are set. " +
        "Set AWS_MODE=aws to use real AWS (credentials from an instance or task role, a profile or the environment), " +
        "or AWS_MODE=sandbox to run on the simulated AWS on purpose.",
    );
  }
  const awsMode = e.AWS_MODE ?? (hasAwsCredentials ? "aws" : "sandbox");
  const sandboxUrl = `http://127.0.0.1:${e.SANDBOX_PORT}`;
  return {
    nodeEnv: e.NODE_ENV,
    port: e.PORT,
    appUrl: (e.APP_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ""),
    dataDir: e.DATA_DIR,
    database: e.DATABASE_URL
      ? ({ kind: "postgres", url: e.DATABASE_URL, queryTimeoutSeconds: e.DATABASE_QUERY_TIMEOUT } as const)
      : ({ kind: "pglite", dir: e.PGLITE_DATA_DIR ?? `${e.DATA_DIR}/pglite` } as const),
    authSecret: e.AUTH_SECRET,
    admin: { email: e.ADMIN_EMAIL?.toLowerCase(), password: e.ADMIN_PASSWORD },
    aws: {
      mode: awsMode,
      region: e.AWS_REGION,
      partition: e.AWS_PARTITION,
      stsEndpoint: awsMode === "sandbox" ? (e.AWS_ENDPOINT_URL_STS ?? sandboxUrl) : e.AWS_ENDPOINT_URL_STS,
      /** Where the permission probe's S3 call goes (path-style when set). */
      s3Endpoint: awsMode === "sandbox" ? (e.AWS_ENDPOINT_URL_S3 ?? sandboxUrl) : e.AWS_ENDPOINT_URL_S3,
      partnerAccountId: e.PARTNER_AWS_ACCOUNT_ID,
      roleTemplateUrl: e.ROLE_TEMPLATE_URL,
      permissionSet: e.PERMISSION_SET,
      verifierRoleArn: e.VERIFIER_ROLE_ARN,
    },
    /**
     * Zero-paste registration: the role template's custom resource publishes to this SNS topic (one
     * per region, same name) and SNS delivers to `${appUrl}/api/aws/sns`. Null when not configured in
     * `aws` mode: the manual path alone, and the pages say nothing about it. Always on in sandbox mode.
     */
    registration:
      awsMode === "sandbox" || e.REGISTRATION_TOPIC_NAME
        ? {
            topicName: e.REGISTRATION_TOPIC_NAME ?? "rolegate-registration",
            regions: e.REGISTRATION_REGIONS ?? regionsOf(e.AWS_PARTITION),
            snsEndpoint: awsMode === "sandbox" ? (e.AWS_ENDPOINT_URL_SNS ?? sandboxUrl) : e.AWS_ENDPOINT_URL_SNS,
          }
        : null,
    sandbox: {
      port: e.SANDBOX_PORT,
      url: sandboxUrl,
      dataDir: e.SANDBOX_DATA_DIR ?? `${e.DATA_DIR}/sandbox`,
    },
    log: { level: e.LOG_LEVEL, file: e.LOG_FILE },
    trustedProxyHops: e.TRUSTED_PROXY_HOPS,
    /** Key material for secrets stored encrypted (webhook signing secrets); AUTH_SECRET when unset. */
    encryptionKey: e.ENCRYPTION_KEY,
    api: { rateLimitPerMinute: e.API_RATE_LIMIT },
    webhooks: { allowPrivate: e.WEBHOOKS_ALLOW_PRIVATE === "true" },
    /**
     * Outgoing e-mail. Without SMTP_URL messages are kept in the outbox and shown at /admin/mail;
     * `smtp` holds the password: never log this object whole.
     */
    mail: {
      smtp: e.SMTP_URL ?? null,
      from: e.MAIL_FROM ?? `Rolegate <no-reply@${mailDomainOf(e.APP_URL)}>`,
    },
    /** Scheduled re-verification of every connection: its interval in milliseconds, null when off. */
    health: { intervalMs: e.HEALTH_CHECK_INTERVAL },
    /**
     * Single sign-on for partner admins through the partner's OpenID provider; null when not set.
     * `clientSecret` is a secret: never log this object whole.
     */
    oidc: e.OIDC_ISSUER
      ? {
          issuer: e.OIDC_ISSUER.replace(/\/+$/, ""),
          clientId: e.OIDC_CLIENT_ID ?? "",
          clientSecret: e.OIDC_CLIENT_SECRET ?? "",
          name: e.OIDC_NAME ?? new URL(e.OIDC_ISSUER).hostname,
          adminDomains: e.OIDC_ADMIN_DOMAINS ?? [],
          adminGroup: e.OIDC_ADMIN_GROUP ?? null,
          groupsClaim: e.OIDC_GROUPS_CLAIM,
        }
      : null,
    /** Whether partner admins may sign in with a password (false only with single sign-on). */
    adminPasswordSignIn: e.ADMIN_PASSWORD_SIGN_IN !== "false",
    /** Whether partner admins must enrol in two-factor authentication: on in `aws` mode unless set otherwise. */
    requireAdminMfa: (e.REQUIRE_ADMIN_MFA ?? (awsMode === "aws" ? "true" : "false")) === "true",
  };
}

/** A configuration problem an operator must fix before Rolegate can start. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use (never at import, so builds need no environment). */
export function getConfig(): Config {
  cached ??= loadConfig();
  return cached;
}

/** next-auth reads its own variables: derive them from APP_URL so there is one place to configure. */
export function applyAuthEnvironment(): void {
  process.env.NEXTAUTH_URL ??= getConfig().appUrl;
}

/** True while `next build` runs: nothing may open the database or start servers then. */
export function isBuildPhase(): boolean {
  return process.env.NEXT_PHASE === "phase-production-build";
}
