import { OPERATIONS } from "./operations";

/** Each path of the partner API (as a pattern over the URL) and the methods it serves. */
const PATHS = [...new Set(OPERATIONS.map((op) => op.path))].map((path) => ({
  pattern: new RegExp(`^/api/v1${path.replace(/\{[^}]+\}/g, "[^/]+").replace(/\./g, "\\.")}/?$`),
  methods: OPERATIONS.filter((op) => op.path === path).map((op) => op.method),
}));

/**
 * The methods an API address serves (HEAD with GET, OPTIONS always), or null when no operation
 * has that address. For answering a method an address does not serve with a 405 that says which do.
 */
export function allowedMethods(pathname: string): string[] | null {
  const match = PATHS.find((p) => p.pattern.test(pathname));
  if (!match) return null;
  return [...match.methods, ...(match.methods.includes("GET") ? ["HEAD"] : []), "OPTIONS"];
}
