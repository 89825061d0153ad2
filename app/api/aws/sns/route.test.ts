import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it } from "vitest";
import { delivery, notification, signingKey, signMessage } from "@/tests/support/sns";

// The real route and proxy, on the test environment's configuration (sandbox mode, registration on).
let POST: (request: Request) => Promise<Response>;
let GET: () => Promise<Response>;
let proxy: (request: NextRequest) => Promise<Response>;

beforeAll(async () => {
  process.env.PARTNER_AWS_ACCOUNT_ID = "111122223333";
  process.env.SANDBOX_PORT = "9"; // nothing answers there: the account comes from configuration
  ({ POST, GET } = await import("./route"));
  ({ proxy } = await import("@/proxy"));
});

describe("POST /api/aws/sns", () => {
  it("passes the proxy with no session, no Origin and no CSRF token", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/api/aws/sns", { method: "POST", headers: { "content-type": "text/plain; charset=UTF-8", "x-amz-sns-message-type": "Notification" }, body: "{}" }));
    expect(response.headers.get("x-middleware-next")).toBe("1");
  });

  it("still refuses a server action without an Origin on a page", async () => {
    const response = await proxy(new NextRequest("http://localhost:3000/onboarding", { method: "POST", headers: { "next-action": "a".repeat(42), "content-type": "text/plain" }, body: "[]" }));
    expect(response.status).toBe(403);
  });

  it("refuses malformed and foreign messages with 4xx", async () => {
    expect((await POST(new Request("http://localhost/api/aws/sns", { method: "POST", body: "not json" }))).status).toBe(400);
    const key = signingKey();
    const foreign = signMessage(notification("arn:aws:sns:us-east-1:999999999999:rolegate-registration", "{}"), key, "http://127.0.0.1:9/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem");
    expect((await POST(delivery(foreign))).status).toBe(403);
    const ours = signMessage(notification("arn:aws:sns:us-east-1:111122223333:rolegate-registration", "{}"), key, "https://sns.us-east-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem");
    expect((await POST(delivery(ours))).status).toBe(403); // the certificate is not the sandbox's
  });

  it("tells a GET what the address is, so an operator can check that it is reachable", async () => {
    const response = await GET();
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/SNS endpoint/);
  });
});
