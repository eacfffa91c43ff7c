// The button on the real Bangle.js 2 firmware (../shared/bangle-emu), and in the project's fake
// runtime (sim/bangle): what a setWatch on BTN is given for a short and a long press, and what the
// BUILT app does with each. Holding the button is how the user leaves any app (the firmware loads the
// clock after btnLoadTimeout, 1.5 s), so the app acts on a short press only, at its release: a long
// press must neither start a session at home nor end a paused one.
//   npx tsx tools/bangle-emu-button.ts [path/to/bangle-emu]     (default ../shared/bangle-emu)
// The emulator's driver (emu.js) keeps its pins to itself: this tool loads it with one line added
// that sets BTN1's pin and sends the pin event, as the Web IDE's emulator does on a click. The
// emulator does not run the firmware's button poll that loads the clock at btnLoadTimeout, so a long
// press here is released after 1.6 s with the app still running: the worst case for the app (on the
// watch, it is gone by then). Its clock is frozen after boot and moved 20 ms per step.
import fs from "node:fs";
import path from "node:path";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { FakeBangle } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "./build-bangle";
import { decodeResultRecord } from "../common/gatt-profile";
import { CUE_BUZZ } from "../common/cue-buzz";
import { Cue } from "../common/session";
import { generateHold } from "../model/holds";
import { traceAt } from "../sim/bangle/motion";
import { AccelSample, Buzz, Kx023LowPass } from "../sim/bangle/runtime";

const ROOT = path.resolve(__dirname, "..");
const STEP_MS = 20;
const SHORT_PRESS_MS = 100;
const LONG_PRESS_MS = 1600;
/** No get-ready: a session started by mistake would hold at once (review 20's worst case). */
const NO_GET_READY: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 1, holdSeconds: 10, getReadySeconds: 0 };
/** Case 5: one 60 s hold a leg, nothing between: the holds carry the warnings. */
const BOUNCY: Routine = { ...NO_GET_READY, holdSeconds: 60, restSeconds: 0, switchSeconds: 0 };
/** The wrist bounces (2 Hz tugs of 2 cm for 10 minutes), as test/bangle-spare-warnings.test.ts. */
const BOUNCING = generateHold(7, {
  kind: "bounce",
  bounceHz: 2,
  fsHz: 100,
  tugMetres: 0.02,
  tugDegrees: 3,
  bounceTugs: 1200,
  durationMs: 660000,
});
const STILL: AccelSample = { x: 0.09, y: 0.63, z: -0.77 };
/** The Bangle's accelerometer rate (12.5 Hz). */
const ACCEL_MS = 80;
/** What the stubbed Bangle.buzz prints before its time, length and strength. */
const BUZZ_MARK = "BUZZ ";

/** Records what the button's watches are given (both edges, as the app's falling one and the old rising one). */
const PROBE =
  'var seen=[];function note(kind){return function(e){seen.push([kind,e.state,e.time,e.lastTime]);print("button "+JSON.stringify([kind,e.state,e.time,e.lastTime]));};}' +
  'setWatch(note("rising"),BTN,{repeat:true,edge:"rising",debounce:50});setWatch(note("falling"),BTN,{repeat:true,edge:"falling",debounce:50});';

interface Emulator {
  start(): Promise<void>;
  run(js: string): string[];
  eval(expr: string): string | undefined;
  upload(name: string, text: string): void;
  advance(ms: number): string[];
  /** Added here: BTN1 down (true) or up, and its pin event sent to the firmware. */
  setButton(down: boolean): void;
}

/** emu.js, with setButton added next to its own use of the firmware's glue. */
function loadEmulator(driver: string): Emulator {
  const text = fs.readFileSync(driver, "utf8");
  const anchor = "send = jsTransmitString; idle = jsIdle;";
  if (text.indexOf(anchor) < 0) throw new Error(`${driver} changed: "${anchor}" not found`);
  // BTN1 reads pressed when its pin is 0 (BTN.read() on the emulator): the pin is active low.
  const patched = text.replace(
    anchor,
    anchor + " exports.setButton = function (down) { hwSetPinValue(BTN1, down ? 0 : 1); jsTransmitPinEvent(BTN1); };",
  );
  const module = { exports: {} as Record<string, unknown> };
  // Not strict, as emu.js must be (its start() declares the firmware glue's names through eval).
  new Function("exports", "require", "module", "__filename", "__dirname", patched)(
    module.exports,
    require,
    module,
    driver,
    path.dirname(driver),
  );
  return module.exports as unknown as Emulator;
}

type Edge = [kind: string, state: boolean, time: number, lastTime: number | null];

/** The shape of what the watches saw for one press: the edges in order, and the falling edge's hold (s). */
function describePress(edges: Edge[]): string {
  const falling = edges.find((e) => e[0] === "falling");
  const rising = edges.find((e) => e[0] === "rising");
  const held =
    falling !== undefined && typeof falling[3] === "number" ? (falling[2] - falling[3]).toFixed(2) + " s" : "unknown";
  const lastIsDown = falling !== undefined && rising !== undefined && falling[3] === rising[2];
  return `${edges.map((e) => `${e[0]}(state ${e[1]})`).join(" then ")}; release's time - lastTime ${held}; lastTime is the press's time: ${lastIsDown}`;
}

async function main(): Promise<void> {
  const emuDir = path.resolve(process.argv[2] ?? path.join(ROOT, "..", "shared", "bangle-emu"));
  const driver = path.join(emuDir, "emu.js");
  if (!fs.existsSync(driver)) {
    console.error(`No Bangle.js 2 firmware emulator at ${emuDir}. Pass its folder as the first argument.`);
    process.exit(2);
  }
  const realNow = Date.now;
  let frozen: number | null = null;
  Date.now = () => (frozen === null ? realNow() : frozen);
  const emu = loadEmulator(driver);
  await emu.start();
  emu.setButton(false); // the emulator boots with the pin at 0: pressed
  frozen = Date.UTC(2026, 10, 30, 8, 0, 0);
  const consoleLines: string[] = [];
  const banner = /^[\s|_\-.]*$|\|_|espruino\.com|G\.Williams|Open Source|donations|Donate|\[\?7l/;
  const buzzes: Buzz[] = [];
  const keep = (lines: string[]) => {
    for (const l of lines) {
      const at = l.indexOf(BUZZ_MARK);
      if (at >= 0) {
        const [t, ms, strength] = l
          .slice(at + BUZZ_MARK.length)
          .split(" ")
          .map(Number);
        buzzes.push({ t, ms, strength });
      } else if (l.trim() !== "" && !/^=/.test(l) && !banner.test(l)) consoleLines.push(l);
    }
  };
  const run = (js: string) => keep(emu.run(js));
  const step = (ms: number) => {
    for (let t = 0; t < ms; t += STEP_MS) {
      (frozen as number) += STEP_MS;
      keep(emu.advance(STEP_MS));
    }
  };
  const press = (ms: number) => {
    emu.setButton(true);
    step(ms);
    emu.setButton(false);
    step(200);
  };
  const problems: string[] = [];
  const report: string[] = [
    `Bangle.js 2 firmware ${emu.eval("process.env.VERSION")}, btnLoadTimeout ${emu.eval("Bangle.getOptions().btnLoadTimeout")} ms`,
  ];

  // 1. What the watches are given, on the firmware and in the fake.
  run("reset()");
  run(PROBE);
  const seen = (): Edge[] => JSON.parse(emu.eval("seen") ?? "[]") as Edge[];
  press(SHORT_PRESS_MS);
  const firmwareShort = seen();
  run("seen=[]");
  press(LONG_PRESS_MS);
  const firmwareLong = seen();
  const fake = new FakeBangle(PROBE + 'print("seen "+JSON.stringify(seen));', "probe.js", {});
  fake.launch();
  fake.press();
  const fakeSeen = (): Edge[] =>
    fake.logs.filter((l) => l.startsWith("button ")).map((l) => JSON.parse(l.slice("button ".length)) as Edge);
  const fakeShort = fakeSeen();
  fake.logs.length = 0;
  fake.buttonDown();
  fake.advance(1000);
  fake.buttonUp(); // released before the fake's long-press load, to see the edge
  const fakeLong = fakeSeen();
  report.push(`1. a ${SHORT_PRESS_MS} ms press on the firmware: ${describePress(firmwareShort)}`);
  report.push(`   a ${LONG_PRESS_MS} ms press on the firmware: ${describePress(firmwareLong)}`);
  report.push(`   press() in the fake: ${describePress(fakeShort)}`);
  report.push(`   buttonDown(), 1 s, buttonUp() in the fake: ${describePress(fakeLong)}`);
  const shape = (edges: Edge[]) =>
    edges.map((e) => `${e[0]}:${e[1]}`).join() + ":" + String(edges[1]?.[3] === edges[0]?.[2]);
  if (shape(firmwareShort) !== "rising:true,falling:false:true")
    problems.push("the firmware's short press is not a rising then a falling edge whose lastTime is the press");
  if (shape(fakeShort) !== shape(firmwareShort)) problems.push("the fake's press() differs from the firmware's");
  if (shape(fakeLong) !== shape(firmwareLong)) problems.push("the fake's held button differs from the firmware's");

  // 2. The app: a long press at home, a short one, a long one while paused, a short one.
  emu.upload("steadyhold.json", JSON.stringify(NO_GET_READY));
  emu.upload("steadyhold.app.js", fs.readFileSync(BANGLE_APP_FILE, "utf8"));
  run("reset()");
  run('Bangle.buzz=function(){return Promise.resolve();};eval(require("Storage").read("steadyhold.app.js"))');
  step(500);
  // Two fields, not the whole state: the console line that carries an answer is cut short.
  const session = (): { phase: string; pausedAt: number } | null =>
    JSON.parse(
      emu.eval(
        '(function(s){return s&&s.state?{phase:s.state.phase,pausedAt:s.state.pausedAt}:null;})(require("Storage").readJSON("steadyhold.session.json",1))',
      ) ?? "null",
    ) as { phase: string; pausedAt: number } | null;
  const results = (): string[] =>
    JSON.parse(emu.eval('require("Storage").list(/^steadyhold\\.[ruwx]/)') ?? "[]") as string[];
  const describe = () => {
    const s = session();
    return `session ${s === null ? "none" : s.phase + (s.pausedAt >= 0 ? " (paused)" : "")}, results ${results().length}`;
  };
  press(LONG_PRESS_MS);
  const afterLongAtHome = describe();
  report.push(`2. home, get-ready 0 s; a ${LONG_PRESS_MS} ms press: ${afterLongAtHome}`);
  if (session() !== null || results().length > 0) problems.push("a long press at home started a session");
  press(SHORT_PRESS_MS);
  report.push(`   a ${SHORT_PRESS_MS} ms press: ${describe()}`);
  if (session()?.phase !== "hold") problems.push("a short press at home did not start the session");
  step(3000);
  run('Bangle.emit("touch",1,{x:88,y:88,type:0})'); // pause
  step(500);
  report.push(`   a tap 3 s into the hold: ${describe()}`);
  press(LONG_PRESS_MS);
  report.push(`   a ${LONG_PRESS_MS} ms press while paused: ${describe()}`);
  const paused = session();
  if (paused === null || paused.phase === "done" || paused.pausedAt < 0 || results().length > 0)
    problems.push("a long press while paused ended the session");
  press(SHORT_PRESS_MS);
  report.push(`   a ${SHORT_PRESS_MS} ms press: ${describe()}`);
  if (session() !== null || results().length !== 1) problems.push("a short press while paused did not end the session");

  // 3. A session ending on a flash another app filled during its last hold: its result takes the
  // spare's room (made at the start), so the done screen's long press (the firmware then loads the
  // clock: reset() here, which runs the kill handler as load() does) loses nothing; a session asked
  // for on that full flash (no spare left) is not started.
  const readBytes = (name: string): Uint8Array | null => {
    const hex = JSON.parse(
      emu.eval(
        `(function(s){if(s===undefined)return null;var o="";for(var i=0;i<s.length;i++)o+=(256+s.charCodeAt(i)).toString(16).slice(1);return o;})(require("Storage").read(${JSON.stringify(name)}))`,
      ) ?? "null",
    ) as string | null;
    return hex === null ? null : Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  };
  const decoded = (name: string): string => {
    const bytes = readBytes(name);
    const r = bytes === null ? null : decodeResultRecord(bytes);
    if (r === null || !r.ok) return r === null ? "none" : r.reason;
    return `completed ${r.value.completed}, holds ${r.value.holds.map((h) => h.achievedMs).join("/")} ms`;
  };
  console.error("case 3: a session on a flash that fills");
  run('require("Storage").list(/^steadyhold\\.[ruwx]/).forEach(function(f){require("Storage").erase(f);})');
  run("reset()"); // case 2 left the app on its done screen: opened again
  run('Bangle.buzz=function(){return Promise.resolve();};eval(require("Storage").read("steadyhold.app.js"))');
  step(500);
  press(SHORT_PRESS_MS); // the left hold begins
  step(10500); // the switch of legs began (saved)
  run('var S=require("Storage"),n=0,sz=1048576;while(sz>=1){try{S.write("fill"+n,"z",0,sz);n++;}catch(e){sz=sz>>1;}}');
  const free = emu.eval('require("Storage").getFree()');
  console.error(`filled (${free} bytes free): the session ends (the firmware compacts its flash, slow here)`);
  step((NO_GET_READY.switchSeconds + NO_GET_READY.holdSeconds) * 1000 + 500); // done: the done save and the record do not fit
  const [kept] = results();
  const atDone = kept === undefined ? "no result" : `${kept}: ${decoded(kept)}`;
  console.error("at its end: " + atDone);
  press(LONG_PRESS_MS);
  run("reset()"); // the firmware's long press loads the clock
  const [afterLeave] = results();
  report.push(
    `3. a session done on a flash filled in its last hold (${free} bytes free): at its end ${atDone}; ` +
      `held ${LONG_PRESS_MS} ms and left: ${afterLeave === undefined ? "no result" : afterLeave + ": " + decoded(afterLeave)}`,
  );
  if (afterLeave === undefined || decoded(afterLeave) !== "completed true, holds 10000/10000 ms")
    problems.push("the session done on a full flash was not kept complete through the long press");
  run('Bangle.buzz=function(){return Promise.resolve();};eval(require("Storage").read("steadyhold.app.js"))');
  step(500);
  press(SHORT_PRESS_MS);
  report.push(`   opened again on the full flash, a short press: ${describe()}`);
  if (session() !== null) problems.push("a session started on a full flash with no room kept for its result");
  run('require("Storage").list(/^fill/).forEach(function(f){require("Storage").erase(f);})');

  // 4. A record a reset tore (its tail erased flash) that version 0.05 set aside (steadyhold.x<id>):
  // the next launch sends its whole part (the first hold) under its id, and the bytes go.
  const whole = afterLeave === undefined ? null : readBytes(afterLeave);
  if (whole !== null) {
    const id = afterLeave.slice("steadyhold.r".length);
    const torn = Array.from(whole, (b, i) => (i < whole.length - 4 ? b : 0xff));
    run(`require("Storage").erase(${JSON.stringify(afterLeave)})`);
    run(`require("Storage").write(${JSON.stringify("steadyhold.x" + id)},E.toString(${JSON.stringify(torn)}))`);
    run("reset()");
    run('Bangle.buzz=function(){return Promise.resolve();};eval(require("Storage").read("steadyhold.app.js"))');
    step(500);
    const recovered = decoded(afterLeave);
    report.push(
      `4. its record torn 4 bytes from the end and set aside by 0.05; opened: ${results().join(", ")}: ${recovered}`,
    );
    if (recovered !== "completed false, holds 10000 ms" || results().length !== 1)
      problems.push("the torn record set aside was not recovered once (its first hold, not completed)");
  }

  // 5. (0.09) A session whose holds carry more bounce warnings than the detector allows in a hold
  // that runs on (15): the wrist bounces, and the user pauses after each warning and goes on 4.1 s
  // later (the detector's time ran on). Another app fills the flash late in the last hold: the
  // result takes the spare's room (sized for the 100 warnings a hold the engine keeps), and is kept
  // whole through the done screen's long press.
  console.error("case 5: a session with many bounce warnings on a flash that fills");
  const wipe =
    'require("Storage").list(/^(steadyhold\\.[ruwx]|steadyhold\\.s|steadyhold\\.probe|fill)/).forEach(function(f){require("Storage").erase(f);})';
  run(wipe);
  emu.upload("steadyhold.json", JSON.stringify(BOUNCY));
  run("reset()");
  run(`Bangle.buzz=function(ms,s){print("${BUZZ_MARK}"+Date.now()+" "+ms+" "+s);return Promise.resolve();};`);
  run('eval(require("Storage").read("steadyhold.app.js"))');
  step(500);
  const sensor = new Kx023LowPass();
  const caseStart = frozen as number;
  let bouncing = true;
  let heldInRightMs = -1; // -1: before the right hold
  // The firmware is advanced a sample at a time here (as bangle-emu-check does): 20 ms steps made
  // this case take more than 25 minutes on a busy machine.
  const moveWrist = (ms: number) => {
    for (let t = 0; t < ms; t += ACCEL_MS) {
      (frozen as number) += ACCEL_MS;
      keep(emu.advance(ACCEL_MS));
      const at = (frozen as number) - caseStart;
      const a = sensor.reading(at, bouncing ? (traceAt(BOUNCING, at) as AccelSample) : STILL);
      run(`Bangle.emit("accel",{x:${a.x.toFixed(4)},y:${a.y.toFixed(4)},z:${a.z.toFixed(4)},mag:1,diff:0})`);
      if (heldInRightMs >= 0) heldInRightMs += ACCEL_MS;
    }
  };
  // Each cue by its first buzz (the firmware runs a sequence's later steps at the driver's steps,
  // late by more than a step while the driver also sends samples); a bounce's four buzzes take
  // 420 ms, and the detector warns again only after 4 s of running.
  const count = (cue: Cue) =>
    buzzes.filter(
      (b, i) =>
        b.ms === CUE_BUZZ[cue].steps[0] &&
        b.strength === CUE_BUZZ[cue].strength &&
        !buzzes.slice(0, i).some((p) => p.ms === b.ms && p.strength === b.strength && b.t - p.t < 1000),
    ).length;
  const tap = () => run('Bangle.emit("touch",1,{x:88,y:88,type:0})');
  buzzes.length = 0;
  tap(); // the left hold begins
  const warnedIn = [0, 0];
  let filledFree = "";
  for (let guard = 0; guard < 400 && count("session-done") === 0; guard++) {
    const before = count("bounce");
    for (let t = 0; t < 10000 && count("bounce") === before && count("session-done") === 0; t += ACCEL_MS) {
      moveWrist(ACCEL_MS);
      if (heldInRightMs < 0 && count("switch-legs") > 0) heldInRightMs = 0;
    }
    if (count("session-done") > 0) break;
    warnedIn[heldInRightMs >= 0 ? 1 : 0] += count("bounce") - before;
    tap(); // pause after the warning
    if (heldInRightMs >= 45000 && bouncing) {
      bouncing = false; // the last seconds are still: the session ends
      run(
        'var S=require("Storage"),n=0,sz=1048576;while(sz>=1){try{S.write("fill"+n,"z",0,sz);n++;}catch(e){sz=sz>>1;}}',
      );
      filledFree = emu.eval('require("Storage").getFree()') ?? "?";
      console.error(`filled (${filledFree} bytes free) ${heldInRightMs / 1000} s into the right hold`);
    }
    moveWrist(4100);
    tap(); // go on
  }
  if (count("session-done") === 0) moveWrist(70000);
  console.error(`warnings: left ${warnedIn[0]}, right ${warnedIn[1]}`);
  press(LONG_PRESS_MS);
  run("reset()"); // the firmware's long press loads the clock
  const [bouncyKept] = results();
  const bouncyRecord = bouncyKept === undefined ? null : readBytes(bouncyKept);
  const bouncyDecoded = bouncyRecord === null ? null : decodeResultRecord(bouncyRecord);
  const bouncySeen =
    bouncyDecoded === null
      ? "no result"
      : !bouncyDecoded.ok
        ? bouncyDecoded.reason
        : `completed ${bouncyDecoded.value.completed}, holds ${bouncyDecoded.value.holds.map((h) => h.achievedMs).join("/")} ms, warnings ${bouncyDecoded.value.holds.map((h) => h.bounceAtMs.length).join("/")}`;
  report.push(
    `5. a 1 x 60 s session, paused after each bounce warning: ${warnedIn[0]} + ${warnedIn[1]} warnings; the flash filled ` +
      `late in its last hold (${filledFree} bytes free); held ${LONG_PRESS_MS} ms and left: ${bouncyKept ?? "no result"}: ${bouncySeen}`,
  );
  if (Math.max(warnedIn[0], warnedIn[1]) <= 15 || filledFree === "")
    problems.push("case 5 did not get more than 15 warnings in a hold, or did not fill the flash");
  if (bouncySeen !== `completed true, holds 60000/60000 ms, warnings ${warnedIn[0]}/${warnedIn[1]}`)
    problems.push("the session with many warnings done on a full flash was not kept whole through the long press");
  run(wipe);

  // 6. (0.09) The spare left from the last session, and the flash filled since: a session whose saves
  // would not fit is not started (before, it ran with every save failing: a reset lost its holds);
  // once there is room it starts and is saved.
  console.error("case 6: a session whose saves do not fit");
  emu.upload("steadyhold.json", JSON.stringify(NO_GET_READY));
  run("reset()");
  run(`Bangle.buzz=function(ms,s){print("${BUZZ_MARK}"+Date.now()+" "+ms+" "+s);return Promise.resolve();};`);
  run('eval(require("Storage").read("steadyhold.app.js"))');
  step(500);
  press(SHORT_PRESS_MS);
  step((NO_GET_READY.holdSeconds * 2 + NO_GET_READY.switchSeconds) * 1000 + 1000); // done: its record kept
  run('require("Storage").list(/^steadyhold\\.r/).forEach(function(f){require("Storage").erase(f);})'); // synced
  run("reset()");
  run(`Bangle.buzz=function(ms,s){print("${BUZZ_MARK}"+Date.now()+" "+ms+" "+s);return Promise.resolve();};`);
  run('eval(require("Storage").read("steadyhold.app.js"))');
  step(500);
  const spareLeft = emu.eval('require("Storage").read("steadyhold.spare")!==undefined');
  run('var S=require("Storage"),n=0,sz=1048576;while(sz>=1){try{S.write("fill"+n,"z",0,sz);n++;}catch(e){sz=sz>>1;}}');
  const fullFree = emu.eval('require("Storage").getFree()');
  buzzes.length = 0;
  press(SHORT_PRESS_MS);
  step(3000);
  const refusedCues = buzzes.length;
  const refusedSession = describe();
  run('require("Storage").list(/^fill/).forEach(function(f){require("Storage").erase(f);})');
  press(SHORT_PRESS_MS);
  step(3000);
  const roomySession = describe();
  report.push(
    `6. spare left from the last session: ${spareLeft}; the flash filled (${fullFree} bytes free), a short press: ` +
      `${refusedCues} cues, ${refusedSession}; flash freed, a short press: ${roomySession}`,
  );
  if (spareLeft !== "true" || refusedCues > 0 || refusedSession.indexOf("session none") < 0)
    problems.push("a session started on a flash with no room for its saves");
  if (session()?.phase !== "hold") problems.push("once the flash was freed, the session did not start and save");
  press(SHORT_PRESS_MS); // pause
  press(SHORT_PRESS_MS); // end
  run(wipe);

  Date.now = realNow;
  const errors = consoleLines.filter((l) => /error|uncaught/i.test(l));
  report.push(`firmware console: ${consoleLines.length} lines, ${errors.length} errors`);
  for (const l of consoleLines) report.push("  " + l);
  for (const p of problems) report.push("PROBLEM: " + p);
  console.log(report.join("\n"));
  process.exit(problems.length === 0 && errors.length === 0 ? 0 : 1);
}

main().catch((e) => {
  console.error((e as Error).stack ?? String(e));
  process.exit(1);
});
