import type { APIResponse, Page } from "@playwright/test";
import { e2e } from "../../playwright.config";

/**
 * Forms as a browser without JavaScript submits them. React renders a server action's form with
 * hidden fields (`$ACTION_REF_n`, `$ACTION_n:0` naming the action, `$ACTION_KEY`); posted back
 * with the visible fields, Next.js runs the action and answers with the page (or its redirect).
 * Used to submit one form many times quickly, and to send another user's form as an attacker would.
 */

/** The hidden fields of the server-rendered form on `url` that has a field named `field`. */
export async function hiddenFormFields(page: Page, url: string, field: string): Promise<[string, string][]> {
  return page.evaluate(
    async ({ url, field }) => {
      const doc = new DOMParser().parseFromString(await (await fetch(url)).text(), "text/html");
      const form = doc.querySelector(`[name="${field}"]`)?.closest("form");
      if (!form) throw new Error(`no form with a ${field} field on ${url}`);
      return [...form.querySelectorAll<HTMLInputElement>("input[type=hidden]")].map((i) => [i.name, i.value] as [string, string]);
    },
    { url, field },
  );
}

/** Posts form fields to `url` in `page`'s session, as a no-JavaScript form submission; redirects are not followed. */
export async function postForm(page: Page, url: string, fields: [string, string][]): Promise<APIResponse> {
  const form = new FormData();
  for (const [name, value] of fields) form.append(name, value);
  return page.request.post(url, { multipart: form, maxRedirects: 0, headers: { origin: e2e.baseURL } });
}

/**
 * Pastes each role ARN into the member's "Paste the role ARN" form on /onboarding without
 * JavaScript (about 20 times faster than driving the page), returning the new connection ids,
 * which the form's returned state carries.
 */
export async function pasteRoleArns(page: Page, arns: readonly string[]): Promise<string[]> {
  const hidden = await hiddenFormFields(page, "/onboarding", "roleArn");
  return page.evaluate(
    async ({ hidden, arns }) => {
      const ids: string[] = [];
      for (const arn of arns) {
        const data = new FormData();
        for (const [name, value] of hidden) data.append(name, value);
        data.set("roleArn", arn);
        const response = await fetch("/onboarding", { method: "POST", body: data });
        const doc = new DOMParser().parseFromString(await response.text(), "text/html");
        const form = doc.querySelector('[name="roleArn"]')?.closest("form");
        const state = [...(form?.querySelectorAll<HTMLInputElement>("input[type=hidden]") ?? [])].find((i) => /^\$ACTION_\d+:1$/.test(i.name));
        const [result] = JSON.parse(state?.value ?? "[]") as [{ data?: { id?: string }; message?: string }?];
        if (!result?.data?.id) throw new Error(`paste of ${arn} failed: ${result?.message ?? response.status}`);
        ids.push(result.data.id);
      }
      return ids;
    },
    { hidden, arns },
  );
}
