// Measuring a device bundle split into chunks (issue 13, docs/heap-chunks.md), the parts that do not
// need JerryScript (npm test must not depend on the engines): the chunk loader's rules, run in Node
// with stand-ins for the host globals; every app/*.js taken from the device zip, the entry first; the
// host engines' absence named with their build command; the per-file figures on the page.
import AdmZip from "adm-zip";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import vm from "node:vm";
import { afterEach, describe, expect, it } from "vitest";
import {
  EngineMissing,
  PACKAGES,
  PackageFigures,
  describeRun,
  extractDeviceApp,
  findHostEngines,
  renderMarkdown,
  writeChunkLoader,
} from "../tools/watch-heap";

const temp = () => fs.mkdtempSync(path.join(os.tmpdir(), "chunk-heap-"));

/** Runs the chunk loader for `appDir` in a fresh context whose loadModule compiles like JerryScript's (a module function). */
function loaderContext(appDir: string) {
  const calls: string[] = [];
  const context = vm.createContext({
    __sim: {
      run: (ms: number) => calls.push(`run ${ms}`),
      tap: (id: string) => calls.push(`tap ${id}`),
      key: (k: string) => calls.push(`key ${k}`),
    },
    require: (name: string) => ({ fromShim: name }),
    loadModule: (file: string) => {
      calls.push(`load ${path.basename(file)}`);
      return vm.runInContext(`(function (exports, require, module) {${fs.readFileSync(file, "utf8")}\n})`, context);
    },
    runJobs: () => calls.push("jobs"),
    gc: () => calls.push("gc"),
  });
  vm.runInContext(fs.readFileSync(writeChunkLoader(appDir, temp(), "test"), "utf8"), context);
  return { context, calls, require: (name: string) => vm.runInContext(`require(${JSON.stringify(name)})`, context) };
}

describe("chunk loader (test/heap/chunk-loader.js)", () => {
  it("loads a relative name from the app folder every time, with fresh exports: no module cache", () => {
    const app = temp();
    fs.writeFileSync(path.join(app, "view-1a2b.js"), "var n = 0; exports.next = function () { return ++n; };");
    const { calls, require } = loaderContext(app);
    const first = require("./view-1a2b.js");
    const second = require("./view-1a2b.js");
    expect(first).not.toBe(second);
    expect([first.next(), first.next(), second.next()]).toEqual([1, 2, 1]); // each instance has its own state
    // The heap is collected before every load: the part being replaced must not count (chunk-loader.js).
    expect(calls).toEqual(["gc", "load view-1a2b.js", "gc", "load view-1a2b.js"]);
  });

  it("gives a chunk the same require, honours module.exports, and sends device modules to the shim", () => {
    const app = temp();
    fs.writeFileSync(
      path.join(app, "a-1.js"),
      'module.exports = { b: require("./b-2.js"), doc: require("document") };',
    );
    fs.writeFileSync(path.join(app, "b-2.js"), "exports.value = 7;");
    const { require } = loaderContext(app);
    expect(JSON.parse(JSON.stringify(require("./a-1.js")))).toEqual({ b: { value: 7 }, doc: { fromShim: "document" } });
  });

  it("runs the promise jobs after every driver step, so a dynamic import resolves between steps", () => {
    const { context, calls } = loaderContext(temp());
    vm.runInContext('__sim.run(250); __sim.tap("start-button"); __sim.key("back");', context);
    expect(calls).toEqual(["run 250", "jobs", "tap start-button", "jobs", "key back", "jobs"]);
  });
});

describe("chunk loader failures", () => {
  it("fails the driver step in which a chunk failed to load inside a promise job, naming the chunk", () => {
    const app = temp();
    fs.writeFileSync(path.join(app, "bad-3c4d.js"), "exports.x = ;");
    const { context } = loaderContext(app);
    // The dynamic import's job swallows the error into a rejected promise, as on the watch.
    vm.runInContext(
      'var p = Promise.resolve().then(function () { return require("./bad-3c4d.js"); }); p["catch"](function () {});',
      context,
    );
    return new Promise((resolve) => setTimeout(resolve, 0)).then(() => {
      expect(() => vm.runInContext("__sim.run(250)", context)).toThrow(
        /^chunk loader: loading \.\/bad-3c4d\.js failed: SyntaxError/,
      );
    });
  });

  it("names a chunk that ran out of memory while loading as such", () => {
    const run = {
      ok: false,
      exitCode: 1,
      peakBytes: NaN,
      output:
        "hold 1 at 2000 ms\nUnhandled exception: Error: chunk loader: loading ./session-9f8e.js failed: null\n 0: loader.js:40:5",
    };
    expect(describeRun(run)).toBe("OUT OF MEMORY loading a chunk: ./session-9f8e.js: hold 1 at 2000 ms");
    // With no room left the message itself can be cut short (seen in the 64 KB engine).
    for (const end of ["faile", "failed: "]) {
      const cut = { ...run, output: run.output.replace("failed: null", end) };
      expect(describeRun(cut)).toBe("OUT OF MEMORY loading a chunk: ./session-9f8e.js: hold 1 at 2000 ms");
    }
    // A load that failed for another reason is not taken for memory.
    const other = { ...run, output: run.output.replace("failed: null", "failed: SyntaxError: x") };
    expect(describeRun(other)).toMatch(/^failed \(exit 1\)/);
  });
});

describe("npm run heap with chunks", () => {
  const saved = process.env.STEADY_HOLD_JERRYSCRIPT_HOST;
  afterEach(() => {
    if (saved === undefined) delete process.env.STEADY_HOLD_JERRYSCRIPT_HOST;
    else process.env.STEADY_HOLD_JERRYSCRIPT_HOST = saved;
  });

  it("takes every app/*.js of the device zip, the entry first, and nothing else", () => {
    const device = new AdmZip();
    device.addFile("app/session-9f8e7d6c.js", Buffer.from("exports.s = 1;"));
    device.addFile("app/index.js", Buffer.from("var entry;"));
    device.addFile("app/home-0a1b2c3d.js", Buffer.from("exports.h = 1;"));
    device.addFile("resources/index.view", Buffer.from("<svg/>"));
    device.addFile("manifest.json", Buffer.from("{}"));
    const fba = new AdmZip();
    fba.addFile("device-atlas.zip", device.toBuffer());
    const dir = temp();
    const file = path.join(dir, "app.fba");
    fba.writeZip(file);
    const app = extractDeviceApp(file, "atlas", dir);
    expect(app.files.map((f) => path.relative(dir, f))).toEqual([
      "atlas/app/index.js",
      "atlas/app/home-0a1b2c3d.js",
      "atlas/app/session-9f8e7d6c.js",
    ]);
    expect(app.entry).toBe(app.files[0]);
    expect(fs.readFileSync(app.files[2], "utf8")).toBe("exports.s = 1;");
    expect(() => extractDeviceApp(file, "mira", dir)).toThrow("has no device-mira.zip");
  });

  it("names the build command when the host engines are missing", () => {
    process.env.STEADY_HOLD_JERRYSCRIPT_HOST = temp();
    expect(() => findHostEngines()).toThrow(EngineMissing);
    expect(() => findHostEngines()).toThrow("tools/jerry-host.sh JERRYSCRIPT_CHECKOUT");
  });

  it("lists each file's bytes and parse on the page, with the bundle total", () => {
    const figures: PackageFigures = {
      pkg: PACKAGES[0],
      bundleBytes: 9000,
      parsePeakBytes: 15000,
      parsedCodeBytes: 10000,
      cases: [],
      modules: [],
      retained: [],
      chunked: true,
      files: [
        { file: "app/index.js", bytes: 9000, parsePeakBytes: 15500, parsedCodeBytes: 10100 },
        { file: "app/session-9f8e7d6c.js", bytes: 12000, parsePeakBytes: 21000, parsedCodeBytes: 14000 },
      ],
    };
    const page = renderMarkdown([figures], null, { realBytes: 18200, roomyBytes: 18200 });
    expect(page).toContain("The bundle has 1 chunk loaded on demand.");
    expect(page).toContain("| app/session-9f8e7d6c.js | 12000 | 21000 | 14000 |");
    expect(page).toContain("| bundle total | 21000 | | |");
    expect(page).toContain("peaks at 18200 B in its 64 KB engine");
    const unmeasured = renderMarkdown([
      {
        ...figures,
        chunked: false,
        files: [{ file: "app/index.js", bytes: 9000, parsePeakBytes: NaN, parsedCodeBytes: NaN }],
      },
    ]);
    expect(unmeasured).toContain("The bundle has no chunks.");
    expect(unmeasured).toContain("| app/index.js | 9000 | – | – |");
    expect(unmeasured).toContain("build the engines with `tools/jerry-host.sh JERRYSCRIPT_CHECKOUT`");
    expect(unmeasured).not.toContain("A package whose device bundle has chunks");
  });

  it("tools/chunk-heap-check.ts prints its usage, and names a missing engine instead of a stack trace", () => {
    const root = path.resolve(__dirname, "..");
    const tsx = path.join(root, "node_modules", ".bin", "tsx");
    const help = spawnSync(tsx, ["tools/chunk-heap-check.ts", "--help"], { cwd: root, encoding: "utf8" });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^usage: npx tsx tools\/chunk-heap-check.ts \[--help\] \[--write\]/);
    const missing = spawnSync(tsx, ["tools/chunk-heap-check.ts"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, STEADY_HOLD_JERRYSCRIPT_HOST: temp() },
    });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/^chunk-heap-check: /);
  });
});
