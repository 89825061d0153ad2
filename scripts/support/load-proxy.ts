import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdirSync, openSync, writeFileSync } from "node:fs";
import path from "node:path";
import { onStop } from "./load-stack";

/** The reverse proxy in front of several instances: nginx from the system's packages, on loopback. */
export type Proxy = { url: string; pid: number };

/** Whether nginx can be run here, or why not (the instances run behind it). */
export function nginxAvailable(): { ok: true; version: string } | { ok: false; why: string } {
  const found = spawnSync("nginx", ["-v"], { encoding: "utf8" });
  if (found.error || found.status !== 0) return { ok: false, why: "nginx is not installed (Debian: apt-get install nginx)" };
  return { ok: true, version: (found.stderr || found.stdout).trim().replace(/^nginx version: /, "") };
}

/**
 * The configuration: one upstream of every instance, the least busy first, with kept-alive
 * connections to them; responses and request bodies pass through unbuffered, so that a
 * verification's progress streams as it would from one instance. The forwarded headers are the
 * ones a production proxy sets (TRUSTED_PROXY_HOPS=1). Nothing is written outside `dir`.
 */
function nginxConfig(port: number, upstreams: string[], dir: string): string {
  const servers = upstreams.map((url) => `    server ${new URL(url).host} max_fails=0;`).join("\n");
  return `daemon off;
worker_processes 1;
pid ${path.join(dir, "nginx.pid")};
error_log ${path.join(dir, "error.log")} warn;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${path.join(dir, "body")};
  proxy_temp_path ${path.join(dir, "proxy")};
  fastcgi_temp_path ${path.join(dir, "fastcgi")};
  uwsgi_temp_path ${path.join(dir, "uwsgi")};
  scgi_temp_path ${path.join(dir, "scgi")};
  upstream rolegate {
    least_conn;
${servers}
    keepalive 128;
  }
  server {
    listen 127.0.0.1:${port};
    client_max_body_size 2m;
    location / {
      proxy_pass http://rolegate;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_buffering off;
      proxy_request_buffering off;
      proxy_read_timeout 180s;
    }
  }
}
`;
}

/** Starts nginx on `port` in front of `upstreams`; stopped with everything else. */
export async function startProxy(port: number, upstreams: string[], directory: string, prefix: string[] = []): Promise<Proxy> {
  const dir = path.resolve(directory);
  mkdirSync(dir, { recursive: true });
  const conf = path.join(dir, "nginx.conf");
  writeFileSync(conf, nginxConfig(port, upstreams, dir));
  const log = openSync(path.join(dir, "nginx.out"), "a");
  const command = [...prefix, "nginx", "-p", dir, "-e", path.join(dir, "error.log"), "-c", conf];
  const child: ChildProcess = spawn(command[0]!, command.slice(1), { stdio: ["ignore", log, log], detached: true });
  const pid = child.pid!;
  onStop(async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    process.kill(-pid, "SIGQUIT");
    const exited = await Promise.race([new Promise<boolean>((r) => child.once("exit", () => r(true))), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
    if (!exited) process.kill(-pid, "SIGKILL");
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}; see ${path.join(dir, "error.log")}`);
    try {
      if ((await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })).ok) return { url, pid };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nginx did not answer on ${url}; see ${path.join(dir, "error.log")}`);
}
