import type { StsError } from "./errors";

/** STS's XML namespace; other Query APIs (SNS) pass their own. */
export const STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/";

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Escapes text for an XML element body. */
export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** `<Name>escaped value</Name>` for each entry, in order. */
export function xmlFields(fields: ReadonlyArray<readonly [string, string]>): string {
  return fields.map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`).join("");
}

/** A success body in STS's awsQuery shape: `<XResponse><XResult>…</XResult><ResponseMetadata>…`. */
export function successXml(action: string, resultXml: string, requestId: string, ns = STS_NS): string {
  return (
    `<${action}Response xmlns="${ns}">` +
    (resultXml === "" ? "" : `<${action}Result>${resultXml}</${action}Result>`) +
    `<ResponseMetadata><RequestId>${escapeXml(requestId)}</RequestId></ResponseMetadata>` +
    `</${action}Response>\n`
  );
}

/** An error body exactly as STS sends it. */
export function errorXml(error: StsError, requestId: string, ns = STS_NS): string {
  return (
    `<ErrorResponse xmlns="${ns}">` +
    `<Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message></Error>` +
    `<RequestId>${escapeXml(requestId)}</RequestId>` +
    `</ErrorResponse>\n`
  );
}
