import "server-only";
import { unstable_rethrow } from "next/navigation";
import type { z } from "zod";
import { isDalError } from "@/lib/dal/errors";
import { confirmIdentity, ssoConfirmMessage } from "@/lib/auth/confirm-identity";
import { ssoConfirmation } from "@/lib/auth/identity-check";
import { PENDING_STEP_MESSAGE, pendingAccountStep } from "@/lib/auth/pending-step";
import { getViewer } from "@/lib/auth/session";
import { reauthSchema } from "@/lib/schemas/auth";
import type { UserViewer as Viewer } from "@/lib/dal/viewer";
import { logger } from "@/lib/log";
import { formValues, invalid, type FormState } from "./form-state";

type Access = "public" | "signed-in" | "admin" | "member";

const NOT_A_FORM = "This form could not be read. Reload the page and try again.";

type Handler<S extends z.ZodType, V, T> = (input: z.infer<S>, viewer: V) => Promise<FormState<T>>;

/** What every form action may be told besides its schema and access. */
type Options = {
  /** Fields never sent back to the browser. */
  secret?: readonly string[];
  /** Fields that repeat (one per checked box): parsed as arrays of all their values, and not sent back. */
  lists?: readonly string[];
  /** A dangerous action: the form also carries the password (`currentPassword`) and, with two-factor sign-in, a code (`currentCode`). */
  reauth?: boolean;
};

const REAUTH_FIELDS = ["currentPassword", "currentCode"] as const;

/**
 * A form action that parses its input, then authenticates and authorises the caller, then acts.
 * Refusals from the data-access layer become messages; anything else is logged and reported
 * without internals.
 */
export function formAction<S extends z.ZodType, T = undefined>(
  options: Options & { schema: S; access: "public" },
  handler: Handler<S, null, T>,
): (prev: FormState<T>, formData: FormData) => Promise<FormState<T>>;
export function formAction<S extends z.ZodType, T = undefined>(
  options: Options & { schema: S; access: Exclude<Access, "public">; allowPasswordChange?: boolean; allowMfaEnrolment?: boolean },
  handler: Handler<S, Viewer, T>,
): (prev: FormState<T>, formData: FormData) => Promise<FormState<T>>;
export function formAction<S extends z.ZodType, T>(
  options: Options & { schema: S; access: Access; allowPasswordChange?: boolean; allowMfaEnrolment?: boolean },
  // `never`: each overload narrows what the handler receives; the body passes the matching viewer.
  handler: Handler<S, never, T>,
) {
  return async (_prev: FormState<T>, formData: FormData): Promise<FormState<T>> => {
    // An action is an HTTP endpoint: its arguments are whatever the caller encoded, not always a form.
    if (!(formData instanceof FormData)) return { ok: false, message: NOT_A_FORM };
    const lists = options.lists ?? [];
    const values = formValues(formData, [...(options.secret ?? []), ...lists, ...REAUTH_FIELDS]);
    const fields: Record<string, unknown> = Object.fromEntries(formData);
    for (const name of lists) fields[name] = formData.getAll(name);
    const parsed = options.schema.safeParse(fields);
    if (!parsed.success) return invalid(parsed.error, values);
    let viewer: Viewer | null = null;
    if (options.access !== "public") {
      viewer = await getViewer();
      if (!viewer) return { ok: false, message: "Your session has ended. Sign in again, then retry.", values };
      const step = pendingAccountStep(viewer);
      if (step === "password" && !options.allowPasswordChange) return { ok: false, message: PENDING_STEP_MESSAGE.password, values };
      if (step === "mfa" && !options.allowMfaEnrolment) return { ok: false, message: PENDING_STEP_MESSAGE.mfa, values };
      if ((options.access === "admin" || options.access === "member") && viewer.role !== options.access) {
        return { ok: false, message: "You are not allowed to do this.", values };
      }
    }
    try {
      // A single sign-on of the last few minutes confirms by itself; an older one must be made again.
      const sso = viewer ? ssoConfirmation(viewer) : null;
      if (options.reauth && viewer && !sso?.fresh) {
        if (sso && !fields.currentPassword) return { ok: false, message: await ssoConfirmMessage(viewer), values };
        const reauth = reauthSchema.safeParse(fields);
        if (!reauth.success) return invalid(reauth.error, values);
        const refused = await confirmIdentity(viewer, reauth.data.currentPassword, reauth.data.currentCode || undefined);
        if (refused) return { ok: false, message: "Confirm it is you to go on.", fieldErrors: { [refused.field]: [refused.message] }, values };
      }
      return await handler(parsed.data, viewer as never);
    } catch (error) {
      unstable_rethrow(error); // redirects and not-found are control flow, not failures
      if (isDalError(error)) {
        return error.field
          ? { ok: false, message: "Check the highlighted fields.", fieldErrors: { [error.field]: [error.message] }, values }
          : { ok: false, message: error.message, values };
      }
      logger().error({ err: error }, "form action failed");
      return { ok: false, message: "Something went wrong on our side and nothing was changed. Try again in a moment.", values };
    }
  };
}
