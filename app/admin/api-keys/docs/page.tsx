import type { Metadata } from "next";
import Link from "next/link";
import { openApiDocument } from "@/lib/api/openapi";
import { getConfig } from "@/lib/config";
import { requireAdmin } from "@/lib/auth/session";
import { EventTypes } from "./event-types";
import { FieldTable } from "./field-table";
import { InlineText } from "./inline-text";
import { OperationSection } from "./operation-section";
import { byTag, operationsOf } from "./reference";
import { fieldsOf } from "./schema-fields";
import { WebhookSignatures } from "./webhook-signatures";

export const metadata: Metadata = { title: "API reference" };

const component = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The partner API's reference, read from the same OpenAPI document that /api/v1/openapi.json serves. */
export default async function ApiReferencePage() {
  await requireAdmin();
  const doc = openApiDocument(`${getConfig().appUrl}/api/v1`);
  const serverUrl = doc.servers?.[0]?.url ?? "";
  const basePath = new URL(serverUrl).pathname.replace(/\/$/, "");
  const operations = operationsOf(doc, basePath);
  const groups = byTag(operations);
  const auth = doc.components?.securitySchemes?.apiKey;
  const eventsOp = operations.find((op) => op.id === "listEvents");
  return (
    <div className="space-y-8">
      <p className="text-sm">
        <Link href="/admin/api-keys" className="text-indigo-700 hover:underline">← API keys</Link>
      </p>
      <div className="space-y-3">
        <h1 className="text-2xl font-bold tracking-tight">{doc.info.title} reference</h1>
        {doc.info.description ? <p className="text-sm text-slate-700"><InlineText text={doc.info.description} /></p> : null}
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-500">Base URL</dt>
          <dd className="break-all font-mono text-xs">{serverUrl}</dd>
          <dt className="text-slate-500">Authentication</dt>
          <dd>{auth && "description" in auth && auth.description ? <InlineText text={auth.description} /> : "Bearer API key."}</dd>
          <dt className="text-slate-500">Version</dt>
          <dd>{doc.info.version}</dd>
          <dt className="text-slate-500">Machine-readable</dt>
          <dd><a href={`${basePath}/openapi.json`} className="text-indigo-700 underline">OpenAPI {doc.openapi} document (JSON)</a></dd>
        </dl>
      </div>
      <nav aria-label="Contents" className="rounded-lg bg-white p-5 text-sm shadow-sm ring-1 ring-slate-200">
        <h2 className="mb-2 font-semibold">Contents</h2>
        <ul className="space-y-3">
          {groups.map(([tag, ops]) => (
            <li key={tag}>
              <a href={`#tag-${tag}`} className="font-medium text-indigo-700 hover:underline">{tag}</a>
              <ul className="mt-1 space-y-0.5 pl-4">
                {ops.map((op) => (
                  <li key={op.id}>
                    <a href={`#${op.id}`} className="font-mono text-xs break-all text-indigo-700 hover:underline">{op.method} {op.path}</a>{" "}
                    <span className="text-slate-600">{op.summary}</span>
                  </li>
                ))}
              </ul>
            </li>
          ))}
          <li><a href="#problems" className="font-medium text-indigo-700 hover:underline">Problems</a></li>
          <li><a href="#event-types" className="font-medium text-indigo-700 hover:underline">Event types</a></li>
          <li><a href="#webhook-signatures" className="font-medium text-indigo-700 hover:underline">Verifying webhook signatures</a></li>
        </ul>
      </nav>
      {groups.map(([tag, ops]) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="scroll-mt-4 space-y-4">
          <h2 id={`tag-${tag}`} className="text-xl font-semibold">{tag}</h2>
          {ops.map((op) => <OperationSection key={op.id} op={op} />)}
        </section>
      ))}
      <section aria-labelledby="problems" className="scroll-mt-4 space-y-3">
        <h2 id="problems" className="text-xl font-semibold">Problems</h2>
        <p className="text-sm text-slate-700">
          Every error is an RFC 9457 problem, <code className="font-mono text-xs">application/problem+json</code>. Branch on{" "}
          <code className="font-mono text-xs">type</code>, which never changes; <code className="font-mono text-xs">detail</code> says
          what happened this time, for people.
        </p>
        <FieldTable caption="Problem" context="every error" rows={fieldsOf(doc, component("Problem"))} />
      </section>
      <EventTypes eventFields={fieldsOf(doc, component("Event"))} eventsPath={eventsOp?.path ?? `${basePath}/events`} />
      <WebhookSignatures />
    </div>
  );
}
