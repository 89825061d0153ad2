import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";

/** The first request with a key, and where the reference is. */
export function HowToUse({ apiUrl }: { apiUrl: string }) {
  const list = `curl -H "Authorization: Bearer rgk_…" ${apiUrl}/connections`;
  const create = `curl -X POST -H "Authorization: Bearer rgk_…" -H "Content-Type: application/json" -H "Idempotency-Key: $(uuidgen)" -d '{"name":"Example Corp"}' ${apiUrl}/organizations`;
  return (
    <section aria-labelledby="how-to-use" className="space-y-3 rounded-lg bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200">
      <h2 id="how-to-use" className="text-lg font-semibold">How to use</h2>
      <p>Send the key as a bearer token with every request. To list every connection:</p>
      <Command text={list} label="Copy the list command" />
      <p>
        To create, send JSON. An <code className="font-mono text-xs">Idempotency-Key</code> makes it safe to retry a POST: the
        same key and body get the first answer again.
      </p>
      <Command text={create} label="Copy the create command" />
      <p>
        Lists come in pages: pass <code className="font-mono text-xs">nextCursor</code> as <code className="font-mono text-xs">cursor</code> until
        it is null. Errors are <code className="font-mono text-xs">application/problem+json</code> with a stable{" "}
        <code className="font-mono text-xs">type</code>.
      </p>
      <p className="flex flex-wrap gap-x-4 gap-y-1">
        <Link href="/admin/api-keys/docs" className="font-medium text-indigo-700 underline">API reference</Link>
        <a href="/api/v1/openapi.json" className="font-medium text-indigo-700 underline">OpenAPI document (JSON)</a>
      </p>
    </section>
  );
}

function Command({ text, label }: { text: string; label: string }) {
  return (
    <div className="flex items-start gap-2">
      <pre tabIndex={0} className="min-w-0 flex-1 relative overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100"><code>{text}</code></pre>
      <CopyButton value={text} label={label} />
    </div>
  );
}
