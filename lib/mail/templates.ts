import { compose, type MailMessage } from "./compose";

/**
 * The messages Rolegate sends. Every value passed in may be user text (names) and is escaped by
 * `compose`; none of them carries a secret or an External ID. Links are absolute, from APP_URL.
 */

const preferencesFooter = (appUrl: string, why: string) =>
  `${why} Choose which e-mails you get at ${appUrl}/account/notifications.`;

const dateTime = (at: Date) =>
  new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(at) + " UTC";

/** The invite a partner admin sends a customer's cloud admin; `inviteUrl` is the single-use link. */
export function inviteMessage(input: { appUrl: string; inviteUrl: string; organizationName: string; inviterName: string; expiresAt: Date }): MailMessage {
  return compose({
    category: "invite",
    subject: `You are invited to connect ${input.organizationName}'s AWS accounts to Rolegate`,
    blocks: [
      `${input.inviterName} invited you to join ${input.organizationName} on Rolegate, where you connect your AWS accounts to us through an IAM role with an External ID (never access keys).`,
      `The link works once and until ${dateTime(input.expiresAt)}. Open it to choose your name and password.`,
    ],
    link: { href: input.inviteUrl, label: "Accept the invite" },
    footer: `You get this e-mail because ${input.inviterName} invited this address. If you did not expect it, ignore it: nothing happens unless the link is used.`,
  });
}

export type StatusChange = "verified" | "failed" | "insecure" | "disconnected";

const STATUS_SUBJECT: Record<StatusChange, string> = {
  verified: "Connection working again",
  failed: "Connection failed",
  insecure: "Connection insecure",
  disconnected: "Connection removed",
};

/** A connection's status changed: to the organisation's members (link: Accounts) or to an admin (link: the connection). */
export function statusChangeMessage(input: {
  appUrl: string;
  audience: "member" | "admin";
  organizationName: string;
  connection: { id: string; accountId: string; roleName: string; status: StatusChange; failure: string | null };
  at: Date;
}): MailMessage {
  const { connection: c } = input;
  const what = `AWS account ${c.accountId} (role ${c.roleName})`;
  const body: Record<StatusChange, string[]> = {
    verified: [`Rolegate can use ${what} again: its last check passed and the connection is verified.`],
    failed: [
      `Rolegate can no longer use ${what}: its last check failed${c.failure ? ` (${c.failure})` : ""}.`,
      "The role may have been deleted, or its trust policy changed. Open the page below to see what failed and re-verify once it is fixed.",
    ],
    insecure: [
      `The role of ${what} can be assumed without the right External ID, which leaves it open to the confused deputy problem.`,
      "Add the sts:ExternalId condition to the role's trust policy (updating the stack does this), then re-verify.",
    ],
    disconnected: [`The connection to ${what} was removed. Rolegate no longer uses this role; its history is kept.`],
  };
  const admin = input.audience === "admin";
  return compose({
    category: "status_change",
    subject: `${STATUS_SUBJECT[c.status]}: AWS account ${c.accountId} of ${input.organizationName}`,
    blocks: [`Organisation: ${input.organizationName}. Changed at ${dateTime(input.at)}.`, ...body[c.status]],
    link: admin
      ? { href: `${input.appUrl}/admin/connections/${c.id}`, label: "Open the connection" }
      : { href: `${input.appUrl}/accounts`, label: "Open your accounts" },
    footer: preferencesFooter(
      input.appUrl,
      admin ? "You get this e-mail because you asked for connection status changes." : `You get this e-mail as a member of ${input.organizationName}.`,
    ),
  });
}

/** A new External ID was issued: the customer's stacks need updating (the ID itself is on the page, not in mail). */
export function rotationMessage(input: { appUrl: string; organizationName: string }): MailMessage {
  return compose({
    category: "rotation",
    subject: `Action needed: update the Rolegate role stacks of ${input.organizationName}`,
    blocks: [
      `A new External ID was issued for ${input.organizationName}. New stacks use it; your existing connections keep working with the old one until you update their stacks.`,
      "Open Connect an AWS account to see which stacks to update, with a link that updates each one.",
    ],
    link: { href: `${input.appUrl}/onboarding`, label: "Update your stacks" },
    footer: preferencesFooter(input.appUrl, `You get this e-mail as a member of ${input.organizationName}.`),
  });
}

/** The admins' daily digest while anything is failing. */
export function digestMessage(input: { appUrl: string; failed: number; insecure: number; day: string }): MailMessage {
  const plural = (n: number, word: string) => `${new Intl.NumberFormat("en").format(n)} ${word}${n === 1 ? "" : "s"}`;
  const total = input.failed + input.insecure;
  const status = input.failed > 0 ? "failed" : "insecure";
  return compose({
    category: "digest",
    subject: `Rolegate daily digest: ${plural(total, "connection")} need attention`,
    blocks: [
      `On ${input.day}, these connections need attention:`,
      {
        list: [
          `${plural(input.failed, "failed connection")}: ${input.appUrl}/admin/connections?status=failed`,
          `${plural(input.insecure, "insecure connection")}: ${input.appUrl}/admin/connections?status=insecure`,
        ],
      },
    ],
    link: { href: `${input.appUrl}/admin/connections?status=${status}`, label: `See the ${status} connections` },
    footer: preferencesFooter(input.appUrl, "You get this digest as a partner admin, on days when something is failing."),
  });
}

/** Rolegate's own AWS identity is failing (security: always sent to every admin). */
export function partnerCredentialMessage(input: { appUrl: string; summary: string; detail?: string | undefined; at: Date }): MailMessage {
  return compose({
    category: "security",
    subject: "Security alert: Rolegate's own AWS credentials are failing",
    blocks: [
      `At ${dateTime(input.at)} Rolegate's own AWS identity stopped working: ${input.summary}`,
      ...(input.detail ? [input.detail] : []),
      "Customer connections keep their status until the partner's credentials work again. Check the credentials Rolegate runs with (environment, profile, instance or task role) and PARTNER_AWS_ACCOUNT_ID.",
    ],
    link: { href: `${input.appUrl}/admin`, label: "Open the dashboard" },
    footer: "Security alerts go to every partner admin and cannot be turned off.",
  });
}

/** Many failed sign-ins to one account (security: always sent to its owner). */
export function signInFailuresMessage(input: { appUrl: string; email: string; failures: number; since: Date }): MailMessage {
  return compose({
    category: "security",
    subject: "Many failed sign-ins to your Rolegate account",
    blocks: [
      `Since ${dateTime(input.since)} there have been more than ${input.failures} failed attempts to sign in to your Rolegate account ${input.email}, with wrong passwords.`,
      "While this goes on, only places you signed in from before can try to sign in to it, and anywhere else only with your password and a two-factor code: you can still sign in as usual. No attempt got in.",
      "If these attempts were not yours and your password is used anywhere else, change it.",
    ],
    link: { href: `${input.appUrl}/account/password`, label: "Change your password" },
    footer: "Security alerts go to the account's owner and cannot be turned off.",
  });
}

/** What changed in an account's two-factor authentication. */
export type MfaChange = "enabled" | "disabled" | "recovery-codes";

const MFA_CHANGES: Record<MfaChange, { subject: string; what: string }> = {
  enabled: { subject: "Two-factor authentication is on for your Rolegate account", what: "two-factor authentication was turned on" },
  disabled: { subject: "Two-factor authentication was turned off for your Rolegate account", what: "two-factor authentication was turned off" },
  "recovery-codes": { subject: "New recovery codes for your Rolegate account", what: "new recovery codes were made, and the old ones stopped working" },
};

/** A change to an account's second factor (security: always sent to its owner, so a change they did not make does not go unseen). */
export function mfaChangedMessage(input: { appUrl: string; email: string; change: MfaChange; at: Date }): MailMessage {
  const change = MFA_CHANGES[input.change];
  return compose({
    category: "security",
    subject: change.subject,
    blocks: [
      `At ${dateTime(input.at)}, for your Rolegate account ${input.email}, ${change.what}.`,
      "If this was not you, sign in, change your password (which signs out every other session) and check two-factor authentication.",
    ],
    link: { href: `${input.appUrl}/account/security`, label: "Review two-factor authentication" },
    footer: "Security alerts go to the account's owner and cannot be turned off.",
  });
}
