// Lint: typescript-eslint, React hooks, accessible JSX, and regular expressions that cannot
// backtrack super-linearly on user text. `npm test` runs it before the tests.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import reactHooks from "eslint-plugin-react-hooks";
import regexp from "eslint-plugin-regexp";
import globals from "globals";
import tseslint from "typescript-eslint";

const ROLES = "gp|lmc_secretary|bma_staff|admin";
/** Where a role literal makes a decision: compared, a switch case, or a list of roles (`.includes`). */
export const ROLE_LITERAL_SELECTORS = [
  `BinaryExpression[operator=/^[!=]==?$/] > Literal[value=/^(${ROLES})$/]`,
  `SwitchCase > Literal.test[value=/^(${ROLES})$/]`,
  `ArrayExpression > Literal[value=/^(${ROLES})$/]`,
];
export const ROLE_LITERAL_MESSAGE = "Decide what a role may do in app/domain/access.ts, not with a role literal here.";

export default tseslint.config(
  { ignores: ["build/**", "node_modules/**", "data/**", "test-results/**", "coverage/**", "reports/**", ".stryker-tmp/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  regexp.configs["flat/recommended"],
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      // User text reaches these patterns: exponential and polynomial backtracking are bugs.
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "off",
      // Cases listed together may carry a comment between them; a case with statements still needs a break.
      "no-fallthrough": ["error", { allowEmptyCase: true }],
    },
  },
  {
    files: ["app/**/*.tsx"],
    plugins: { "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.flatConfigs.recommended.rules,
      // A scrolling table wrapper is focusable so keyboard users can scroll it (axe's
      // scrollable-region-focusable); it is a named region (role="region" and a label).
      "jsx-a11y/no-noninteractive-tabindex": ["error", { tags: [], roles: ["tabpanel", "region"] }],
    },
  },
  {
    // Roles are decided in one place: app/domain/access.ts (with the grants in
    // app/domain/permissions.ts). A role literal compared, switched on or listed anywhere else in
    // app/ (routes, components, models, utils, schemas, other domain modules) is a permission
    // check outside it; ask `can(...)` instead. tests/unit/access.test.ts fails if one comes back.
    files: ["app/**/*.{ts,tsx}"],
    ignores: ["app/domain/permissions.ts", "app/domain/access.ts"],
    rules: {
      "no-restricted-syntax": ["error", ...ROLE_LITERAL_SELECTORS.map((selector) => ({ selector, message: ROLE_LITERAL_MESSAGE }))],
      "no-restricted-imports": [
        "error",
        {
          paths: [
            {
              name: "@conform-to/zod",
              importNames: ["parseWithZod"],
              message: "Import parseWithZod from app/utils/parse-form: it makes each schema's form coercion once, not on every parse.",
            },
          ],
          patterns: [
            {
              group: ["**/domain/permissions"],
              importNames: ["roleHasPermission"],
              message: "Ask `can(...)` from app/domain/access.ts; only it reads the grants.",
            },
          ],
        },
      ],
    },
  },
  {
    // The one place that wraps conform's parser.
    files: ["app/utils/parse-form.ts"],
    rules: { "no-restricted-imports": "off" },
  },
);
