import { readFileSync } from "node:fs";

// Browser scripts of the console page, type-checked as JavaScript (browser/tsconfig.json). They share
// one function scope in this order: helpers, the quick-create form, the stack pages, then start-up.
const PIECES = ["core", "form", "stack", "main"];

/** The console's script, read once when the sandbox starts. */
export const CONSOLE_SCRIPT = `(function () {\n${PIECES.map((name) => readFileSync(new URL(`./browser/${name}.js`, import.meta.url), "utf8")).join("\n")}\n})();\n`;
