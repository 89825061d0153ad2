import { z } from "zod";

/** The most connections one selection may name: a few pages of the dashboard, well under the 1 MB action body limit. */
export const MAX_SELECTION = 5_000;

/** The bulk re-verification form: a scope, and for a selection one `connectionId` field per connection. */
export const startBulkVerificationSchema = z.discriminatedUnion(
  "scope",
  [
    z.object({
      scope: z.literal("selection"),
      connectionId: z
        .array(z.uuid({ error: "Unknown connection." }), { error: "Select the connections to re-verify." })
        .min(1, { error: "Select at least one connection to re-verify." })
        .max(MAX_SELECTION, { error: `Select at most ${MAX_SELECTION.toLocaleString("en")} connections at a time, or re-verify every failed one.` }),
    }),
    // A job over every failed connection, or every connection, starts only once the admin has seen its size.
    z.object({ scope: z.literal("failed"), confirmed: z.literal("yes").optional().catch(undefined) }),
    z.object({ scope: z.literal("all"), confirmed: z.literal("yes").optional().catch(undefined) }),
  ],
  { error: "Choose what to re-verify." },
);

/** The cancel form: the job to cancel. */
export const jobIdSchema = z.object({ jobId: z.uuid({ error: "Unknown job." }) });
