import { FieldTable } from "./field-table";
import { InlineText } from "./inline-text";
import type { OperationView } from "./reference";
import { cn } from "@/lib/cn";

const SCOPES = { read: "A read or write key.", write: "A write key.", none: "None: no key needed." } as const;

const methodStyle: Record<string, string> = {
  GET: "bg-sky-100 text-sky-900",
  POST: "bg-emerald-100 text-emerald-900",
  DELETE: "bg-red-100 text-red-900",
};

/** One operation: what it does, what it needs, what it takes and what it answers. */
export function OperationSection({ op }: { op: OperationView }) {
  const name = `${op.method} ${op.path}`;
  return (
    <section aria-labelledby={op.id} className="scroll-mt-4 space-y-3 rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
      <h3 id={op.id} className="flex flex-wrap items-baseline gap-2 font-mono text-base font-semibold">
        <span className={cn("rounded px-1.5 py-0.5 text-xs", methodStyle[op.method] ?? "bg-slate-100")}>{op.method}</span>{" "}
        <span className="break-all">{op.path}</span>
      </h3>
      <p className="font-medium">{op.summary}</p>
      {op.description ? <p className="text-sm text-slate-700"><InlineText text={op.description} /></p> : null}
      <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
        <dt className="text-slate-500">Key needed</dt>
        <dd>{SCOPES[op.scope ?? "none"]}</dd>
        <dt className="text-slate-500">Operation id</dt>
        <dd className="font-mono text-xs">{op.id}</dd>
      </dl>
      {op.parameters.length > 0 ? <FieldTable caption="Parameters" context={name} rows={op.parameters} /> : null}
      {op.body ? <FieldTable caption={`Request body${op.body.schemaName ? ` (${op.body.schemaName})` : ""}, JSON`} context={name} rows={op.body.fields} /> : null}
      {op.success.fields.length > 0 ? (
        <FieldTable caption={`Response ${op.success.status}${op.success.schemaName ? ` (${op.success.schemaName})` : ""}: ${op.success.description}`} context={name} rows={op.success.fields} />
      ) : (
        <p className="text-sm">
          <span className="font-semibold">Response {op.success.status}:</span> <InlineText text={op.success.description} />
        </p>
      )}
      {op.problems.length > 0 ? (
        <div tabIndex={0} className="relative overflow-x-auto rounded-md ring-1 ring-slate-200">
          <table className="min-w-full divide-y divide-slate-200 text-sm">
            <caption className="bg-slate-50 px-3 py-1.5 text-left font-semibold text-slate-800">
              Problems<span className="sr-only"> of {name}</span>
            </caption>
            <thead className="text-left text-slate-600">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">Status</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Meaning and types</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {op.problems.map((p) => (
                <tr key={p.status}>
                  <th scope="row" className="px-3 py-1.5 text-left align-top font-mono text-xs font-medium">{p.status}</th>
                  <td className="px-3 py-1.5 break-words"><InlineText text={p.description} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
