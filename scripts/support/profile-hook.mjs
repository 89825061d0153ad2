// Preloaded into `next start` by `bench:load --profile DIR`: SIGUSR2 starts V8's CPU profiler in the
// server process, the next SIGUSR2 writes DIR/next-start-<pid>-<n>.cpuprofile (open it in Chrome's
// DevTools, Performance panel, or speedscope). The server's own exit is not waited for: it keeps
// connections open for a minute.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";

const dir = process.env.BENCH_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  let running = false;
  let written = 0;
  process.on("SIGUSR2", () => {
    if (!running) {
      running = true;
      session.post("Profiler.enable", () => session.post("Profiler.start"));
      return;
    }
    running = false;
    session.post("Profiler.stop", (error, result) => {
      if (error) return;
      written += 1;
      writeFileSync(path.join(dir, `next-start-${process.pid}-${written}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
