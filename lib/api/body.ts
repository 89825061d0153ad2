import { readLimited } from "@/lib/security/limited-body";
import { ApiProblem } from "./problem";

/** The largest request body the API reads. Its requests are a few short fields. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * The request's body as text, refused unless it is JSON and at most MAX_BODY_BYTES (counted as it
 * streams in, so a missing or false Content-Length does not help). An empty body reads as "".
 */
export async function readJsonText(request: Request): Promise<string> {
  const body = await readLimited(request, MAX_BODY_BYTES);
  if (body === null) throw tooLarge();
  if (body.byteLength === 0) return "";
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i.test(type.trim())) {
    throw new ApiProblem("unsupported-media-type", "Send the body as JSON with `Content-Type: application/json`.");
  }
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(body);
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
