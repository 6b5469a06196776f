// ESLint for the program, the policy pack, the offline tools and the tests (typed linting), and for
// the plain-JavaScript build and test runners in tools/.
import eslint from "@eslint/js";
import pulumi from "@pulumi/eslint-plugin";
import prettier from "eslint-config-prettier";
import globals from "globals";
import tseslint from "typescript-eslint";

const typescript = ["**/*.ts"];

export default tseslint.config(
    { ignores: ["node_modules/", "build/", "build.*/", "policies/bin/", "policies/bin.*/", "**/*.mjs"] },
    eslint.configs.recommended,
    { files: ["tools/**/*.js"], languageOptions: { sourceType: "commonjs", globals: globals.node } },
    ...tseslint.configs.recommended.map((config) => ({ ...config, files: typescript })),
    {
        files: typescript,
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        plugins: { pulumi },
        rules: {
            // An Output in a template string renders as a warning text, not its value: use pulumi.interpolate.
            "pulumi/no-output-in-template-literal": "error",
            "pulumi/no-output-instance-in-template-literal": "error",
            // A floating promise or Output hides failures of resource registration.
            "@typescript-eslint/no-floating-promises": "error",
            "@typescript-eslint/no-misused-promises": "error",
            // Policies and tests read untyped JSON (resource properties, chart values).
            "@typescript-eslint/no-explicit-any": "off",
            "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
            "@typescript-eslint/no-require-imports": ["error", { allow: ["^@pulumi/pulumi/runtime/settings$"] }],
        },
    },
    prettier,
);
