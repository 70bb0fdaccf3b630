import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      ".next/**",
      "node_modules/**",
      ".data/**",
      "lib/db/generated/**",
      "test-results/**",
      "playwright-report/**",
      "next-env.d.ts",
    ],
  },
  {
    // Playwright fixtures receive a callback named `use`, which is not React's hook.
    files: ["e2e/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off", "no-empty-pattern": "off" },
  },
  {
    // vitest fixtures named use* (useFreshDatabase, useDispatchTestbed) register vitest's hooks, not React's.
    files: ["tests/**/*.ts"],
    rules: { "react-hooks/rules-of-hooks": "off" },
  },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // Imports point down (docs/architecture.md): app → actions → components/hooks → lib.
  {
    files: ["components/**", "hooks/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: [{ group: ["@/app/*", "**/app/*"], message: "components and hooks never import from app/" }] },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: [
                "@/app/*",
                "@/actions/*",
                "@/components/*",
                "@/hooks/*",
                "**/../app/*",
                "**/../actions/*",
                "**/../components/*",
                "**/../hooks/*",
              ],
              message: "lib/ is the bottom layer: it imports nothing from app/, actions/, components/ or hooks/",
            },
          ],
        },
      ],
    },
  },
];

export default config;
