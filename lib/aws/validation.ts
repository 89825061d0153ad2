/** Small format rules shared by the link, template and snippet builders. */

/** CloudFormation's rule for stack names. */
export const STACK_NAME_RE = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
/** IAM's rule for role names. */
export const ROLE_NAME_RE = /^[\w+=,.@-]{1,64}$/;
/** An AWS account id. */
export const ACCOUNT_ID_RE = /^\d{12}$/;

/** True for an absolute http(s) URL with no whitespace or control characters in it. */
export function isHttpUrl(value: string): boolean {
  if (typeof value !== "string" || /[\u0000-\u0020\u007f-\u009f]/.test(value) || !URL.canParse(value)) return false;
  const { protocol } = new URL(value);
  return protocol === "https:" || protocol === "http:";
}
