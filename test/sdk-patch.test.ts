// The watch's bundle is minified with terser's `sequences` on and the app's own property names
// mangled, and the names its parts share shortened by rollup (docs/watches.md, "The SDKs' own minifier
// settings", "Property names mangled", "Names the parts share"): a patch over
// both Fitbit SDKs, applied by patch-package at install. An install that skipped it (`npm ci
// --ignore-scripts`) would build a watch app that needs more heap, silently.
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const PATCHED_LINE = "sequences: component === componentTargets_1.ComponentType.DEVICE,";
const MANGLE_LINE = "const mangleProperties = device ? { properties: steadyHoldMangledProperties() } : {};";
const SHARED_NAMES_LINE = "minifyInternalExports: component === componentTargets_1.ComponentType.DEVICE,";

describe("the Fitbit SDKs' minifier", () => {
  for (const sdk of ["node_modules/@fitbit/sdk", "legacy/node_modules/@fitbit/sdk"]) {
    it(`${sdk} joins the watch's statements into sequences, mangles its listed names and shortens the names its parts share (patches/ applied)`, () => {
      const compile = path.join(ROOT, sdk, "lib", "compile.js");
      // `npm test` builds before it tests, and the build installs the legacy SDK: both are there.
      expect(fs.existsSync(compile), `${compile} is missing: run npm ci (and npm run build)`).toBe(true);
      const text = fs.readFileSync(compile, "utf8");
      expect(text, `${sdk} is not patched: run npx patch-package`).toContain(PATCHED_LINE);
      expect(text, `${sdk} is not patched: run npx patch-package`).toContain(MANGLE_LINE);
      expect(text, `${sdk} is not patched: run npx patch-package`).toContain(SHARED_NAMES_LINE);
    });
  }
});
