import { z } from "zod";
import { isLoopbackHost } from "@/lib/security/loopback";
import { isPlainText } from "./text";

/** An e-mail domain as people write it after the @: lowercase host name labels and a top-level domain. */
export const EMAIL_DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

/** At most this many e-mail domains per organisation's single sign-on. */
export const MAX_SSO_DOMAINS = 50;

const organizationId = z.uuid({ error: "Unknown organisation." });

/** An OpenID provider's issuer: https://, or http:// on this machine's loopback; no user, query or fragment; no trailing slash. */
export const issuerSchema = z
  .string({ error: "Enter the issuer URL of your customer's OpenID provider." })
  .trim()
  .min(1, { error: "Enter the issuer URL of your customer's OpenID provider." })
  .max(2048, { error: "Use a URL of at most 2,048 characters." })
  .transform((raw, ctx) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      ctx.addIssue({ code: "custom", message: "Enter an absolute URL, such as https://login.customer.example." });
      return z.NEVER;
    }
    const problem =
      url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))
        ? "Use an https:// URL (http:// only on this machine's loopback)."
        : url.username || url.password
          ? "Remove the user name and password from the URL."
          : url.search || url.href.includes("#")
            ? "Remove the ?query and #fragment: an issuer has neither."
            : null;
    if (problem) {
      ctx.addIssue({ code: "custom", message: problem });
      return z.NEVER;
    }
    return url.href.replace(/\/+$/, "");
  });

/** E-mail domains separated by commas, spaces or lines; lowercased, a leading @ dropped, duplicates ignored. */
export const ssoDomainsSchema = z
  .string({ error: "Enter the e-mail domains of your customer's people." })
  .max(20_000, { error: "That is too long a list." })
  .transform((v) => [...new Set(v.split(/[\s,]+/).map((d) => d.trim().toLowerCase().replace(/^@/, "")).filter(Boolean))])
  .superRefine((domains, ctx) => {
    if (domains.length === 0) ctx.addIssue({ code: "custom", message: "Enter at least one e-mail domain, such as customer.example." });
    else if (domains.length > MAX_SSO_DOMAINS) ctx.addIssue({ code: "custom", message: `Use at most ${MAX_SSO_DOMAINS} domains.` });
    const bad = domains.find((d) => !EMAIL_DOMAIN.test(d));
    if (bad !== undefined) ctx.addIssue({ code: "custom", message: `“${bad.slice(0, 80)}” is not an e-mail domain; write it as customer.example.` });
  });

const checkbox = z.preprocess((v) => (v === undefined ? "off" : v), z.enum(["on", "off"], { error: "Tick the box or leave it empty." })).transform((v) => v === "on");

export const saveOrganizationSsoSchema = z.object({
  organizationId,
  displayName: z
    .string({ error: "Enter the name people know their sign-in by." })
    .trim()
    .min(1, { error: "Enter the name people know their sign-in by." })
    .max(60, { error: "Use at most 60 characters." })
    .refine(isPlainText, { error: "Remove control and invisible formatting characters from the name." }),
  issuer: issuerSchema,
  clientId: z
    .string({ error: "Enter the client ID." })
    .trim()
    .min(1, { error: "Enter the client ID." })
    .max(512, { error: "Use at most 512 characters." })
    .refine(isPlainText, { error: "Remove control and invisible characters from the client ID." }),
  // Empty when editing: the stored secret is kept.
  clientSecret: z
    .string({ error: "Enter the client secret." })
    .max(2048, { error: "Use at most 2,048 characters." })
    .refine((v) => !/[\u0000-\u001f\u007f]/.test(v), { error: "Remove control characters from the client secret." })
    .optional()
    .default(""),
  domains: ssoDomainsSchema,
  trustEmailForLinking: checkbox,
});

export const organizationSsoSchema = z.object({ organizationId });

export const setOrganizationSsoEnabledSchema = z.object({ organizationId, enabled: z.enum(["true", "false"], { error: "Choose on or off." }).transform((v) => v === "true") });

/** The sign-in page's "company single sign-on" form: a work e-mail. */
export const companySsoSchema = z.object({
  email: z
    .string({ error: "Enter your work e-mail address." })
    .trim()
    .toLowerCase()
    .min(1, { error: "Enter your work e-mail address." })
    .max(254, { error: "Use at most 254 characters." })
    .regex(/^[^\s@]{1,64}@[^\s@]{1,253}$/, { error: "Enter an e-mail address, such as you@company.example." }),
  callbackUrl: z.string().max(2048).optional(),
});
