/**
 * `npm run sandbox`: the sandbox on its own (the app starts it the same way in sandbox mode).
 * The only sandbox file that reads the environment: SANDBOX_PORT (default 4599),
 * SANDBOX_DATA_DIR (default ./data/sandbox), SANDBOX_PARTNER_ACCOUNT_ID (default 111111111111),
 * SANDBOX_QUIET (set: no banner).
 */
import { startSandbox } from "./server";

function fail(message: string): never {
  console.error(`sandbox: ${message}`);
  process.exit(1);
}

const rawPort = process.env.SANDBOX_PORT?.trim() || "4599";
const port = Number(rawPort);
if (!/^\d+$/.test(rawPort) || port > 65535) fail(`SANDBOX_PORT must be a port number (0-65535), got "${rawPort}"`);
const dataDir = process.env.SANDBOX_DATA_DIR?.trim() || "./data/sandbox";
const partnerAccountId = process.env.SANDBOX_PARTNER_ACCOUNT_ID?.trim() || undefined;
if (partnerAccountId !== undefined && !/^\d{12}$/.test(partnerAccountId)) {
  fail(`SANDBOX_PARTNER_ACCOUNT_ID must be a 12-digit account id, got "${partnerAccountId}"`);
}

const sandbox = await startSandbox({ port, dataDir, ...(partnerAccountId ? { partnerAccountId } : {}), log: (msg) => console.log(msg) }).catch(
  (err: NodeJS.ErrnoException) => fail(err.code === "EADDRINUSE" ? `port ${port} is already in use (set SANDBOX_PORT)` : err.message),
);

const { partner } = sandbox.info();
// The secret key is never printed: clients read it from GET /_sandbox/info (loopback only).
// Started by the app (SANDBOX_QUIET): the app prints what matters; this banner is for `npm run sandbox`.
if (!process.env.SANDBOX_QUIET) console.log(
  [
    "",
    `Rolegate sandbox running at ${sandbox.url}`,
    `  STS endpoint:      ${sandbox.stsEndpoint}   (AWS_ENDPOINT_URL_STS)`,
    `  SNS endpoint:      ${sandbox.snsEndpoint}   (AWS_ENDPOINT_URL_SNS)`,
    `  Partner identity:  ${partner.arn}`,
    `  Access key id:     ${partner.accessKeyId}   (secret key: GET ${sandbox.url}/_sandbox/info)`,
    `  Quick-create:      ${sandbox.url}/cloudformation/home?region=us-east-1#/stacks/quickcreate?templateURL=…`,
    `  State:             ${dataDir}/state.json`,
    "Press Ctrl+C to stop.",
    "",
  ].join("\n"),
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) process.exit(1); // a second Ctrl+C means "now"
  stopping = true;
  console.log(`sandbox: ${signal} received, stopping`);
  sandbox.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on("SIGINT", () => stop("SIGINT"));
process.on("SIGTERM", () => stop("SIGTERM"));
// Started by the app with an IPC channel: the sandbox ends with it, however the app ends.
process.on("disconnect", () => stop("parent gone"));
