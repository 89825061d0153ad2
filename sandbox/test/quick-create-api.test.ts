import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { startTestSandbox, type TestSandbox, tryAssume } from "./helpers";
import { serveTemplates } from "./template-server";
import { rolegateYaml } from "./templates";

describe("quick-create console: page and API", () => {
  let t: TestSandbox;
  let origin: Awaited<ReturnType<typeof serveTemplates>>;

  beforeAll(async () => {
    t = await startTestSandbox();
    origin = await serveTemplates({
      "/rolegate.yaml": rolegateYaml(),
      "/huge.yaml": () => `Description: "${"x".repeat(1_100_000)}"\n`,
      "/s3.yaml": "Resources:\n  B:\n    Type: AWS::S3::Bucket\n",
    });
  });
  afterAll(async () => {
    await origin.close();
    await t.close();
  });

  const post = async (path: string, body: unknown) => {
    const res = await fetch(t.sandbox.url + path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };

  it("serves the console page with a strict CSP, and its assets", async () => {
    const page = await fetch(`${t.sandbox.url}/cloudformation/home?region=eu-west-1`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(page.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(await page.text()).toContain('<script src="/cloudformation/assets/console.js" defer></script>');
    for (const asset of ["console.js", "console.css"]) {
      expect((await fetch(`${t.sandbox.url}/cloudformation/assets/${asset}`)).status).toBe(200);
    }
  });

  it("describes a template it fetched from another origin", async () => {
    const res = await post("/cloudformation/api/template", { templateURL: `${origin.url}/rolegate.yaml` });
    expect(res.status).toBe(200);
    expect(res.body.template.parameters.map((p: { name: string }) => p.name)).toEqual(["ExternalId", "RoleName"]);
    expect(res.body.template.capabilities).toEqual(["CAPABILITY_NAMED_IAM"]);
    expect(res.body.template.resources).toEqual([{ logicalId: "Role", type: "AWS::IAM::Role" }]);
  });

  it.each([
    ["a missing template", "/missing.yaml", /answered HTTP 404/],
    ["a template over 1 MiB", "/huge.yaml", /^Template may not exceed 1048576 bytes in size\.$/],
    ["a template the sandbox cannot instantiate", "/s3.yaml", /^The sandbox cannot create AWS::S3::Bucket/],
  ])("reports %s as a template error", async (_label, path, message) => {
    const res = await post("/cloudformation/api/template", { templateURL: origin.url + path });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("ValidationError");
    expect(res.body.error.message).toMatch(message);
  });

  it.each(["file:///etc/passwd", "ftp://example.com/t.yaml", "not a url"])("refuses the template URL %s", async (templateURL) => {
    const res = await post("/cloudformation/api/template", { templateURL });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe("TemplateURL must be a supported URL.");
  });

  it("reports an origin that does not answer", async () => {
    const gone = await serveTemplates({});
    await gone.close();
    const res = await post("/cloudformation/api/template", { templateURL: `${gone.url}/t.yaml` });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(`Template could not be retrieved from ${gone.url}: ECONNREFUSED.`);
  });

  it("creates the stack, and the partner can assume its role with the External ID only", async () => {
    const res = await post("/cloudformation/api/stacks", {
      templateURL: `${origin.url}/rolegate.yaml`,
      stackName: "Rolegate-Connection",
      region: "us-east-2",
      accountId: "864209753186",
      parameters: { ExternalId: "rg-qc-0001" },
      capabilities: ["CAPABILITY_NAMED_IAM"],
    });
    expect(res.status).toBe(200);
    expect(res.body.stack.status).toBe("CREATE_COMPLETE");
    const roleArn = res.body.stack.outputs.find((o: { key: string }) => o.key === "RoleArn").value;
    expect(roleArn).toBe("arn:aws:iam::864209753186:role/rolegate/RolegateAccess");
    expect((await tryAssume(t.sts(), { RoleArn: roleArn, ExternalId: "rg-qc-0001" })).ok).toBe(true);
    expect((await tryAssume(t.sts(), { RoleArn: roleArn })).ok).toBe(false);

    const fetched = await fetch(`${t.sandbox.url}/cloudformation/api/stacks?stackId=${encodeURIComponent(res.body.stack.stackId)}`);
    expect((await fetched.json()).stack.outputs[0].value).toBe(roleArn);
  });

  it("points at the field at fault", async () => {
    const base = { templateURL: `${origin.url}/rolegate.yaml`, stackName: "S2", region: "us-east-1", capabilities: ["CAPABILITY_NAMED_IAM"] };
    const badParam = await post("/cloudformation/api/stacks", { ...base, accountId: "864209753186", parameters: { ExternalId: "x" } });
    expect(badParam.body.error).toEqual({ code: "ValidationError", message: "Parameter 'ExternalId' must contain at least 2 characters", parameter: "ExternalId" });
    const badAccount = await post("/cloudformation/api/stacks", { ...base, accountId: "12ab", parameters: { ExternalId: "xy" } });
    expect(badAccount.body.error).toMatchObject({ field: "accountId" });
    const noAck = await post("/cloudformation/api/stacks", { ...base, accountId: "864209753186", parameters: { ExternalId: "xy" }, capabilities: [] });
    expect(noAck.body.error).toMatchObject({ code: "InsufficientCapabilitiesException", field: "capabilities" });
    const badRegion = await post("/cloudformation/api/stacks", { ...base, region: "mars-1", accountId: "864209753186" });
    expect(badRegion.status).toBe(400);
  });

  it("deletes a stack from its page: the role is gone, and deleting again is harmless", async () => {
    const created = await post("/cloudformation/api/stacks", {
      templateURL: `${origin.url}/rolegate.yaml`,
      stackName: "To-Delete",
      region: "us-east-1",
      accountId: "864209753100",
      parameters: { ExternalId: "rg-del-01", RoleName: "Deleted" },
      capabilities: ["CAPABILITY_NAMED_IAM"],
    });
    const { stackId } = created.body.stack;
    const deleting = await post("/cloudformation/api/stacks/delete", { stackId });
    expect(deleting.status).toBe(200);
    expect(["DELETE_IN_PROGRESS", "DELETE_COMPLETE"]).toContain(deleting.body.stack.status);
    await vi.waitFor(async () => {
      const res = await fetch(`${t.sandbox.url}/cloudformation/api/stacks?stackId=${encodeURIComponent(stackId)}`);
      expect((await res.json()).stack.status).toBe("DELETE_COMPLETE");
    });
    expect((await tryAssume(t.sts(), { RoleArn: "arn:aws:iam::864209753100:role/rolegate/Deleted", ExternalId: "rg-del-01" })).ok).toBe(false);
    expect((await post("/cloudformation/api/stacks/delete", { stackId })).body.stack.status).toBe("DELETE_COMPLETE");
    expect((await post("/cloudformation/api/stacks/delete", { stackId: "arn:aws:cloudformation:us-east-1:1:stack/nope/x" })).status).toBe(404);
    expect((await post("/cloudformation/api/stacks/delete", { stack: stackId })).status).toBe(400);
  });
});
