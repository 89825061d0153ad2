import { X509Certificate } from "node:crypto";
import { readLimited } from "@/lib/security/limited-body";

/**
 * SNS signing certificates, fetched only from a URL `trustedCertificateUrl` accepted, with a time
 * and size limit, and cached by URL (SNS names each certificate after its content; it rotates by
 * publishing a new name, so a cached one never goes stale).
 */

export type CertificateResult =
  | { ok: true; certificate: X509Certificate }
  /** The trusted host answered, but not with a certificate: the message names one SNS never used. */
  | { ok: false; kind: "refused"; detail: string }
  /** The host could not be reached or did not answer in time: SNS will deliver again. */
  | { ok: false; kind: "unreachable"; detail: string };

const MAX_BYTES = 16 * 1024; // AWS's are under 2 KiB
const TIMEOUT_MS = 5_000;
const MAX_CACHED = 32;

const globalForCerts = globalThis as unknown as { rolegateSnsCertificates?: Map<string, Promise<CertificateResult>> };

/** The certificate at `url` (already checked to be trusted), from the cache or fetched once. */
export function signingCertificate(url: URL): Promise<CertificateResult> {
  const cache = (globalForCerts.rolegateSnsCertificates ??= new Map());
  const cached = cache.get(url.href);
  if (cached) return cached;
  const pending = download(url).then((result) => {
    if (!result.ok) cache.delete(url.href); // only certificates are kept, never a failure
    return result;
  });
  cache.set(url.href, pending);
  if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
  return pending;
}

/** Forgets every cached certificate (tests). */
export function clearCertificateCache(): void {
  globalForCerts.rolegateSnsCertificates?.clear();
}

async function download(url: URL): Promise<CertificateResult> {
  let response: Response;
  try {
    response = await fetch(url, { redirect: "error", cache: "no-store", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    return { ok: false, kind: "unreachable", detail: `could not fetch the signing certificate: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (response.status !== 200) {
    await response.body?.cancel();
    return { ok: false, kind: response.status >= 500 ? "unreachable" : "refused", detail: `the signing certificate URL answered HTTP ${response.status}` };
  }
  const body = await readLimited(response, MAX_BYTES).catch(() => undefined);
  if (body === null) return { ok: false, kind: "refused", detail: `the signing certificate is larger than ${MAX_BYTES} bytes` };
  if (body === undefined) return { ok: false, kind: "unreachable", detail: "the signing certificate could not be read in time" };
  try {
    return { ok: true, certificate: new X509Certificate(Buffer.from(body)) };
  } catch {
    return { ok: false, kind: "refused", detail: "the signing certificate URL did not serve an X.509 certificate" };
  }
}

