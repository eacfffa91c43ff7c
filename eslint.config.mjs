// ESLint flat config: correctness rules only. Layout and spacing belong to Prettier
// (.prettierrc.json), so no stylistic rule is turned on here.
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "build/**",
      "node_modules/**",
      "**/node_modules/**",
      "coverage/**",
      "test/artifacts/**",
      "wearables/bangle/*.app.js",
      "sim/bangle/*.app.js",
      "legacy/node_modules/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: "warn" },
    rules: {
      // tsc (noUnusedLocals/noUnusedParameters) already reports these; "_" marks a deliberate one.
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" },
      ],
      // Correctness rules worth keeping beyond the recommended set.
      eqeqeq: ["error", "always", { null: "ignore" }],
      "no-var": "error",
      "prefer-const": "error",
      "no-throw-literal": "error",
      // Walking a parent chain from `this` and getters inside object literals need a `this` alias.
      "@typescript-eslint/no-this-alias": "off",
    },
  },
  // Code that runs on other engines than Node keeps that engine's rules and globals.
  {
    // Heap drivers: plain ES5 scripts run in JerryScript after the built watch bundle (tools/watch-heap).
    files: ["test/heap/**/*.js"],
    languageOptions: {
      ecmaVersion: 5,
      sourceType: "script",
      globals: { print: "readonly", __sim: "readonly", HEAP_CASE: "readonly" },
    },
    rules: {
      "no-var": "off",
      // Top-level functions and vars of one script are read by the next script in the same realm.
      "@typescript-eslint/no-unused-vars": ["error", { vars: "local", args: "after-used", caughtErrors: "none" }],
    },
  },
  {
    // The chunk loader and its toy (docs/heap-chunks.md) run only in tools/jerry-host.sh's engines, with their host globals.
    files: ["test/heap/chunk-loader.js", "test/heap/chunk-toy/*.js"],
    languageOptions: {
      globals: {
        loadModule: "readonly",
        runJobs: "readonly",
        gc: "readonly",
        CHUNK_APP_DIR: "readonly",
        TOY_CASE: "readonly",
        require: "writable",
        exports: "writable",
        Promise: "readonly",
        Float32Array: "readonly",
        Uint8Array: "readonly",
        setInterval: "readonly",
        clearInterval: "readonly",
      },
    },
    // Fitbit OS loads a chunk with require() at run time, as the SDK's build emits it.
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // The heap breakdown (tools/watch-heap.ts) runs only in tools/jerry-host.sh's engines with STEADY_HOLD_HEAP_PROBE set.
    files: ["test/heap/breakdown.js", "test/heap/breakdown-report.js"],
    languageOptions: {
      globals: {
        heapProbe: "readonly",
        loadModule: "readonly",
        BREAKDOWN_DRIVER: "readonly",
        BREAKDOWN_PART: "readonly",
      },
    },
  },
  {
    files: ["test/heap/breakdown-report.js"],
    languageOptions: { globals: { breakdown: "readonly" } },
  },
  {
    // The toy's entry defines toyViews; its driver runs after it.
    files: ["test/heap/chunk-toy/driver.js"],
    languageOptions: { globals: { toyViews: "readonly" } },
  },
  {
    // play.js defines the drivers' shared `heap` helpers; the other drivers run after it.
    files: ["test/heap/**/*.js"],
    ignores: ["test/heap/play.js"],
    languageOptions: { globals: { heap: "readonly" } },
  },
  {
    files: ["web/**/sw*.js"],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    // Espruino loads its modules ("Storage", "heatshrink") with require() at run time.
    files: ["wearables/**/*.ts", "wearables/**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
