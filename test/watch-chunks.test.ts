// The watch app split with dynamic import() (issue 13): both Fitbit SDKs keep device chunks, so the
// device zip holds app/index.js plus app/<name>-<hash>.js files, which the bundle `require`s when an
// import() runs. Fitbit OS has no module cache: every require runs the chunk again (Fitbit/sdk-multi-view
// README). The fixtures below are in the exact shape SDK 6.1 and SDK 4.3.2 build (a probe project with
// two chunks a and b sharing a third, built by each SDK's fitbit-build); only the names logged differ.
import { afterAll, describe, expect, it } from "vitest";
import { deviceFiles, deviceJsBytes, loadBundle, partsOf, requiredFiles } from "../sim/bundle";
import { Simulation, SimulatorGapError } from "../sim/simulation";
import { ofType } from "./support/events";
import { removeFixtureFbas, SESSION_CSS, SESSION_VIEW, writeFixtureFba } from "./fixtures/fixture-bundle";

afterAll(removeFixtureFbas);

// Code shared by chunks a and b: rollup puts it in a third chunk, which each of them requires.
// Its counter is top-level state: with a module cache, b would see a's count.
const SHARED_CHUNK = `!function(){"use strict"
var i=require("haptics"),n=0
exports.shared=function(t){n++,i.vibration.start("ping"),console.log(t+n)}}()
`;
const CHUNKS = {
  "a-9690d40d.js": `!function(){"use strict"
var e=require("./shared-36d5e1fc.js")
require("haptics"),exports.go=function(){e.shared("a")}}()
`,
  "b-4ac179dc.js": `!function(){"use strict"
var e=require("./shared-36d5e1fc.js")
require("haptics"),exports.go=function(){e.shared("b")}}()
`,
  "shared-36d5e1fc.js": SHARED_CHUNK,
};

// The entry imports a and b at start, and a again on each tap of the start button.
const LOADS = `Promise.resolve().then(function(){return require("./a-9690d40d.js")}).then(function(e){e.go()}),Promise.resolve().then(function(){return require("./b-4ac179dc.js")}).then(function(e){e.go()})`;
const TAP_LOADS_A = `.getElementById("start-button").onclick=function(){Promise.resolve().then(function(){return require("./a-9690d40d.js")}).then(function(e){e.go()})}`;
const ENTRIES = {
  // SDK 6.1 reads a device module's default export directly.
  "SDK 6.1": `"use strict"
Object.defineProperty(exports,"__esModule",{value:!0}),require("document").default${TAP_LOADS_A},${LOADS}
`,
  // SDK 4.3.2 reads it through an interop helper.
  "SDK 4.3.2": `"use strict"
function e(e){return e&&e.__esModule?e:{default:e}}Object.defineProperty(exports,"__esModule",{value:!0}),e(require("document")).default${TAP_LOADS_A},${LOADS}
`,
};

function simulationOf(device: string, chunks: Record<string, string> = CHUNKS): Simulation {
  const fba = writeFixtureFba({ device, chunks, view: SESSION_VIEW, css: SESSION_CSS });
  return new Simulation({ bundle: loadBundle(fba, "atlas"), seed: 3 });
}

function watchLogs(sim: Simulation): string[] {
  return sim.logs.filter((line) => line.side === "watch").map((line) => line.text);
}

describe("device chunks in the package", () => {
  it("are read from the device zip beside app/index.js, by name relative to app/", () => {
    const fba = writeFixtureFba({ device: ENTRIES["SDK 6.1"], chunks: CHUNKS, view: SESSION_VIEW });
    const bundle = loadBundle(fba, "atlas");
    expect(bundle.deviceCode).toBe(ENTRIES["SDK 6.1"]);
    expect(bundle.chunks).toEqual(CHUNKS);
    expect(deviceFiles(bundle).map((f) => f.file)).toEqual([
      "index.js",
      "a-9690d40d.js",
      "b-4ac179dc.js",
      "shared-36d5e1fc.js",
    ]);
  });

  it("count in the device's JavaScript bytes (bench's budget line), each file and the total", () => {
    const bundle = { deviceCode: "exports.a=1\n", chunks: { "b-1.js": "é", "a-2.js": "" } };
    expect(deviceJsBytes(bundle)).toEqual({
      totalBytes: 14,
      files: [
        { file: "index.js", bytes: 12 },
        { file: "a-2.js", bytes: 0 },
        { file: "b-1.js", bytes: 2 },
      ],
    });
  });

  it("are none for a package without them: the entry is the device's only file", () => {
    const bundle = loadBundle(writeFixtureFba({ device: ENTRIES["SDK 6.1"], view: SESSION_VIEW }), "atlas");
    expect(bundle.chunks).toEqual({});
    expect(deviceFiles(bundle)).toEqual([{ file: "index.js", code: ENTRIES["SDK 6.1"] }]);
  });
});

for (const [sdk, entry] of Object.entries(ENTRIES)) {
  describe(`a chunk imported by the ${sdk} entry`, () => {
    it("runs when the simulation settles, requiring a device module and another chunk, a fresh instance each time", async () => {
      const sim = simulationOf(entry);
      sim.launchWatch();
      expect(watchLogs(sim)).toEqual([]); // import() resolves on a later microtask, not during the launch
      await sim.act(() => undefined);
      // a and b each load their own copy of the shared chunk: both counters start at 1.
      expect(watchLogs(sim)).toEqual(["a1", "b1"]);
      expect(ofType(sim.events, "vibrate").map((e) => e.pattern)).toEqual(["ping", "ping"]);
      await sim.act(() => sim.tap("start-button"));
      // The same chunk imported again is run again: no module cache, its state starts over.
      expect(watchLogs(sim)).toEqual(["a1", "b1", "a1"]);
    });
  });
}

describe("requiring chunks on the watch", () => {
  it("gives a new exports object, with new functions, on every require of the same chunk", async () => {
    const sim = simulationOf(`"use strict"
var r=function(){return require("./a-9690d40d.js")}
Promise.all([Promise.resolve().then(r),Promise.resolve().then(r)]).then(function(m){console.log("same exports: "+(m[0]===m[1])+", same go: "+(m[0].go===m[1].go)+", exports an Object of the app's realm: "+(m[0] instanceof Object))})
`);
    await sim.act(() => sim.launchWatch());
    expect(watchLogs(sim)).toEqual(["same exports: false, same go: false, exports an Object of the app's realm: true"]);
  });

  it("stops the simulation with a clear error naming a chunk that is not in the package, even if the app catches it", async () => {
    const sim = simulationOf(`"use strict"
Promise.resolve().then(function(){return require("./screens-0badc0de.js")}).catch(function(){console.log("caught")})
`);
    const launched = sim.act(() => sim.launchWatch());
    await expect(launched).rejects.toThrow(SimulatorGapError);
    await expect(launched).rejects.toThrow(
      'the watch app (app/index.js) requires "./screens-0badc0de.js", which is not in the app package (app/screens-0badc0de.js missing; its chunks: a-9690d40d.js, b-4ac179dc.js, shared-36d5e1fc.js)',
    );
  });

  // The fixtures below catch the failed import(): the simulator does not watch for promise
  // rejections the app leaves unhandled, and Node would report each one as well.
  it("names the requiring chunk when a chunk requires one that is missing", async () => {
    const { ["shared-36d5e1fc.js"]: _dropped, ...withoutShared } = CHUNKS;
    const sim = simulationOf(
      `"use strict"
Promise.resolve().then(function(){return require("./a-9690d40d.js")}).then(function(e){e.go()}).catch(function(){})
`,
      withoutShared,
    );
    await expect(sim.act(() => sim.launchWatch())).rejects.toThrow(
      'the watch app (app/a-9690d40d.js) requires "./shared-36d5e1fc.js", which is not in the app package (app/shared-36d5e1fc.js missing; its chunks: a-9690d40d.js, b-4ac179dc.js)',
    );
  });

  it("resolves a chunk's name against the requiring file: a name outside app/ is not in the package", async () => {
    const sim = simulationOf(`"use strict"
Promise.resolve().then(function(){return require("../companion.js")}).catch(function(){})
`);
    await expect(sim.act(() => sim.launchWatch())).rejects.toThrow(
      'the watch app (app/index.js) requires "../companion.js", which is not in the app package (app/../companion.js missing;',
    );
  });
});

describe("partsOf: what the watch parses while each part is loaded", () => {
  it("follows each part's requires from the entry, counts the entry in, and a file reached twice twice", () => {
    const entry = 'a(require("./home-1.js")); b(require("./session-2.js"))';
    const chunks = {
      "home-1.js": 'require("./shared-3.js")',
      "session-2.js": 'require("./shared-3.js"); require("./shared-3.js")',
      "shared-3.js": "x",
    };
    expect(requiredFiles(entry)).toEqual(["home-1.js", "session-2.js"]);
    const bytes = (...files: string[]) =>
      files.reduce((sum, f) => sum + Buffer.byteLength(f === "index.js" ? entry : chunks[f as keyof typeof chunks]), 0);
    expect(partsOf({ deviceCode: entry, chunks })).toEqual([
      { part: "home-1.js", files: ["home-1.js", "shared-3.js"], bytes: bytes("index.js", "home-1.js", "shared-3.js") },
      {
        part: "session-2.js",
        files: ["session-2.js", "shared-3.js", "shared-3.js"],
        bytes: bytes("index.js", "session-2.js", "shared-3.js", "shared-3.js"),
      },
    ]);
  });
});
