/**
 * The kinds of event Rolegate announces: on webhooks, in `GET /api/v1/events`, and to whatever else
 * reads the event log. Names are part of the partner API: never rename one.
 */
export const EVENT_TYPES = [
  "connection.created",
  "connection.verified",
  "connection.failed",
  "connection.insecure",
  "connection.disconnected",
  "connection.external_id_changed",
  "organization.created",
  "organization.external_id_rotated",
  "job.completed",
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** What each event type is about, for people reading the documentation. */
export const EVENT_DESCRIPTIONS: Readonly<Record<EventType, string>> = {
  "connection.created": "A role ARN was added to an organisation (status `pending`), or a removed one was added again.",
  "connection.verified": "A connection's status became `verified`: the role can be assumed with its External ID and refuses without it.",
  "connection.failed": "A connection's status became `failed`: the role could not be assumed or is not the one in the ARN.",
  "connection.insecure": "A connection's status became `insecure`: the role can be assumed without the right External ID.",
  "connection.disconnected": "A connection was removed; its history is kept.",
  "connection.external_id_changed": "A connection now verifies with its organisation's new External ID (its stack was updated after a rotation).",
  "organization.created": "A customer organisation was created, with its External ID.",
  "organization.external_id_rotated": "An organisation was issued a new External ID; existing connections keep theirs until their stack is updated.",
  "job.completed": "A bulk re-verification finished every connection it covered.",
};

/** Whether a value names an event type. */
export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && (EVENT_TYPES as readonly string[]).includes(value);
}

/** The event that announces a connection reaching a status (none for `pending`, which only `created` reports). */
export function statusEventType(status: string): EventType | null {
  const type = `connection.${status}`;
  return isEventType(type) && type !== "connection.created" ? type : null;
}
