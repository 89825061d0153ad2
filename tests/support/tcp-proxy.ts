import { createConnection, createServer, type Server, type Socket } from "node:net";

/**
 * A loopback TCP proxy between the code under test and a server (PostgreSQL), so a test can take
 * the server away without stopping it: `cut()` closes every open connection and refuses (resets)
 * new ones until `restore()`. `cutOn(text)` cuts the moment a client sends bytes containing `text`,
 * before they reach the server (e.g. one statement of a transaction). `silence()` closes nothing
 * and forwards nothing, as a network that drops every packet: only a client-side deadline ends a
 * wait then; `silenceOn(text)` falls silent as `cutOn` cuts.
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private up = true;
  private silent = false;
  /** Sockets whose peer closed while silent: their close is delivered on `restore()`, as a resent FIN. */
  private readonly orphans = new Set<Socket>();
  private trap: { text: Buffer; spring: () => void; sprung: () => void } | undefined;

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
    this.orphans.clear();
  }

  /** Keeps every connection open and accepts new ones, but drops all bytes either way until `restore()`. */
  silence(): void {
    this.silent = true;
  }

  /** Accepts connections and forwards again (bytes dropped while silent stay lost). */
  restore(): void {
    this.up = true;
    this.silent = false;
    for (const socket of this.orphans) socket.destroy();
    this.orphans.clear();
  }

  /** Cuts (as `cut()`) when a client next sends `text`; resolves then. That data never reaches the server. */
  cutOn(text: string): Promise<void> {
    return new Promise((resolve) => {
      this.trap = { text: Buffer.from(text), spring: () => this.cut(), sprung: resolve };
    });
  }

  /** Falls silent (as `silence()`) when a client next sends `text`; resolves then. That data never reaches the server. */
  silenceOn(text: string): Promise<void> {
    return new Promise((resolve) => {
      this.trap = { text: Buffer.from(text), spring: () => this.silence(), sprung: resolve };
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
        const peer = socket === client ? upstream : client;
        if (this.silent) this.orphans.add(peer);
        else peer.destroy();
      });
    }
    upstream.on("data", (chunk: Buffer) => {
      if (!this.silent) client.write(chunk);
    });
    client.on("data", (chunk: Buffer) => {
      if (this.silent) return;
      const trap = this.trap;
      if (trap && chunk.includes(trap.text)) {
        this.trap = undefined;
        trap.spring();
        trap.sprung();
        return;
      }
      upstream.write(chunk);
    });
  }
}
