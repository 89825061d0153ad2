import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";
import { fileURLToPath } from "node:url";
import { layerZones } from "./eslint.layers.mjs";

const config = [
  ...next,
  ...nextTs,
  // Playwright fixtures call `use`, which is not React's hook.
  { files: ["e2e/**"], rules: { "react-hooks/rules-of-hooks": "off" } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  // The sandbox console's browser scripts share one function scope: a function one file declares,
  // another calls (browser/tsconfig.json type-checks them together and finds any name that is missing).
  {
    files: ["sandbox/quick-create/browser/*.js"],
    languageOptions: { sourceType: "script", parserOptions: { sourceType: "script" } },
    rules: { "@typescript-eslint/no-unused-vars": ["error", { vars: "local", args: "none" }] },
  },
  {
    // Type-only imports are erased at run time, so the rule lets them close a loop. Packages are
    // not read: a cycle through one is not ours to break, and parsing them is most of the cost.
    settings: { "import/ignore": ["node_modules"] },
    rules: { "import/no-cycle": ["error", { ignoreExternal: true }] },
  },
  {
    // A test sits outside the layers: it may reach any support it needs.
    ignores: ["**/*.test.ts", "**/*.test.tsx", "**/*.spec.ts"],
    rules: { "import/no-restricted-paths": ["error", { basePath: fileURLToPath(new URL(".", import.meta.url)), zones: layerZones() }] },
  },
  { ignores: [".next/**", "node_modules/**", "data/**", "drizzle/**", "test-results/**", "playwright-report/**", ".ci/node24/**", "next-env.d.ts", "tests/lint/fixtures/**"] },
];

export default config;
