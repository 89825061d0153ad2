import { existsSync } from "node:fs";
import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3100);
const sandboxPort = Number(process.env.E2E_SANDBOX_PORT ?? 4699);
const idpPort = Number(process.env.E2E_IDP_PORT ?? sandboxPort + 11);
export const e2e = {
  baseURL: `http://127.0.0.1:${port}`,
  sandboxURL: `http://127.0.0.1:${sandboxPort}`,
  /** The partner's OpenID provider for single sign-on (e2e/idp/server.mjs); admins of this domain sign in through it. */
  idpURL: `http://127.0.0.1:${idpPort}`,
  ssoName: "Test IdP",
  ssoAdminDomain: "sso.partner.test",
  adminEmail: "admin@partner.test",
  adminPassword: "e2e-admin-password-1",
};

// Debian's Chromium where present (no browser downloads here); Playwright's own elsewhere.
const debianChromium = "/usr/bin/chromium";
const launchOptions = existsSync(debianChromium)
  ? {
      executablePath: debianChromium,
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    }
  : {};

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"]],
  use: {
    baseURL: e2e.baseURL,
    launchOptions,
    trace: "retain-on-failure",
    permissions: ["clipboard-read", "clipboard-write"],
  },
  projects: [
    // Signs each role in once and saves its cookies (e2e/.auth/), as the tests' starting point.
    { name: "setup", testMatch: /.*\.setup\.ts/, use: { launchOptions } },
    { name: "chromium", dependencies: ["setup"], use: { ...devices["Desktop Chrome"], launchOptions } },
    // After everything else: scans the database and logs for AWS key material.
    { name: "secrets", testMatch: /.*\.scan\.ts/, dependencies: ["chromium"] },
  ],
  webServer: [
    {
      command: "node e2e/idp/server.mjs",
      url: `${e2e.idpURL}/_test/health`,
      reuseExistingServer: false,
      timeout: 30_000,
      env: { IDP_PORT: String(idpPort), APP_URL: e2e.baseURL, IDP_CLIENT_ID: "rolegate-e2e", IDP_CLIENT_SECRET: "rolegate-e2e-secret" },
    },
    {
      // A fresh embedded database each run; DATABASE_URL (when set) is passed through.
      // Output is also kept in data/e2e/server.log for the key-material scan. The keep-alive timeout
      // is `npm start`'s: kept-alive connections are closed by the client side first.
      command: `rm -rf data/e2e && mkdir -p data/e2e && (next start -H 127.0.0.1 -p ${port} --keepAliveTimeout 65000 2>&1 | tee data/e2e/server.log)`,
      url: `${e2e.baseURL}/api/health`,
      reuseExistingServer: false,
      timeout: 180_000,
      stdout: "pipe",
      stderr: "pipe",
      env: {
        // Also on PostgreSQL (DATABASE_URL), where a production server must be told to use the sandbox.
        AWS_MODE: "sandbox",
        DATA_DIR: "data/e2e",
        SANDBOX_DATA_DIR: "data/e2e/sandbox",
        SANDBOX_PORT: String(sandboxPort),
        APP_URL: e2e.baseURL,
        ADMIN_EMAIL: e2e.adminEmail,
        ADMIN_PASSWORD: e2e.adminPassword,
        LOG_FILE: "data/e2e/app.log",
        // The webhook tests receive deliveries on loopback (http://127.0.0.1:…).
        WEBHOOKS_ALLOW_PRIVATE: "true",
        // Stacks launched in these regions register themselves; in any other the page offers the manual path.
        REGISTRATION_REGIONS: "us-east-1,eu-west-1",
        // Scheduled checks would add history rows and re-check statuses under the tests' feet; they are
        // tested against the sandbox in lib/health/sandbox.test.ts.
        HEALTH_CHECK_INTERVAL: "off",
        // Single sign-on for partner admins through the test identity provider.
        OIDC_ISSUER: e2e.idpURL,
        OIDC_CLIENT_ID: "rolegate-e2e",
        OIDC_CLIENT_SECRET: "rolegate-e2e-secret",
        OIDC_NAME: e2e.ssoName,
        OIDC_ADMIN_DOMAINS: e2e.ssoAdminDomain,
      },
    },
  ],
});
