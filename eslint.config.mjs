import nextVitals from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const LIB_IS_THE_BOTTOM = {
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
};

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
      // No line over 140 characters, comments, strings and URLs included: Prettier (printWidth 120) wraps
      // code but never splits a string, template or comment, so only a rule sees those. ESLint's own
      // max-len (deprecated for @stylistic's copy, still shipped until ESLint 11) adds no dependency.
      // prisma/migrations is not linted: applied migrations are checksummed (lib/db/migrate.ts) and never edited.
      "max-len": ["error", { code: 140, tabWidth: 2 }],
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
    // Server actions sit between the UI that calls them and lib/ that does the work (both import them downward).
    files: ["actions/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["@/app/*", "@/components/*", "@/hooks/*", "**/../app/*", "**/../components/*", "**/../hooks/*"],
              message: "actions/ imports only lib/ (and other actions): never app/, components/ or hooks/",
            },
          ],
        },
      ],
    },
  },
  {
    files: ["lib/**"],
    rules: { "no-restricted-imports": ["error", { patterns: [LIB_IS_THE_BOTTOM] }] },
  },
  {
    // Transport sits on top of the domain: lib/api calls the domain modules, never the other way round.
    files: ["lib/**"],
    ignores: ["lib/api/**"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          patterns: [
            LIB_IS_THE_BOTTOM,
            {
              group: ["@/lib/api/*", "**/../api/*"],
              message: "domain modules never import lib/api (the transport layer above them)",
            },
          ],
        },
      ],
    },
  },
];

export default config;
