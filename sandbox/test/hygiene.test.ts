import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { callerIdentity, externalIdTrust, sessionCredentials, startTestSandbox, type TestSandbox, tryAssume } from "./helpers";

const SANDBOX_DIR = fileURLToPath(new URL("..", import.meta.url));
const ALLOWED_PACKAGES = ["@smithy/signature-v4", "yaml", "zod", "@peculiar/x509", "reflect-metadata"];

/**
 * What a file imports, in any quotes, statically, dynamically or through `require`. TypeScript's own
 * scanner reads it, so neither a quote style nor the word "from" in prose can fool the check.
 */
function importSpecifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** The files the app bundles: everything but tests and the CLI. */
function runtimeFiles(dir = SANDBOX_DIR): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return ["test", "_scratch", "node_modules"].includes(entry.name) ? [] : runtimeFiles(path);
    return entry.name.endsWith(".ts") && entry.name !== "main.ts" ? [path] : [];
  });
}

describe("runtime code hygiene (it is bundled into the app)", () => {
  const files = runtimeFiles();

  it("finds the runtime files", () => {
    expect(files.map((f) => relative(SANDBOX_DIR, f))).toContain("server.ts");
  });

  it("reads imports in any quotes", () => {
    const source = [
      "import a from 'single';",
      'export { b } from "double";',
      'import "side-effect";',
      "await import('lazy');",
      "await import(`template`);",
      'const c = require("required");',
      "// read from 'prose', which is no import",
    ].join("\n");
    expect(importSpecifiers(source)).toEqual(["single", "double", "side-effect", "lazy", "template", "required"]);
  });

  it.each(files.map((f) => [relative(SANDBOX_DIR, f), f]))("%s imports only node built-ins, local files and allowed packages", (_name, file) => {
    const source = readFileSync(file, "utf8");
    for (const specifier of importSpecifiers(source)) {
      const ok = specifier.startsWith("node:") || specifier.startsWith(".") || ALLOWED_PACKAGES.includes(specifier);
      expect(ok, `${specifier} in ${file}`).toBe(true);
    }
    // AGPL code stays in tests; the environment is read by main.ts alone.
    expect(source).not.toMatch(/@cloud-copilot|process\.env/);
  });
});

describe("secrets never reach the log", () => {
  let t: TestSandbox;
  beforeAll(async () => {
    t = await startTestSandbox();
  });
  afterAll(() => t.close());

  it("logs requests without keys, secrets or session tokens", async () => {
    const arn = await t.createRole("975318642097", "Logged", externalIdTrust(t.partner.accountId, "ext-log"));
    const ok = await tryAssume(t.sts(), { RoleArn: arn, ExternalId: "ext-log" });
    if (!ok.ok) throw ok.error;
    const session = sessionCredentials(ok.result);
    await callerIdentity(t.sts(session));
    await tryAssume(t.sts(), { RoleArn: arn, ExternalId: "wrong" });
    await callerIdentity(t.sts({ ...session, secretAccessKey: "x".repeat(40) })).catch(() => undefined);
    await t.control("GET", "/_sandbox/info");

    const log = t.logs.join("\n");
    expect(log).toContain("AccessDenied");
    for (const secret of [t.partner.secretAccessKey, t.partner.accessKeyId, session.secretAccessKey, session.sessionToken, session.accessKeyId]) {
      expect(log).not.toContain(secret);
    }
  });

  it("listens on loopback by default", () => {
    expect(t.sandbox.address.address).toBe("127.0.0.1");
  });
});
