import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config";

describe("loadConfig", () => {
  it("starts on embedded defaults with an empty environment", () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: "pglite", dir: "./data/pglite" });
    expect(config.aws.mode).toBe("sandbox");
    expect(config.aws.stsEndpoint).toBe("http://127.0.0.1:4599");
    expect(config.appUrl).toBe("http://localhost:3000");
    expect(config.admin).toEqual({ email: undefined, password: undefined });
  });

  it("points the permission probe's S3 client at the sandbox, or at AWS_ENDPOINT_URL_S3 in aws mode", () => {
    expect(loadConfig({}).aws.s3Endpoint).toBe("http://127.0.0.1:4599");
    expect(loadConfig({ SANDBOX_PORT: "4620" }).aws.s3Endpoint).toBe("http://127.0.0.1:4620");
    expect(loadConfig({ AWS_MODE: "aws" }).aws.s3Endpoint).toBeUndefined();
    expect(loadConfig({ AWS_MODE: "aws", AWS_ENDPOINT_URL_S3: "https://bucket.vpce-1a2b.s3.us-east-1.vpce.amazonaws.com" }).aws.s3Endpoint).toBe("https://bucket.vpce-1a2b.s3.us-east-1.vpce.amazonaws.com");
    expect(() => loadConfig({ AWS_ENDPOINT_URL_S3: "s3.amazonaws.com" })).toThrow(/AWS_ENDPOINT_URL_S3: expected an http:\/\/ or https:\/\/ URL/);
  });

  it("uses PostgreSQL when DATABASE_URL is set", () => {
    const config = loadConfig({ DATABASE_URL: "postgres://rolegate@localhost:5432/rolegate" });
    expect(config.database).toEqual({ kind: "postgres", url: "postgres://rolegate@localhost:5432/rolegate", queryTimeoutSeconds: 35 });
  });

  it("gives up on a silent database after DATABASE_QUERY_TIMEOUT seconds, above the server's 30 s statement timeout by default", () => {
    const url = "postgres://rolegate@localhost:5432/rolegate";
    expect(loadConfig({ DATABASE_URL: url, DATABASE_QUERY_TIMEOUT: "2" }).database).toMatchObject({ queryTimeoutSeconds: 2 });
    expect(loadConfig({ DATABASE_URL: url, DATABASE_QUERY_TIMEOUT: " " }).database).toMatchObject({ queryTimeoutSeconds: 35 });
  });

  it("requires admins to use two-factor authentication in aws mode unless REQUIRE_ADMIN_MFA says otherwise; not in sandbox mode", () => {
    expect(loadConfig({}).requireAdminMfa).toBe(false);
    expect(loadConfig({ AWS_MODE: "aws" }).requireAdminMfa).toBe(true);
    expect(loadConfig({ AWS_PROFILE: "partner" }).requireAdminMfa).toBe(true);
    expect(loadConfig({ AWS_MODE: "aws", REQUIRE_ADMIN_MFA: "false" }).requireAdminMfa).toBe(false);
    expect(loadConfig({ REQUIRE_ADMIN_MFA: "true" }).requireAdminMfa).toBe(true);
    expect(loadConfig({ AWS_MODE: "aws", REQUIRE_ADMIN_MFA: " " }).requireAdminMfa).toBe(true);
    expect(() => loadConfig({ REQUIRE_ADMIN_MFA: "yes" })).toThrow(/REQUIRE_ADMIN_MFA: expected true or false/);
  });

  it("configures single sign-on for admins only when the issuer, the client and who is an admin are all given", () => {
    const sso = { OIDC_ISSUER: "https://login.partner.example/", OIDC_CLIENT_ID: "rolegate", OIDC_CLIENT_SECRET: "s3cret", OIDC_ADMIN_DOMAINS: " Partner.example, @ops.partner.example ," };
    expect(loadConfig({}).oidc).toBeNull();
    expect(loadConfig({}).adminPasswordSignIn).toBe(true);
    expect(loadConfig(sso).oidc).toEqual({
      issuer: "https://login.partner.example",
      clientId: "rolegate",
      clientSecret: "s3cret",
      name: "login.partner.example",
      adminDomains: ["partner.example", "ops.partner.example"],
      adminGroup: null,
      groupsClaim: "groups",
    });
    expect(loadConfig({ ...sso, OIDC_ADMIN_DOMAINS: "", OIDC_ADMIN_GROUP: "rolegate-admins", OIDC_NAME: "Okta" }).oidc).toMatchObject({ name: "Okta", adminDomains: [], adminGroup: "rolegate-admins" });
    expect(loadConfig({ ...sso, ADMIN_PASSWORD_SIGN_IN: "false" }).adminPasswordSignIn).toBe(false);
    expect(() => loadConfig({ ...sso, OIDC_CLIENT_SECRET: "" })).toThrow(/OIDC_CLIENT_SECRET: is required when single sign-on is configured/);
    expect(() => loadConfig({ OIDC_CLIENT_ID: "rolegate" })).toThrow(/OIDC_ISSUER: is required.*\n.*OIDC_CLIENT_SECRET: is required/s);
    expect(() => loadConfig({ ...sso, OIDC_ADMIN_DOMAINS: " , " })).toThrow(/OIDC_ADMIN_DOMAINS: set OIDC_ADMIN_DOMAINS or OIDC_ADMIN_GROUP/);
    expect(() => loadConfig({ ...sso, OIDC_ADMIN_DOMAINS: "partner.example, not a domain" })).toThrow(/OIDC_ADMIN_DOMAINS: expected e-mail domains/);
    expect(() => loadConfig({ ...sso, OIDC_ISSUER: "http://login.partner.example" })).toThrow(/OIDC_ISSUER: expected an https:\/\/ URL/);
    expect(loadConfig({ ...sso, OIDC_ISSUER: "http://127.0.0.1:4800" }).oidc?.issuer).toBe("http://127.0.0.1:4800");
    expect(() => loadConfig({ ...sso, OIDC_ISSUER: "ftp://login.partner.example" })).toThrow(/OIDC_ISSUER: expected an http/);
    expect(() => loadConfig({ ADMIN_PASSWORD_SIGN_IN: "false" })).toThrow(/ADMIN_PASSWORD_SIGN_IN: can be false only when single sign-on is configured/);
    expect(() => loadConfig({ ...sso, OIDC_GROUPS_CLAIM: "groups; drop" })).toThrow(/OIDC_GROUPS_CLAIM: expected a claim name/);
  });

  it("switches to real AWS when AWS credentials are configured, and honours AWS_MODE", () => {
    expect(loadConfig({ AWS_PROFILE: "partner" }).aws.mode).toBe("aws");
    expect(loadConfig({ AWS_ACCESS_KEY_ID: "x" }).aws.stsEndpoint).toBeUndefined();
    expect(loadConfig({ AWS_PROFILE: "partner", AWS_MODE: "sandbox" }).aws.mode).toBe("sandbox");
    expect(loadConfig({ AWS_MODE: "aws" }).aws.mode).toBe("aws");
  });

  it("does not fall back on the simulated AWS in production on PostgreSQL without being told", () => {
    const production = { NODE_ENV: "production", DATABASE_URL: "postgres://rolegate@db.internal:5432/rolegate" };
    expect(() => loadConfig(production)).toThrow(/AWS_MODE: is required in production with DATABASE_URL.*AWS_MODE=aws.*AWS_MODE=sandbox/s);
    expect(() => loadConfig({ ...production, AWS_MODE: "" })).toThrow(ConfigError);
    expect(loadConfig({ ...production, AWS_MODE: "sandbox" }).aws.mode).toBe("sandbox");
    expect(loadConfig({ ...production, AWS_MODE: "aws" }).aws.mode).toBe("aws");
    expect(loadConfig({ ...production, AWS_PROFILE: "partner" }).aws.mode).toBe("aws");
    // The README's quick start: production build, embedded database, the sandbox by default.
    expect(loadConfig({ NODE_ENV: "production" }).aws.mode).toBe("sandbox");
  });

  it("treats empty values as unset", () => {
    expect(loadConfig({ DATABASE_URL: "", PORT: " " }).database.kind).toBe("pglite");
  });

  it.each([
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://localhost/db" }, "DATABASE_URL"],
    [{ AWS_MODE: "prod" }, "AWS_MODE"],
    [{ AWS_REGION: "moon-1" }, "AWS_REGION"],
    [{ AWS_PARTITION: "aws-iso" }, "AWS_PARTITION"],
    [{ PARTNER_AWS_ACCOUNT_ID: "12345" }, "PARTNER_AWS_ACCOUNT_ID"],
    [{ ADMIN_EMAIL: "not-an-email" }, "ADMIN_EMAIL"],
    [{ ADMIN_EMAIL: "a@b.example", ADMIN_PASSWORD: "short" }, "ADMIN_PASSWORD"],
    [{ ADMIN_PASSWORD: "long enough password" }, "ADMIN_EMAIL"],
    [{ AUTH_SECRET: "too-short" }, "AUTH_SECRET"],
    [{ APP_URL: "javascript:alert(1)" }, "APP_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ PERMISSION_SET: "admin" }, "PERMISSION_SET"],
    [{ VERIFIER_ROLE_ARN: "arn:aws:iam::111111111111:user/x" }, "VERIFIER_ROLE_ARN"],
    [{ DATABASE_QUERY_TIMEOUT: "0" }, "DATABASE_QUERY_TIMEOUT"],
    [{ DATABASE_QUERY_TIMEOUT: "1.5" }, "DATABASE_QUERY_TIMEOUT"],
    [{ DATABASE_QUERY_TIMEOUT: "35s" }, "DATABASE_QUERY_TIMEOUT"],
    [{ HEALTH_CHECK_INTERVAL: "daily" }, "HEALTH_CHECK_INTERVAL"],
    [{ HEALTH_CHECK_INTERVAL: "24" }, "HEALTH_CHECK_INTERVAL"],
    [{ HEALTH_CHECK_INTERVAL: "1.5h" }, "HEALTH_CHECK_INTERVAL"],
    [{ HEALTH_CHECK_INTERVAL: "5s" }, "HEALTH_CHECK_INTERVAL"],
    [{ HEALTH_CHECK_INTERVAL: "400d" }, "HEALTH_CHECK_INTERVAL"],
    [{ HEALTH_CHECK_INTERVAL: "-1h" }, "HEALTH_CHECK_INTERVAL"],
  ])("rejects %j, naming %s", (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^\\s+${variable}: `, "m"));
  });

  it.each([
    [undefined, 86_400_000],
    ["", 86_400_000],
    ["30s", 30_000],
    ["15m", 900_000],
    ["6h", 21_600_000],
    ["1d", 86_400_000],
    [" 2H ", 7_200_000],
    ["off", null],
    ["OFF", null],
  ])("reads HEALTH_CHECK_INTERVAL=%j as %j ms", (value, ms) => {
    expect(loadConfig({ HEALTH_CHECK_INTERVAL: value }).health.intervalMs).toBe(ms);
  });

  it("lists every bad variable at once", () => {
    try {
      loadConfig({ PORT: "x", AWS_MODE: "y" });
      expect.unreachable();
    } catch (error) {
      expect(String(error)).toMatch(/PORT: .*\n.*AWS_MODE: /s);
    }
  });
});

describe("zero-paste registration settings", () => {
  it("is on in sandbox mode with the sandbox as SNS endpoint, and off in aws mode without a topic name", () => {
    expect(loadConfig({}).registration).toEqual({ topicName: "rolegate-registration", regions: expect.arrayContaining(["us-east-1", "eu-west-1"]), snsEndpoint: "http://127.0.0.1:4599" });
    expect(loadConfig({ SANDBOX_PORT: "4620", AWS_ENDPOINT_URL_SNS: "" }).registration?.snsEndpoint).toBe("http://127.0.0.1:4620");
    expect(loadConfig({ AWS_MODE: "aws" }).registration).toBeNull();
    expect(loadConfig({ AWS_MODE: "aws", REGISTRATION_REGIONS: "us-east-1" }).registration).toBeNull();
  });

  it("takes the topic name, the regions (trimmed, duplicates dropped) and an SNS endpoint in aws mode", () => {
    const config = loadConfig({ AWS_MODE: "aws", REGISTRATION_TOPIC_NAME: "partner-registration", REGISTRATION_REGIONS: " eu-west-1, us-east-1 ,eu-west-1,", AWS_ENDPOINT_URL_SNS: "https://sns.vpce.example.com" });
    expect(config.registration).toEqual({ topicName: "partner-registration", regions: ["eu-west-1", "us-east-1"], snsEndpoint: "https://sns.vpce.example.com" });
    expect(loadConfig({ AWS_MODE: "aws", REGISTRATION_TOPIC_NAME: "t" }).registration?.snsEndpoint).toBeUndefined();
  });

  it("offers every region of the partition when REGISTRATION_REGIONS is empty or unset", () => {
    const gov = loadConfig({ AWS_MODE: "aws", AWS_PARTITION: "aws-us-gov", REGISTRATION_TOPIC_NAME: "t", REGISTRATION_REGIONS: " " });
    expect(gov.registration?.regions).toEqual(["us-gov-west-1", "us-gov-east-1"]);
  });

  it.each([
    [{ REGISTRATION_TOPIC_NAME: "has space" }, /REGISTRATION_TOPIC_NAME: expected an SNS topic name/],
    [{ REGISTRATION_TOPIC_NAME: "x".repeat(257) }, /REGISTRATION_TOPIC_NAME/],
    [{ REGISTRATION_TOPIC_NAME: "orders.fifo" }, /REGISTRATION_TOPIC_NAME/],
    [{ REGISTRATION_REGIONS: "us-east-1,moon-1" }, /REGISTRATION_REGIONS.*expected AWS region codes/s],
    [{ REGISTRATION_REGIONS: ", ," }, /REGISTRATION_REGIONS: expected at least one AWS region code/],
    [{ REGISTRATION_REGIONS: "us-east-1,cn-north-1" }, /REGISTRATION_REGIONS: cn-north-1 is not a region of the aws partition/],
    [{ AWS_PARTITION: "aws-cn", REGISTRATION_REGIONS: "eu-west-1" }, /REGISTRATION_REGIONS: eu-west-1 is not a region of the aws-cn partition/],
    [{ AWS_ENDPOINT_URL_SNS: "ftp://sns.example.com" }, /AWS_ENDPOINT_URL_SNS: expected an http:\/\/ or https:\/\/ URL/],
  ])("refuses %o", (env, message) => {
    expect(() => loadConfig({ AWS_MODE: "aws", REGISTRATION_TOPIC_NAME: "rolegate-registration", ...env })).toThrow(message);
  });

  it("reads SMTP_URL and MAIL_FROM, and keeps mail in the outbox without them", () => {
    expect(loadConfig({}).mail).toEqual({ smtp: null, from: "Rolegate <no-reply@rolegate.local>" });
    const config = loadConfig({ SMTP_URL: "smtps://apikey:s%40cret@smtp.sendgrid.net:465", MAIL_FROM: "Partner <ops@partner.example>" });
    expect(config.mail).toEqual({
      smtp: { secure: true, host: "smtp.sendgrid.net", port: 465, user: "apikey", password: "s@cret" },
      from: "Partner <ops@partner.example>",
    });
    expect(loadConfig({ SMTP_URL: "smtp://127.0.0.1:2525" }).mail.smtp).toEqual({ secure: false, host: "127.0.0.1", port: 2525 });
    expect(loadConfig({ SMTP_URL: "smtp://mail.internal" }).mail.smtp).toMatchObject({ port: 587 });
    expect(loadConfig({ APP_URL: "https://portal.partner.example" }).mail.from).toBe("Rolegate <no-reply@portal.partner.example>");
    expect(loadConfig({ APP_URL: "http://127.0.0.1:3000" }).mail.from).toBe("Rolegate <no-reply@rolegate.local>");
  });

  it("refuses a bad SMTP_URL or MAIL_FROM by name, without repeating the password", () => {
    for (const bad of ["https://user:hunter2secret@smtp.example", "smtp://", "not a url hunter2secret", "smtp://u:hunter2secret@host/path"]) {
      let message = "";
      try {
        loadConfig({ SMTP_URL: bad });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        message = (error as Error).message;
      }
      expect(message).toMatch(/SMTP_URL: expected smtp:\/\/user:password@host:port/);
      expect(message).not.toContain("hunter2secret");
    }
    expect(() => loadConfig({ MAIL_FROM: "not an address" })).toThrow(/MAIL_FROM: expected an e-mail address/);
    expect(() => loadConfig({ MAIL_FROM: "a@b.example\r\nBcc: x@y.example" })).toThrow(/MAIL_FROM/);
  });
});
