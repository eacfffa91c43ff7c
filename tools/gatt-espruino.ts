// Development check: runs the GATT profile code (codec, peripheral, central assembler) on the real
// Bangle.js 2 firmware (../shared/bangle-emu, Espruino compiled to JavaScript) and compares every
// answer with Node's. Prints the code size, the JsVars it takes and the results. Not part of
// `npm test`: the emulator is not on any registry (see ../shared/bangle-emu/README.md).
//   npx tsx tools/gatt-espruino.ts
import { buildSync } from "esbuild";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, decodeResultRecord, encodeResultRecord } from "../common/gatt-profile";
import { DEFAULT_ROUTINE } from "../common/routine";
import { SessionResult } from "../common/result";

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const emulatorPath = path.join(root, "..", "shared", "bangle-emu", "emu.js");
if (!existsSync(emulatorPath)) {
  console.error("gatt-espruino: no emulator at " + emulatorPath + " (see ../shared/bangle-emu/README.md)");
  process.exit(2);
}

// Named exports gathered into a plain object: esbuild's namespace objects use getters, which Espruino
// does not run as getters (G.crc32 would not be the function).
const entry = `
import { crc32, encodeResultRecord, decodeResultRecord, encodeRoutineValue, decodeRoutineValue, encodeResultsCursor,
  encodeControlCommand, decodeLiveState, decodeResultsValue, decodeControlCommand } from "./common/gatt-profile";
import { GattPeripheral } from "./common/gatt-peripheral";
import { ResultAssembler } from "./common/gatt-central";
global.G = { crc32, encodeResultRecord, decodeResultRecord, encodeRoutineValue, decodeRoutineValue, encodeResultsCursor,
  encodeControlCommand, decodeLiveState, decodeResultsValue, decodeControlCommand, GattPeripheral, ResultAssembler };
`;
const bundle = buildSync({
  stdin: { contents: entry, resolveDir: root, loader: "ts" },
  bundle: true,
  format: "iife",
  target: "es2015",
  minify: true,
  write: false,
}).outputFiles[0].text;

/** The largest record: 10 holds of 60 s with 100 warnings each. */
function largest(): SessionResult {
  const routine = { ...DEFAULT_ROUTINE, repsPerLeg: 5, holdSeconds: 60 };
  const holds = [];
  for (let i = 0; i < 10; i++) {
    const bounceAtMs: number[] = [];
    for (let b = 0; b < 100; b++) bounceAtMs.push(b * 600);
    holds.push({
      leg: i < 5 ? ("left" as const) : ("right" as const),
      rep: (i % 5) + 1,
      targetSeconds: 60,
      achievedMs: 60000,
      endedEarly: false,
      bounceAtMs,
      steadiness: i === 0 ? -1 : 80,
      bouncingMs: 1234,
    });
  }
  return {
    id: "mk0t9b41-0a1b",
    startedAt: 1767600000000,
    endedAt: 1767600900000,
    completed: true,
    routine,
    holds,
    utcOffsetMinutes: -300,
  };
}

/** Every field of a result in one short line, as plain ES5 run by both engines. */
const DIGEST_BODY = `
  var parts = [r.id, r.startedAt, r.endedAt, r.completed, r.utcOffsetMinutes];
  for (var k in r.routine) parts.push(k + "=" + r.routine[k]);
  for (var i = 0; i < r.holds.length; i++) {
    var h = r.holds[i], sum = 0;
    for (var b = 0; b < h.bounceAtMs.length; b++) sum += h.bounceAtMs[b] * (b + 1);
    parts.push([h.leg, h.rep, h.targetSeconds, h.achievedMs, h.endedEarly, h.steadiness, h.bouncingMs, h.bounceAtMs.length, sum].join("/"));
  }
  return parts.join(" ");`;

const require = createRequire(import.meta.url);
const emu = require(emulatorPath) as {
  start(): Promise<void>;
  run(js: string): string[];
  eval(expr: string): string | undefined;
  upload(name: string, text: string): void;
  memory(): { usage: number; total: number };
};

const result = largest();
const expected = encodeResultRecord(result);
if (!expected.ok) throw new Error(expected.reason);
const expectedRecord = expected.value;

async function main(): Promise<number> {
  await emu.start();
  const base = emu.memory().usage;
  emu.upload("gatt.js", bundle);
  emu.run('eval(require("Storage").read("gatt.js"));');
  const loaded = emu.memory().usage;
  emu.run("var R = " + JSON.stringify(result) + "; var enc = G.encodeResultRecord(R);");
  const withRecord = emu.memory().usage;
  emu.run("function DIGEST(r) {" + DIGEST_BODY + "}");
  emu.run(`
var dec = enc.ok ? G.decodeResultRecord(enc.value) : enc;
var store = {}; store[R.id] = enc.value; var logs = [];
var host = { resultIds: function () { return Object.keys(store); }, readResult: function (id) { return store[id] || null; },
  deleteResult: function (id) { delete store[id]; }, setAsideResult: function (id, why) { logs.push(why); delete store[id]; },
  routine: function () { return R.routine; }, setRoutine: function () {}, control: function () { return 1; }, setClock: function () {},
  log: function (m) { logs.push(m); } };
var P = new G.GattPeripheral(host); var A = new G.ResultAssembler();
var step; var reads = 0; P.write("results", G.encodeResultsCursor(A.start()), 0);
while (true) { step = A.accept(P.value("results")); reads++; if (step.type !== "next") break; P.write("results", G.encodeResultsCursor(step.cursor), 0); }
var acked = P.write("control", G.encodeControlCommand({ op: "ack-result", id: R.id }), 0);
var threw = 0;
for (var f = 0; f < 300; f++) { var rb = new Uint8Array(Math.floor(Math.random() * 60)); for (var j = 0; j < rb.length; j++) rb[j] = Math.floor(Math.random() * 256);
  try { G.decodeResultRecord(rb); G.decodeResultsValue(rb); G.decodeLiveState(rb); G.decodeControlCommand(rb); G.decodeRoutineValue(rb);
    P.write("control", rb, 0); P.write("routine", rb, 0); P.write("results", rb, 0); } catch (e) { threw++; } }
`);
  const decoded = decodeResultRecord(expectedRecord);
  if (!decoded.ok) throw new Error(decoded.reason);
  const digest = new Function("r", DIGEST_BODY) as (r: SessionResult) => string;
  const answers = {
    "record length": [emu.eval("enc.ok && enc.value.length"), String(expectedRecord.length)],
    "record CRC": [emu.eval("G.crc32(enc.value)"), String(crc32(expectedRecord))],
    // Compared by the CRC of a digest of every field: the emulator's console wraps long lines.
    "decoded result": [
      emu.eval("dec.ok && G.crc32(E.toUint8Array(DIGEST(dec.value)))"),
      String(crc32(new TextEncoder().encode(digest(decoded.value)))),
    ],
    "pulled result": [
      emu.eval("step.type === 'complete' && G.crc32(E.toUint8Array(DIGEST(step.result)))"),
      String(crc32(new TextEncoder().encode(digest(decoded.value)))),
    ],
    "reads to pull it": [emu.eval("reads"), String(Math.ceil(expectedRecord.length / 128))],
    "queue after the ack": [emu.eval("P.value('results')"), "[0,0]"],
    "throws on 300 random writes": [emu.eval("threw"), "0"],
    // Espruino's onWrite hands over an ArrayBuffer; other transports a DataView or a plain list.
    "routine from an ArrayBuffer": [
      emu.eval("G.decodeRoutineValue(G.encodeRoutineValue(R.routine).buffer).value.holdSeconds"),
      "60",
    ],
    "routine from a DataView": [
      emu.eval("G.decodeRoutineValue(new DataView(G.encodeRoutineValue(R.routine).buffer)).value.repsPerLeg"),
      "5",
    ],
    "routine from a list": [emu.eval("G.decodeRoutineValue([1,1,3,30,10,30,10,3,0,1,1]).value.firstLeg"), '"right"'],
    "SET_CLOCK time": [
      emu.eval(
        "G.decodeControlCommand(G.encodeControlCommand({op: 'set-clock', nowMs: 4102444800000, utcOffsetMinutes: -840})).value.nowMs",
      ),
      "4102444800000",
    ],
  };
  let failed = 0;
  for (const [name, [espruino, node]] of Object.entries(answers)) {
    const same = espruino === node;
    if (!same) failed++;
    console.log((same ? "same " : "DIFF ") + name + (same ? "" : ": Espruino " + espruino + ", Node " + node));
  }
  console.log("bundle (minified, codec + peripheral + central): " + bundle.length + " bytes");
  console.log(
    "JsVars: code loaded " +
      (loaded - base) +
      ", the largest result and its " +
      expectedRecord.length +
      "-byte record " +
      (withRecord - loaded) +
      " (of " +
      emu.memory().total +
      ")",
  );
  return failed === 0 ? 0 : 1;
}

main().then((code) => process.exit(code));
