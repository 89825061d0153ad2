import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../..", import.meta.url));
let eslint: ESLint;
let probes: ESLint;

// The project's own configuration, so the test fails if the rules are dropped or loosened there.
// Probes are files that do not exist, which the cycle rule cannot follow, so they go without it.
beforeAll(() => {
  eslint = new ESLint({ cwd: root, ignore: false });
  probes = new ESLint({ cwd: root, ignore: false, overrideConfig: { rules: { "import/no-cycle": "off" } } });
});

function errors(results: ESLint.LintResult[]): string[] {
  return results.flatMap((r) => r.messages).filter((m) => m.severity === 2).map((m) => `${m.ruleId}: ${m.message}`);
}

async function errorsOf(file: string, code?: string): Promise<string[]> {
  return errors(code === undefined ? await eslint.lintFiles([file]) : await probes.lintText(code, { filePath: `${root}/${file}` }));
}

describe("import layers", { timeout: 120_000 }, () => {
  it("refuses two files that import each other", async () => {
    const errors = await errorsOf("tests/lint/fixtures/cycle-a.ts");
    expect(errors).toEqual([expect.stringMatching(/^import\/no-cycle: Dependency cycle detected/)]);
  });

  it("refuses a DAL module that reads the session (next-auth signs in through the DAL)", async () => {
    const errors = await errorsOf("lib/dal/probe.ts", 'import { getViewer } from "@/lib/auth/session";\nexport const probe = getViewer;\n');
    expect(errors).toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*lib\/auth/)]);
  });

  it("refuses a benchmark that reaches into the end-to-end tests", async () => {
    const errors = await errorsOf("scripts/support/probe.ts", 'import { callAction } from "../../e2e/support/actions";\nexport const probe = callAction;\n');
    expect(errors).toEqual([expect.stringMatching(/^import\/no-restricted-paths: .*e2e/)]);
  });

  it("refuses the sandbox importing Rolegate's code", async () => {
    const errors = await errorsOf("sandbox/probe.ts", 'import { getConfig } from "../lib/config";\nexport const probe = getConfig;\n');
    expect(errors).toEqual([expect.stringMatching(/^import\/no-restricted-paths: /)]);
  });

  it("allows imports that point down", async () => {
    expect(await errorsOf("lib/auth/probe.ts", 'import { loadViewer } from "@/lib/dal/users";\nexport const probe = loadViewer;\n')).toEqual([]);
    expect(await errorsOf("lib/dal/probe.ts", 'import { hashPassword } from "@/lib/crypto/password";\nexport const probe = hashPassword;\n')).toEqual([]);
    expect(await errorsOf("e2e/support/probe.ts", 'import { encodeArgs } from "../../scripts/support/rsc";\nexport const probe = encodeArgs;\n')).toEqual([]);
  });
});
