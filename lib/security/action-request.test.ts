import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { encodeArgs } from "@/scripts/support/rsc";
import { ACTION_BODY_LIMIT, actionRequestRefusal, isActionRequest } from "./action-request";

const SITE = "http://rolegate.test";
const ID = "7f390127acb962468bf31120bbca175db9482c3a70";

/** A server action call as the browser sends it: React's encoding of `args`, from this site. */
async function call(args: unknown[], headers: Record<string, string> = {}): Promise<Request> {
  const encoded = new Request(SITE, { method: "POST", body: await encodeArgs(args) });
  return post(await encoded.arrayBuffer(), { "content-type": encoded.headers.get("content-type")!, ...headers });
}

function post(body: BodyInit | null, headers: Record<string, string>, duplex = false): Request {
  return new Request(`${SITE}/admin/organizations`, {
    method: "POST",
    body,
    headers: { host: "rolegate.test", origin: SITE, "next-action": ID, ...headers },
    ...(duplex ? { duplex: "half" } : {}),
  } as RequestInit);
}

const text = (body: string, headers: Record<string, string> = {}) => post(body, { "content-type": "text/plain;charset=UTF-8", ...headers });
const status = async (request: Request) => (await actionRequestRefusal(request))?.status ?? "accepted";

describe("isActionRequest", () => {
  it("is a POST to a page with an action id or a multipart body", () => {
    expect(isActionRequest(text("[]"))).toBe(true);
    expect(isActionRequest(new Request(`${SITE}/x`, { method: "POST", body: new FormData() }))).toBe(true);
    expect(isActionRequest(new Request(`${SITE}/x`, { method: "POST", body: "a=b", headers: { "content-type": "application/x-www-form-urlencoded" } }))).toBe(false);
    expect(isActionRequest(new Request(`${SITE}/api/auth/callback/credentials`, { method: "POST", body: new FormData() }))).toBe(false);
    expect(isActionRequest(new Request(`${SITE}/x`, { headers: { "next-action": ID } }))).toBe(false);
  });
});

describe("actionRequestRefusal", () => {
  it("lets through what React's client sends for this app's actions", async () => {
    const form = new FormData();
    form.append("name", "Acme $1");
    form.append("file", new Blob(["<b>x</b>"], { type: "text/html" }), "x.html");
    for (const args of [[{}, form], [undefined, form], [{ ok: false, message: "$Q1", fieldErrors: { name: ["$W1"] } }, form], [{ connectionId: "c", trigger: "manual" }], [new Date(0), 12n, NaN, -0, -Infinity, "$h1"]]) {
      expect(await status(await call(args)), String(args)).toBe("accepted");
    }
  });

  it("lets through any JSON arguments, as encoded by React's client", async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.jsonValue(), { maxLength: 3 }), async (args) => {
        expect(await status(await call(args))).toBe("accepted");
      }), { numRuns: 200 });
  });

  it("lets through a form posted without JavaScript, whose bound state is a promise of its next row", async () => {
    const form = new FormData();
    form.append("$ACTION_REF_1", "");
    form.append("$ACTION_1:0", `{"id":"${ID}","bound":"$@1"}`);
    form.append("$ACTION_1:1", '["$undefined"]');
    form.append("$ACTION_KEY", "k0");
    form.append("name", "Acme");
    expect(await status(new Request(`${SITE}/admin/organizations`, { method: "POST", body: form, headers: { host: "rolegate.test", origin: SITE } }))).toBe("accepted");
    form.delete("$ACTION_1:1");
    expect(await status(new Request(`${SITE}/admin/organizations`, { method: "POST", body: form, headers: { host: "rolegate.test", origin: SITE } }))).toBe(400);
  });

  it("refuses an action id of another shape", async () => {
    for (const id of ["", "abc", ID.slice(2), `${ID}00`, ID.toUpperCase(), `zz${ID.slice(2)}`, "toString", `${ID}, ${ID}`]) {
      expect(await status(text("[]", { "next-action": id })), id).toBe(400);
    }
  });

  it("refuses a missing, null, unparseable or foreign origin, as Next.js compares it (X-Forwarded-Host first)", async () => {
    for (const origin of [undefined, "null", "::garbage", "https://evil.example", "http://rolegate.test.evil.example", "http://rolegate.test:8080"]) {
      const headers: Record<string, string> = { "content-type": "text/plain" };
      const request = post("[]", headers);
      if (origin === undefined) request.headers.delete("origin");
      else request.headers.set("origin", origin);
      expect(await status(request), String(origin)).toBe(403);
    }
    expect(await status(text("[]", { "x-forwarded-host": "portal.example", origin: "https://portal.example" }))).toBe("accepted");
    expect(await status(text("[]", { "x-forwarded-host": "portal.example" }))).toBe(403);
  });

  it("refuses a body that is neither text/plain nor multipart/form-data", async () => {
    const noType = post(new Blob(["[]"]), {});
    expect(noType.headers.get("content-type")).toBeNull();
    expect(await status(noType)).toBe(415);
    for (const type of ["application/json", "application/x-www-form-urlencoded", "Multipart/Form-Data; boundary=x"]) {
      expect(await status(post("[]", { "content-type": type })), type).toBe(415);
    }
  });

  it("refuses a body over the limit, whether its length is declared or not", async () => {
    const big = `["${"a".repeat(ACTION_BODY_LIMIT)}"]`;
    expect(await status(text(big))).toBe(413);
    const chunked = new ReadableStream({ start: (c) => (c.enqueue(new TextEncoder().encode(big)), c.close()) });
    expect(await status(post(chunked, { "content-type": "text/plain" }, true))).toBe(413);
    expect(await status(text(`["${"a".repeat(ACTION_BODY_LIMIT - 10)}"]`))).toBe("accepted");
  });

  it("refuses arguments React cannot decode: not JSON, nested 5,000 deep, references to rows the body lacks", async () => {
    const deep = `${"[".repeat(5000)}${"]".repeat(5000)}`;
    for (const body of ["", "not json{", deep, "1", '"x"', '{"length":2}', '"$K1"', `[${"1,".repeat(1000)}1]`, '["$Q1"]', '["$W1"]', '["$1"]', '["$h1"]', '["$B1"]', '["$@1"]', '["$T"]', '["$nxyz"]', '[{"a":1},"$0:zz:yy"]', '["$R1"]', '{"a":"$i1"}']) {
      expect(await status(text(body)), body.slice(0, 30)).toBe(400);
    }
  });

  it("refuses a multipart body without a boundary, cut short, or without its arguments", async () => {
    expect(await status(post("x", { "content-type": "multipart/form-data" }))).toBe(400);
    const cut = '--XYZ\r\nContent-Disposition: form-data; name="0"\r\n\r\n[1';
    expect(await status(post(cut, { "content-type": "multipart/form-data; boundary=XYZ" }))).toBe(400);
    const form = new FormData();
    form.append("_1_name", "Acme");
    expect(await status(post(form, {}))).toBe(400);
    form.append("0", new Blob(["[]"]), "0");
    expect(await status(post(form, {}))).toBe(400);
  });

  it("refuses the same bad rows in a multipart body", async () => {
    for (const row of ['["$Q1"]', "not json", `${"{\"a\":".repeat(100)}1${"}".repeat(100)}`]) {
      const form = new FormData();
      form.append("0", row);
      expect(await status(post(form, {})), row.slice(0, 20)).toBe(400);
    }
  });
});
