// Runs once when a Next.js server starts (never during `next build`): configuration, the
// sandbox AWS, migrations and the first admin, before the first request is served.
export async function register() {
  // NEXT_RUNTIME is set by Next.js itself, not by the operator: it is not configuration.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { boot } = await import("./lib/startup/boot");
  await boot();
}
