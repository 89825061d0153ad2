/**
 * One e-mail as Rolegate writes it: a plain-text and an HTML part made from the same blocks, every
 * piece of text escaped in the HTML (organisation and person names are user input), one link back
 * to the page that matters, and a footer that says why the mail came and how to change that.
 */

/** Kinds of mail: invites and security alerts always go; the others can be turned off per person. */
export const MAIL_CATEGORIES = ["invite", "status_change", "rotation", "digest", "security"] as const;
export type MailCategory = (typeof MAIL_CATEGORIES)[number];

export const MAIL_CATEGORY_LABELS: Readonly<Record<MailCategory, string>> = {
  invite: "Invite",
  status_change: "Connection status",
  rotation: "External ID rotation",
  digest: "Daily digest",
  security: "Security alert",
};

export type MailMessage = { category: MailCategory; subject: string; text: string; html: string; link: string };

/** A paragraph, or a list of short lines. */
export type Block = string | { list: readonly string[] };

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** Text that must stay on one line (a subject): control characters and line breaks become spaces. */
export function oneLine(value: string, max = 120): string {
  const flat = value.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

/** Builds both parts of a message. `link.href` must be an absolute http(s) URL built by Rolegate. */
export function compose(input: {
  category: MailCategory;
  subject: string;
  greeting?: string;
  blocks: readonly Block[];
  link: { href: string; label: string };
  footer: string;
}): MailMessage {
  if (!/^https?:\/\//.test(input.link.href)) throw new Error("mail links must be absolute http(s) URLs");
  const blocks = input.greeting ? [input.greeting, ...input.blocks] : input.blocks;
  const textBlocks = blocks.map((b) => (typeof b === "string" ? b : b.list.map((line) => `- ${line}`).join("\n")));
  const text = [...textBlocks, `${input.link.label}: ${input.link.href}`, "--", input.footer].join("\n\n") + "\n";
  const p = 'style="margin:0 0 16px;font-size:15px;line-height:1.5;color:#0f172a"';
  const htmlBlocks = blocks.map((b) =>
    typeof b === "string" ? `<p ${p}>${escapeHtml(b)}</p>` : `<ul ${p}>${b.list.map((line) => `<li>${escapeHtml(line)}</li>`).join("")}</ul>`,
  );
  const href = escapeHtml(input.link.href);
  const html = [
    "<!doctype html>",
    '<html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>',
    '<body style="margin:0;padding:24px;background:#f8fafc;font-family:system-ui,-apple-system,Segoe UI,sans-serif">',
    '<div style="max-width:560px;margin:0 auto;background:#ffffff;padding:24px;border-radius:8px">',
    '<p style="margin:0 0 16px;font-weight:700;font-size:18px;color:#0f172a">Rolegate</p>',
    ...htmlBlocks,
    `<p style="margin:24px 0"><a href="${href}" style="background:#4f46e5;color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600">${escapeHtml(input.link.label)}</a></p>`,
    `<p style="margin:0 0 16px;font-size:13px;color:#475569">Or open this address: <a href="${href}" style="color:#4f46e5">${href}</a></p>`,
    `<hr style="border:none;border-top:1px solid #e2e8f0;margin:24px 0"><p style="margin:0;font-size:12px;color:#64748b">${escapeHtml(input.footer)}</p>`,
    "</div></body></html>",
  ].join("\n");
  return { category: input.category, subject: oneLine(input.subject, 200), text, html, link: input.link.href };
}
