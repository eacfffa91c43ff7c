// The layering check (npm run check-layers): which imports point up, found in a small made-up tree.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { checkLayers, importsOf, layerViolation } from "../tools/check-layers";

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), "layers-"));
  made.push(root);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
  return root;
}

describe("layer rules", () => {
  it("lets each layer import its own folder and the ones below", () => {
    expect(layerViolation("model", "common")).toBeNull();
    expect(layerViolation("sim", "model")).toBeNull();
    expect(layerViolation("tools", "sim")).toBeNull();
    expect(layerViolation("test", "tools")).toBeNull();
    expect(layerViolation("common", "common")).toBeNull();
  });

  it("rejects imports that point up", () => {
    expect(layerViolation("common", "model")).toMatch(/common\/ is below model\//);
    expect(layerViolation("sim", "tools")).toMatch(/below tools\//);
    expect(layerViolation("tools", "test")).toMatch(/below test\//);
  });

  it("keeps shells to common/ and model/, and lets only tests reach into shells", () => {
    expect(layerViolation("app", "common")).toBeNull();
    expect(layerViolation("web", "model")).toBeNull();
    expect(layerViolation("app", "sim")).toMatch(/app\/ shell may import only common\/, model\//);
    expect(layerViolation("web", "companion")).not.toBeNull();
    expect(layerViolation("test", "companion")).toBeNull();
    expect(layerViolation("sim", "settings")).toMatch(/must not import the settings\/ shell/);
    expect(layerViolation("legacy", "app")).toBeNull();
  });
});

describe("checkLayers on a tree", () => {
  it("finds every kind of upward import with its line, and ignores packages and comments", () => {
    const root = tree({
      "common/a.ts": '// import x from "../sim/z";\nimport { b } from "../model/b";\nexport const a = b;\n',
      "model/b.ts": 'export * from "../common/c";\nexport const b = 1;\n',
      "common/c.ts": "export const c = 1;\n",
      "sim/s.ts": 'import fs from "node:fs";\nconst t = require("../tools/t");\nexport const s = [fs, t];\n',
      "tools/t.ts": 'export const load = () => import("../test/helper");\n',
      "test/helper.ts": 'import "../tools/t";\nimport "../app/index";\n',
      "app/index.ts": 'import { b } from "../model/b";\nimport "../sim/s";\n',
    });
    const found = checkLayers(root).map((v) => `${v.file}:${v.line} ${v.specifier}`);
    expect(found).toEqual([
      "app/index.ts:2 ../sim/s",
      "common/a.ts:2 ../model/b",
      "sim/s.ts:2 ../tools/t",
      "tools/t.ts:1 ../test/helper",
    ]);
  });

  it("reports a source folder that is in no layer, and imports that leave the repository", () => {
    const root = tree({ "scripts/x.ts": "export {};\n", "common/y.ts": 'import "../../outside";\n' });
    const found = checkLayers(root).map((v) => `${v.file} ${v.reason}`);
    expect(found).toEqual([
      "common/y.ts imports from outside the repository",
      "scripts/x.ts scripts/ is in no layer (add it to tools/check-layers.ts)",
    ]);
  });

  it("skips build output, installed packages and built Bangle apps", () => {
    const root = tree({
      "build/x.js": 'require("../tools/t");\n',
      "web/node_modules/p/index.js": 'require("../../../sim/s");\n',
      "wearables/bangle/steady.app.js": 'require("../../sim/s");\n',
    });
    expect(checkLayers(root)).toEqual([]);
  });

  it("reads import type, re-exports, require and dynamic import()", () => {
    const specifiers = importsOf(
      'import type { A } from "./a";\nexport { B } from "./b";\nconst c = require("./c");\nvoid import("./d");\n',
    ).map((i) => `${i.line}:${i.specifier}`);
    expect(specifiers).toEqual(["1:./a", "2:./b", "3:./c", "4:./d"]);
  });
});

describe("this repository", () => {
  it("has no import pointing up the layers", () => {
    expect(checkLayers(join(__dirname, ".."))).toEqual([]);
  });
});
