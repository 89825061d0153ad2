import { ApiProblem } from "./problem";

/** The largest request body the API reads. Its requests are a few short fields. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's body as text, refused unless it is JSON and at most MAX_BODY_BYTES (counted as it
 * streams in, so a missing or false Content-Length does not help). An empty body reads as "".
 */
export async function readJsonText(request: Request): Promise<string> {
  const declared = request.headers.get("content-length");
  if (declared !== null && Number(declared) > MAX_BODY_BYTES) throw tooLarge();
  if (!request.body) return "";
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(value);
  }
  if (size === 0) return "";
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i.test(type.trim())) {
    throw new ApiProblem("unsupported-media-type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ApiProblem("invalid-json", "The body is not valid UTF-8.");
  }
}

/** Parses JSON text into a value (an empty body is `{}`), or refuses it. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiProblem("invalid-json", "The body is not valid JSON. Send one JSON object, such as {\"name\": \"Acme\"}.");
  }
}

function tooLarge(): ApiProblem {
  return new ApiProblem("payload-too-large", `The body is larger than ${MAX_BODY_BYTES / 1024} KiB.`);
}
