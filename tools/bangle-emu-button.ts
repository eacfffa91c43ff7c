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

const ROOT = path.resolve(__dirname, "..");
const STEP_MS = 20;
const SHORT_PRESS_MS = 100;
const LONG_PRESS_MS = 1600;
/** No get-ready: a session started by mistake would hold at once (review 20's worst case). */
const NO_GET_READY: Routine = { ...DEFAULT_ROUTINE, repsPerLeg: 1, holdSeconds: 10, getReadySeconds: 0 };
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
  const keep = (lines: string[]) =>
    consoleLines.push(...lines.filter((l) => l.trim() !== "" && !/^=/.test(l) && !banner.test(l)));
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
