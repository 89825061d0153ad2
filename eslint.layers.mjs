/**
 * The layers of the code, bottom first. A layer imports the ones below it and never one above, so
 * no two parts can come to depend on each other: an import that points up fails the lint.
 */
export const LAYERS = [
  // The local AWS is its own small server: it imports nothing of Rolegate.
  ["sandbox"],
  ["lib/config.ts", "lib/log", "lib/aws", "lib/crypto", "lib/security", "lib/schemas", "lib/events", "lib/webhooks", "lib/mail", "lib/background", "lib/runtime", "lib/db"],
  ["lib/dal"],
  // next-auth signs in through the DAL; the DAL knows nothing of sessions.
  ["lib/auth", "lib/verification"],
  ["lib/jobs", "lib/webhook-delivery", "lib/mail-delivery", "lib/registration", "lib/health"],
  ["lib/actions", "lib/api", "lib/startup"],
  ["app", "components", "instrumentation.ts", "proxy.ts"],
  ["scripts"],
  ["tests"],
  // The end-to-end tests may use the benchmarks' action client; the benchmarks never use the tests.
  ["e2e"],
];

/** `import/no-restricted-paths` zones that forbid each layer the ones above it. */
export function layerZones(layers = LAYERS) {
  return layers.slice(0, -1).map((layer, i) => ({
    target: layer,
    from: layers.slice(i + 1).flat(),
    message: "points up the layers in eslint.layers.mjs; move the shared code down instead.",
  }));
}
