import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy between the code under test and a server (PostgreSQL), so a test can take
 * the server away without stopping it: `cut()` closes every open connection and refuses (resets)
 * new ones until `restore()`. `cutOn(text)` cuts the moment a client sends bytes containing `text`,
 * before they reach the server (e.g. one statement of a transaction).
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private up = true;
  private trap: { text: Buffer; sprung: () => void } | undefined;

  constructor(private readonly target: { host: string; port: number }) {}

  /** Listens on a free loopback port. */
  async start(): Promise<this> {
    this.server = createServer((client) => this.accept(client));
    await new Promise<void>((resolve) => this.server!.listen(0, "127.0.0.1", resolve));
    return this;
  }

  get port(): number {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("proxy not started");
    return address.port;
  }

  /** Closes every open connection and refuses new ones until `restore()`. */
  cut(): void {
    this.up = false;
    this.trap = undefined;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  /** Accepts connections again. */
  restore(): void {
    this.up = true;
  }

  /** Cuts (as `cut()`) when a client next sends `text`; resolves then. That data never reaches the server. */
  cutOn(text: string): Promise<void> {
    return new Promise((resolve) => {
      this.trap = { text: Buffer.from(text), sprung: resolve };
    });
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(client: Socket): void {
    if (!this.up) {
      client.on("error", () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = createConnection(this.target);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on("error", () => {});
      socket.on("close", () => {
        this.sockets.delete(socket);
        (socket === client ? upstream : client).destroy();
      });
    }
    upstream.pipe(client);
    client.on("data", (chunk: Buffer) => {
      const trap = this.trap;
      if (trap && chunk.includes(trap.text)) {
        this.cut();
        trap.sprung();
        return;
      }
      upstream.write(chunk);
    });
  }
}
