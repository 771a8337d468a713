// ESLint flat config: the recommended rules, for the Node.js code and the tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "public/vendor/", ".next/"] },
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
];
