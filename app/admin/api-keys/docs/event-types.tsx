import { EVENT_DESCRIPTIONS, EVENT_TYPES } from "@/lib/events/types";
import { FieldTable } from "./field-table";
import { InlineText } from "./inline-text";
import type { FieldRow } from "./schema-fields";

/** What Rolegate announces, and the shape every event has (in the event log and on webhooks alike). */
export function EventTypes({ eventFields, eventsPath }: { eventFields: FieldRow[]; eventsPath: string }) {
  return (
    <section aria-labelledby="event-types" className="scroll-mt-4 space-y-3">
      <h2 id="event-types" className="text-xl font-semibold">Event types</h2>
      <p className="text-sm text-slate-700">
        Each change that others may need to hear of is written to the event log in the same transaction as the change. Webhooks
        deliver these events as they happen; <code className="font-mono text-xs">GET {eventsPath}</code> reads the same log, in
        order, to catch up after downtime.
      </p>
      <div tabIndex={0} className="relative overflow-x-auto rounded-md bg-white ring-1 ring-slate-200">
        <table className="min-w-full divide-y divide-slate-200 text-sm">
          <caption className="bg-slate-50 px-3 py-1.5 text-left font-semibold text-slate-800">Event types</caption>
          <thead className="text-left text-slate-600">
            <tr>
              <th scope="col" className="px-3 py-1.5 font-medium">Type</th>
              <th scope="col" className="px-3 py-1.5 font-medium">When</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {EVENT_TYPES.map((type) => (
              <tr key={type}>
                <th scope="row" className="whitespace-nowrap px-3 py-1.5 text-left align-top font-mono text-xs font-medium">{type}</th>
                <td className="px-3 py-1.5"><InlineText text={EVENT_DESCRIPTIONS[type]} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {eventFields.length > 0 ? <FieldTable caption="Every event (Event)" context="an event" rows={eventFields} /> : null}
    </section>
  );
}
