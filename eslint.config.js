// @ts-check
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "coverage/", ".kubefix/", "eslint.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Small functions, as the style guide asks.
      complexity: ["error", 10],
      "max-depth": ["error", 3],
      "max-params": ["error", 4],
      "max-lines-per-function": ["warn", { max: 60, skipBlankLines: true, skipComments: true }],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/explicit-module-boundary-types": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  // The layering of docs/decisions.md: crds <- lib <- operator | api <- bin; operator and api never import each other.
  ...[
    { files: ["crds/**/*.ts"], banned: ["lib", "operator", "api", "bin", "test"] },
    { files: ["lib/**/*.ts"], banned: ["operator", "api", "bin", "test"] },
    { files: ["operator/**/*.ts"], banned: ["api", "bin", "test"] },
    { files: ["api/**/*.ts"], banned: ["operator", "bin"] },
  ].map(({ files, banned }) => ({
    files,
    ignores: ["**/*.test.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        { patterns: banned.map((dir) => ({ group: [`**/${dir}/**`, `!./**`], message: `${files[0]?.split("/")[0]}/ must not import ${dir}/ (layering)` })) },
      ],
    },
  })),
  {
    files: ["**/*.test.ts", "test/**/*.ts", "api/testing/**/*.ts"],
    rules: {
      // Optional chains over API objects count as branches; tests read clearer without splitting them.
      complexity: "off",
      "max-params": "off",
      "max-lines-per-function": "off",
      "@typescript-eslint/no-non-null-assertion": "off",
      // Tests read documented JSON bodies by path; typing every response would only restate the schemas.
      "@typescript-eslint/no-unsafe-member-access": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-return": "off",
      // Fakes implement async ports without awaiting anything.
      "@typescript-eslint/require-await": "off",
    },
  },
);
