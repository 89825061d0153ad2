/**
 * A request's or response's body, or null when it is larger than `limit` bytes: a declared length is
 * believed, a streamed one is counted as it arrives, and the rest is never read.
 */
export async function readLimited(message: Request | Response, limit: number): Promise<Uint8Array | null> {
  if (Number(message.headers.get("content-length") ?? 0) > limit) {
    await message.body?.cancel().catch(() => {});
    return null;
  }
  if (!message.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = message.body.getReader();
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      return null;
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}
