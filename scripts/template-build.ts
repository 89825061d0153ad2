// npm run template:build [-- --out dist/templates]
// Writes the role template (YAML and JSON) to publish, e.g. to S3 for the quick-create link (ROLE_TEMPLATE_URL).
// The partner account comes from GetCallerIdentity on Rolegate's AWS credentials (checked against
// PARTNER_AWS_ACCOUNT_ID when set); in sandbox mode, from the sandbox.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { getConfig } from "@/lib/config";
import { ensureSandbox, stopSandbox } from "@/lib/runtime/sandbox";
import { partnerAccountId, roleTemplateFiles, TEMPLATE_FILES, TEMPLATE_VERSION } from "@/lib/runtime/template";

const { values } = parseArgs({ options: { out: { type: "string", default: "dist/templates" } } });
const out = path.resolve(values.out ?? "dist/templates");
const config = getConfig();
try {
  if (config.aws.mode === "sandbox") await ensureSandbox(config);
  const [files, account] = await Promise.all([roleTemplateFiles(), partnerAccountId()]);
  await mkdir(out, { recursive: true });
  await writeFile(path.join(out, TEMPLATE_FILES.yaml), files.yaml);
  await writeFile(path.join(out, TEMPLATE_FILES.json), files.json);
  console.log(`Role template ${TEMPLATE_VERSION} for partner account ${account} (permission set ${config.aws.permissionSet}):`);
  console.log(`  ${path.join(out, TEMPLATE_FILES.yaml)}\n  ${path.join(out, TEMPLATE_FILES.json)}`);
  console.log("Publish them (e.g. to S3) and set ROLE_TEMPLATE_URL to the YAML's https URL.");
} catch (error) {
  console.error(`Could not build the role template: ${error instanceof Error ? error.message : error}`);
  process.exitCode = 1;
} finally {
  await stopSandbox();
}
