/**
 * The shape of the ids Rolegate issues (PostgreSQL uuids). Checked before a lookup: PostgreSQL
 * refuses a malformed uuid with an error, and an id from a URL or form is anyone's input.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is a well-formed uuid (anything else reads as "not found", without a query). */
export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID.test(value);
}
