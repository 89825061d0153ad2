import { z } from "zod";
import { emailSchema } from "./auth";

const id = (what: string) => z.uuid({ error: `Unknown ${what}.` });

export const organizationNameSchema = z
  .string({ error: "Enter the organisation's name." })
  .trim()
  .min(1, { error: "Enter the organisation's name." })
  .max(100, { error: "Use at most 100 characters." })
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), { error: "Remove control characters from the name." });

export const createOrganizationSchema = z.object({ name: organizationNameSchema });

export const createInviteSchema = z.object({ organizationId: id("organisation"), email: emailSchema });

export const revokeInviteSchema = z.object({ inviteId: id("invite"), organizationId: id("organisation") });

export const rotateExternalIdSchema = z.object({ organizationId: id("organisation") });
