import { z } from "zod";
import { PASSWORD_MAX, PASSWORD_MIN } from "./password-rules";
import { isPlainText } from "./text";

const email = z
  .string({ error: "Enter your e-mail address." })
  .trim()
  .min(1, { error: "Enter your e-mail address." })
  .max(254, { error: "An e-mail address has at most 254 characters." })
  .refine(isPlainText, { error: "Remove control and invisible formatting characters from the address." })
  .pipe(z.email({ error: "Enter a valid e-mail address, like name@example.com." }));

/** A new password: length limits only (NIST 800-63B), no composition rules. */
export const newPassword = z
  .string({ error: "Choose a password." })
  .min(PASSWORD_MIN, { error: `Use at least ${PASSWORD_MIN} characters.` })
  .max(PASSWORD_MAX, { error: `Use at most ${PASSWORD_MAX} characters.` });

export const personName = z
  .string({ error: "Enter your name." })
  .trim()
  .min(1, { error: "Enter your name." })
  .max(100, { error: "Use at most 100 characters." })
  .refine(isPlainText, { error: "Remove control and invisible formatting characters from the name." });

/** A TOTP code or a recovery code, as typed; empty when none was asked for yet. */
export const secondFactorCode = z
  .string({ error: "Enter the 6-digit code from your app, or a recovery code." })
  .max(40, { error: "Enter the 6-digit code from your app, or a recovery code." })
  .transform((v) => v.trim());

export const signInSchema = z.object({
  email,
  password: z.string().min(1, { error: "Enter your password." }).max(PASSWORD_MAX),
  code: secondFactorCode.optional(),
});

export const confirmMfaSchema = z.object({
  code: secondFactorCode.pipe(z.string().regex(/^\d{3} ?\d{3}$/, { error: "Enter the 6-digit code your app shows." })),
});

/** What a dangerous action asks for again: the password, and the second factor when the account has one. */
export const reauthSchema = z.object({
  currentPassword: z
    .string({ error: "Enter your password to confirm it is you." })
    .min(1, { error: "Enter your password to confirm it is you." })
    .max(PASSWORD_MAX),
  currentCode: secondFactorCode.optional(),
});

export const acceptInviteSchema = z
  .object({ name: personName, password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], error: "The two passwords do not match." });

export const changePasswordSchema = z
  .object({ current: z.string().min(1, { error: "Enter your current password." }).max(PASSWORD_MAX), password: newPassword, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { path: ["confirm"], error: "The two passwords do not match." });

export const emailSchema = email;
