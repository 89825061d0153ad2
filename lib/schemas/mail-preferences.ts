import { z } from "zod";

/** A checkbox: "on" when ticked, absent when not; anything else is not this form. */
const checkbox = z.preprocess((v) => (v === undefined ? "off" : v), z.enum(["on", "off"], { error: "Tick the box or leave it empty." })).transform((v) => v === "on");

/** Which non-essential mail a person wants (invites and security alerts are not choices). */
export const mailPreferencesSchema = z.object({ statusChanges: checkbox, rotationNotices: checkbox, digest: checkbox });
