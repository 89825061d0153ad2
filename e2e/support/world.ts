import type { APIRequestContext } from "@playwright/test";
import { expect } from "../fixtures";
import { actionByKey, callAction, formData } from "./actions";
import { fetchPage, saying } from "./observe";

// Things of the access table's world that take a few requests to make.

/** The id of the invite e-mail to `email` in the outbox (/admin/mail lists the newest first). */
export async function inviteMailOf(admin: APIRequestContext, email: string): Promise<string> {
  const { text } = await fetchPage(admin, "/admin/mail");
  const row = text.split("<tr").find((r) => r.includes(email));
  const id = row ? /\/admin\/mail\/([0-9a-f-]{36})/.exec(row)?.[1] : undefined;
  if (!id) throw new Error(`no invite e-mail to ${email} at /admin/mail`);
  return id;
}

/** Starts a bulk re-verification of one connection and waits for it to end. */
export async function bulkJob(admin: APIRequestContext, connectionId: string): Promise<string> {
  const action = actionByKey("lib/actions/admin/start-bulk-verification.ts#startBulkVerificationAction");
  const call = await callAction(admin, action, "/admin/jobs", [{}, formData({ scope: "selection", connectionId })]);
  const jobId = /\/admin\/jobs\/([0-9a-f-]{36})/.exec(call.headers["x-action-redirect"] ?? "")?.[1];
  if (!jobId) throw new Error(`no job started: ${saying(call) || call.status}`);
  await expect
    .poll(async () => ((await (await admin.get(`/admin/jobs/${jobId}/progress`)).json()) as { status: string }).status, { timeout: 60_000 })
    .toMatch(/^(completed|cancelled|failed)$/);
  return jobId;
}
