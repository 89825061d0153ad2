import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/** A tiny origin serving templates by path, standing in for the Rolegate app. */
export async function serveTemplates(files: Record<string, string | (() => string)>): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    const file = files[path];
    if (file === undefined) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": path.endsWith(".json") ? "application/json" : "application/x-yaml" });
    res.end(typeof file === "function" ? file() : file);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
