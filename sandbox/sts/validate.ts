import { stsError } from "./errors";

/** One member of an STS request, with the constraints STS's model declares for it. */
interface MemberRule {
  param: string;
  /** The member name as STS spells it in messages (lower camel case). */
  member: string;
  required?: boolean;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  integer?: { min: number; max: number };
}

const ASSUME_ROLE_RULES: MemberRule[] = [
  { param: "RoleArn", member: "roleArn", required: true, minLength: 20, maxLength: 2048 },
  { param: "RoleSessionName", member: "roleSessionName", required: true, minLength: 2, maxLength: 64, pattern: "[\\w+=,.@-]*" },
  { param: "ExternalId", member: "externalId", minLength: 2, maxLength: 1224, pattern: "[\\w+=,.@:\\/-]*" },
  { param: "DurationSeconds", member: "durationSeconds", integer: { min: 900, max: 43200 } },
  { param: "SourceIdentity", member: "sourceIdentity", minLength: 2, maxLength: 64, pattern: "[\\w+=,.@-]*" },
  { param: "Policy", member: "policy", minLength: 1, maxLength: 2048 },
];

/**
 * Checks AssumeRole's members and throws one ValidationError listing every
 * violation, in STS's "N validation errors detected: …" form.
 */
export function validateAssumeRole(params: URLSearchParams): void {
  const problems: string[] = [];
  for (const rule of ASSUME_ROLE_RULES) {
    const value = params.get(rule.param);
    if (value === null) {
      if (rule.required) problems.push(`Value null at '${rule.member}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    const at = `Value '${value}' at '${rule.member}' failed to satisfy constraint: Member must`;
    if (rule.integer) {
      if (!/^-?\d+$/.test(value)) problems.push(`${at} be an integer`);
      else if (Number(value) < rule.integer.min) problems.push(`${at} have value greater than or equal to ${rule.integer.min}`);
      else if (Number(value) > rule.integer.max) problems.push(`${at} have value less than or equal to ${rule.integer.max}`);
      continue;
    }
    if (rule.minLength !== undefined && value.length < rule.minLength) {
      problems.push(`${at} have length greater than or equal to ${rule.minLength}`);
    }
    if (rule.maxLength !== undefined && value.length > rule.maxLength) {
      problems.push(`${at} have length less than or equal to ${rule.maxLength}`);
    }
    if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) {
      problems.push(`${at} satisfy regular expression pattern: ${rule.pattern}`);
    }
  }
  if (problems.length > 0) {
    const count = problems.length === 1 ? "1 validation error" : `${problems.length} validation errors`;
    throw stsError.validation(`${count} detected: ${problems.join("; ")}`);
  }
}
