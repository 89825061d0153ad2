import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

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
  { ignores: [".next/**", "node_modules/**", "data/**", "drizzle/**", "test-results/**", "playwright-report/**", ".ci/node24/**", "next-env.d.ts"] },
];

export default config;
