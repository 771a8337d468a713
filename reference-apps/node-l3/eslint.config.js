// ESLint flat config: the recommended rules and typescript-eslint's type-aware ones for the TypeScript code;
// formatting is prettier's (eslint-config-prettier turns off every rule it would fight).
import js from "@eslint/js";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/", "dist/", "public/vendor/", ".next/", "next-env.d.ts"] },
  js.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2024,
      sourceType: "module",
      // JSX: the Next.js pages of level 1 and up are written in it.
      parserOptions: { ecmaFeatures: { jsx: true } },
      globals: { ...globals.node },
    },
    rules: {
      "no-unused-vars": ["error", { argsIgnorePattern: "^_|^(req|res|next|pk|object)$" }],
    },
  },
  {
    files: ["**/*.ts", "**/*.tsx"],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_|^(req|res|next|pk|object)$", ignoreRestSiblings: true },
      ],
      // Express 5 awaits a route's promise and passes its rejection to the error handler.
      "@typescript-eslint/no-misused-promises": ["error", { checksVoidReturn: { arguments: false } }],
      // node:test runs every test() and describe() it is given, awaited or not.
      "@typescript-eslint/no-floating-promises": [
        "error",
        {
          allowForKnownSafeCalls: [
            { from: "package", package: "node:test", name: ["test", "describe", "it", "suite"] },
          ],
        },
      ],
      // The database functions are async on both dialects alike, though SQLite's driver answers at once.
      "@typescript-eslint/require-await": "off",
    },
  },
  {
    // The tests read the JSON the app answers as the shape each one expects (helpers.ts: ApiAnswer.body).
    files: ["test/**/*.ts"],
    rules: {
      "@typescript-eslint/no-unsafe-argument": "off",
      "@typescript-eslint/no-unsafe-assignment": "off",
      "@typescript-eslint/no-unsafe-call": "off",
      "@typescript-eslint/no-unsafe-member-access": "off",
    },
  },
  prettier,
);
