import { CfnError } from "./errors";

/** CloudFormation's limit for a template given by URL. */
export const MAX_TEMPLATE_BYTES = 1_048_576;
const TIMEOUT_MS = 10_000;

/**
 * Fetches `templateURL` server-side, as CloudFormation does: http(s) only, at
 * most 1 MiB, within 10 seconds, following only http(s) redirects. The page
 * cannot fetch it itself: the template lives on another origin (the Rolegate app).
 */
export async function fetchTemplate(templateURL: string, signal?: AbortSignal): Promise<string> {
  let url: URL;
  try {
    url = new URL(templateURL);
  } catch {
    throw new CfnError("ValidationError", "TemplateURL must be a supported URL.");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new CfnError("ValidationError", "TemplateURL must be a supported URL.");
  const timeout = AbortSignal.timeout(TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { signal: combined, redirect: "follow", headers: { accept: "application/x-yaml, application/json, text/plain, */*" } });
  } catch (err) {
    const reason = timeout.aborted ? `no answer within ${TIMEOUT_MS / 1000} seconds` : causeOf(err);
    throw new CfnError("ValidationError", `Template could not be retrieved from ${url.origin}: ${reason}.`);
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    throw new CfnError("ValidationError", `Template could not be retrieved: ${url.origin} answered HTTP ${response.status}.`);
  }
  if (Number(response.headers.get("content-length") ?? 0) > MAX_TEMPLATE_BYTES) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  try {
    for (let next = await reader?.read(); next && !next.done; next = await reader?.read()) {
      size += next.value.byteLength;
      if (size > MAX_TEMPLATE_BYTES) {
        await reader?.cancel();
        throw tooLarge();
      }
      chunks.push(next.value);
    }
  } catch (err) {
    if (err instanceof CfnError) throw err;
    throw new CfnError("ValidationError", `Template could not be retrieved from ${url.origin}: ${causeOf(err)}.`);
  }
  return new TextDecoder().decode(Buffer.concat(chunks));
}

function tooLarge(): CfnError {
  return new CfnError("ValidationError", `Template may not exceed ${MAX_TEMPLATE_BYTES} bytes in size.`);
}

function causeOf(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (err instanceof Error ? err.message : String(err));
}
