import { z } from "zod";
import { emailSchema } from "./auth";
import { isPlainText } from "./text";

const id = (what: string) => z.uuid({ error: `Unknown ${what}.` });

export const organizationNameSchema = z
  .string({ error: "Enter the organisation's name." })
  .trim()
  .min(1, { error: "Enter the organisation's name." })
  .max(100, { error: "Use at most 100 characters." })
  .refine(isPlainText, { error: "Remove control and invisible formatting characters from the name." });

export const createOrganizationSchema = z.object({ name: organizationNameSchema });

export const createInviteSchema = z.object({ organizationId: id("organisation"), email: emailSchema });

export const revokeInviteSchema = z.object({ inviteId: id("invite"), organizationId: id("organisation") });

export const rotateExternalIdSchema = z.object({ organizationId: id("organisation") });

export const revokeRegistrationTokenSchema = z.object({ organizationId: id("organisation") });
