import { z } from "zod";

// The ARN itself is checked by lib/aws/arn on the server, which explains each kind of mistake.
export const addConnectionSchema = z.object({
  roleArn: z.string({ error: "Paste the role ARN." }).max(4096, { error: "That is far too long for a role ARN." }),
  /** The member's unverified draft this ARN corrects (ignored unless it is one). */
  replaces: z.string().max(64).optional(),
});

export const connectionIdSchema = z.object({ connectionId: z.uuid({ error: "Unknown connection." }) });
