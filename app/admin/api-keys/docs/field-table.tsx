import { InlineText } from "./inline-text";
import type { ParameterRow } from "./reference";
import type { FieldRow } from "./schema-fields";
import { cn } from "@/lib/cn";

const th = "px-3 py-1.5 font-medium";
const td = "px-3 py-1.5 align-top";

/** Fields (or parameters, with where they go) as a table; `caption` is read first, `context` only by screen readers. */
export function FieldTable({ caption, context, rows }: { caption: string; context: string; rows: (FieldRow | ParameterRow)[] }) {
  const withPlace = rows.some((r) => "in" in r);
  return (
    <div tabIndex={0} className="relative overflow-x-auto rounded-md ring-1 ring-slate-200">
      <table className="min-w-full divide-y divide-slate-200 text-sm">
        <caption className="bg-slate-50 px-3 py-1.5 text-left font-semibold text-slate-800">
          {caption}
          <span className="sr-only"> of {context}</span>
        </caption>
        <thead className="text-left text-slate-600">
          <tr>
            <th scope="col" className={th}>Name</th>
            {withPlace ? <th scope="col" className={th}>In</th> : null}
            <th scope="col" className={th}>Type</th>
            <th scope="col" className={th}>Required</th>
            <th scope="col" className={th}>Description</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((row) => (
            <tr key={`${"in" in row ? row.in : ""}${row.name}`}>
              <th scope="row" className={cn(td, "whitespace-nowrap text-left font-mono text-xs font-medium")}>{row.name}</th>
              {withPlace ? <td className={td}>{"in" in row ? row.in : ""}</td> : null}
              <td className={cn(td, "font-mono text-xs")}>{row.type}</td>
              <td className={td}>{row.required ? "yes" : "no"}</td>
              <td className={cn(td, "space-y-1")}>
                {row.description ? <p><InlineText text={row.description} /></p> : null}
                {row.values.length > 0 ? (
                  <p>
                    One of:{" "}
                    {row.values.map((v, i) => (
                      <span key={v}>
                        {i > 0 ? ", " : ""}
                        <code className="font-mono text-xs">{v}</code>
                      </span>
                    ))}
                  </p>
                ) : null}
                {row.limits.length > 0 ? <p className="text-slate-600"><InlineText text={row.limits.join("; ")} /></p> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
