// The BUILT Bangle.js 2 app on the real firmware (../shared/bangle-emu) with a clock that was never
// set: a session on a clock at 1970 + 10 minutes (as Espruino counts after a power loss), the app
// left and opened again, then the clock set as Gadgetbridge does it over the UART (`setTime`); then
// a second session, a power loss (the clock back near zero) and the clock
// set: the first result must come out moved by the correction, the second with its time unknown
// (the app's boot code, run by the firmware's bootloader 30 s after the power came back, noted the
// loss; the app is opened only 3 hours later, when the clock reads more than before the loss);
// then a session cut off mid-hold by a power loss (sent time unknown, not resumed nor moved), and
// a full flash, on which the firmware's Storage.write throws (a waiting result must stay until its
// record is written; a session must run to its end without an uncaught error); then a watch updated
// from version 0.02 (its built file on a fractional clock, as the watch's): what it left — a result
// waiting for the clock, one kept aside, a session left mid-hold — must reach records under the ids
// 0.03 makes once today's app is installed over it (the session resumed), no file left behind.
//   npx tsx tools/bangle-emu-clock.ts [path/to/bangle-emu]     (default ../shared/bangle-emu)
// The emulator's clock is its host's Date.now (its own setTime does not move it), so the driver
// freezes Date.now after boot, moves it 80 ms per step, and sets the clock by calling the
// firmware's setTime and then moving Date.now.
import fs from "node:fs";
import path from "node:path";
import { decodeResultRecord } from "../common/gatt-profile";
import { SessionResult } from "../common/result";
import { BANGLE_APP_FILE } from "./build-bangle";
import { BANGLE_APP_0_02 } from "../sim/bangle/runtime";
import { ONE_HOLD_A_LEG } from "../sim/routines";

const ROOT = path.resolve(__dirname, "..");
const STEP_MS = 80;
const REAL = Date.UTC(2026, 10, 30, 8, 0, 0);

interface Emulator {
  start(): Promise<void>;
  run(js: string): string[];
  eval(expr: string): string | undefined;
  upload(name: string, text: string): void;
}

/**
 * The id version 0.03 makes for a session 0.02 named `legacyId` (the base-36 fraction dropped, the
 * random part kept): worked out here on its own, not by the app's wholeMsId, which it checks.
 */
function wholeMsId(legacyId: string): string | null {
  const match = /^([0-9a-z]+)\.[0-9a-z]+(-[0-9a-z]{4})$/.exec(legacyId);
  return match === null ? null : match[1] + match[2];
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
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const emu = require(driver) as Emulator;
  await emu.start();
  emu.upload("steadyhold.json", JSON.stringify(ONE_HOLD_A_LEG));
  emu.upload("steadyhold.app.js", fs.readFileSync(BANGLE_APP_FILE, "utf8"));
  emu.upload("steadyhold.boot.js", fs.readFileSync(path.join(path.dirname(BANGLE_APP_FILE), "boot.js"), "utf8"));
  emu.run("Bangle.buzz=function(){return Promise.resolve();};");
  const consoleLines: string[] = [];
  // reset() prints the firmware's banner: not the app's output.
  const banner = /^[\s|_\-.]*$|\|_|espruino\.com|G\.Williams|Open Source|donations|Donate|\[\?7l/;
  const run = (js: string) =>
    consoleLines.push(...emu.run(js).filter((l) => l.trim() !== "" && !/^=/.test(l) && !banner.test(l)));
  const step = (ms: number) => {
    for (let t = 0; t < ms; t += STEP_MS) {
      (frozen as number) += STEP_MS;
      run('Bangle.emit("accel",{x:0,y:0,z:-1,mag:1,diff:0})');
    }
  };
  const launch = () => {
    run("reset()"); // the app is left (its kill handler runs), the interpreter starts afresh
    run('Bangle.buzz=function(){return Promise.resolve();};eval(require("Storage").read("steadyhold.app.js"))');
  };
  const setClock = (ms: number) => {
    // As Gadgetbridge sends it over the UART. The firmware's setTime makes its idle loop count from
    // the new time; the host clock moves just after, so the emulator's timers keep their delays as
    // the watch's do (moving the host clock first would fire every timer at once).
    run(`setTime(${ms / 1000})`);
    frozen = ms;
  };
  const files = (): string[] =>
    JSON.parse(emu.eval('require("Storage").list(/^steadyhold\\.[rux]/)') ?? "[]") as string[];
  const record = (name: string): SessionResult | string => {
    const hex = JSON.parse(
      emu.eval(
        `(function(s){var o="";for(var i=0;i<s.length;i++)o+=(256+s.charCodeAt(i)).toString(16).slice(1);return o;})(require("Storage").read(${JSON.stringify(name)}))`,
      ) ?? '""',
    ) as string;
    const bytes = new Uint8Array(hex.length / 2);
    for (let k = 0; k < bytes.length; k++) bytes[k] = parseInt(hex.slice(2 * k, 2 * k + 2), 16);
    const decoded = decodeResultRecord(bytes);
    return decoded.ok ? decoded.value : decoded.reason;
  };
  const problems: string[] = [];
  const report: string[] = [
    `Bangle.js 2 firmware ${emu.eval("process.env.VERSION")}, app ${Buffer.byteLength(fs.readFileSync(BANGLE_APP_FILE))} bytes`,
  ];

  // 1. A session on the unset clock, the app left and opened again, the clock set over the UART.
  frozen = 10 * 60000;
  launch();
  const firstStart = frozen;
  run('Bangle.emit("touch",1,{x:88,y:88,type:0})');
  step(21000);
  run('Bangle.emit("touch",1,{x:88,y:88,type:0})'); // home
  report.push(`1. session on the clock at 1970 + 10 min, files: ${files().join(", ")}`);
  launch(); // left and opened again
  step(60000);
  const beforeSet = frozen;
  setClock(REAL);
  step(11000); // the app's check (every 10 s) sees the jump
  const placed = files().filter((f) => f.startsWith("steadyhold.r"));
  report.push(`   clock set to ${new Date(REAL).toISOString()} over the UART, files: ${files().join(", ")}`);
  const expected = REAL - (beforeSet - firstStart);
  if (placed.length !== 1) problems.push("expected one record after the clock was set, got " + placed.length);
  else {
    const r = record(placed[0]);
    if (typeof r === "string") problems.push("the record does not decode: " + r);
    else {
      const off = r.startedAt - expected;
      report.push(
        `   record: start ${new Date(r.startedAt).toISOString()} (${off} ms from the true start), ${r.endedAt - r.startedAt} ms long, time unknown: ${r.timeUnknown === true}`,
      );
      if (Math.abs(off) > 2 * STEP_MS || r.timeUnknown === true)
        problems.push("the first result was not moved by the correction");
    }
    run(`require("Storage").erase(${JSON.stringify(placed[0])})`); // as the central's ACK_RESULT does
  }

  // 2. A session on a new unset clock, a power loss before the clock is set, then the clock set.
  frozen = 2 * 3600000;
  launch();
  run('Bangle.emit("touch",1,{x:88,y:88,type:0})');
  step(21000);
  run('Bangle.emit("touch",1,{x:88,y:88,type:0})');
  const timelineBefore = emu.eval('require("Storage").readJSON("steadyhold.clock.json",1)');
  // The battery ran flat; 30 s after the power came back the clock face starts, and with it the
  // firmware's bootloader runs every *.boot.js — steadyhold.boot.js among them.
  frozen = 30000;
  run("reset()");
  const timelineAfter = emu.eval('require("Storage").readJSON("steadyhold.clock.json",1)');
  report.push(`   timeline on file before the power loss ${timelineBefore}, after start-up ${timelineAfter}`);
  frozen = 3 * 3600000; // the watch then runs longer than before the loss until the app is opened
  launch();
  step(1000);
  setClock(REAL + 86400000);
  step(11000);
  const unknown = files().filter((f) => f.startsWith("steadyhold.r"));
  report.push(
    `2. session at 1970 + 2 h, power lost, boot code at 30 s, app opened at 3 h, clock set: files: ${files().join(", ")}`,
  );
  if (unknown.length !== 1)
    problems.push("expected one record after the power loss and the clock set, got " + unknown.length);
  else {
    const r = record(unknown[0]);
    if (typeof r === "string") problems.push("the record does not decode: " + r);
    else {
      report.push(
        `   record: ends ${new Date(r.endedAt).toISOString()}, ${r.endedAt - r.startedAt} ms long, time unknown: ${r.timeUnknown === true}`,
      );
      if (r.timeUnknown !== true) problems.push("a result from before the power loss was moved by a later correction");
    }
  }
  const touch = () => run('Bangle.emit("touch",1,{x:88,y:88,type:0})');
  const eraseRecords = () =>
    run('require("Storage").list(/^steadyhold\\.r/).forEach(function(f){require("Storage").erase(f);})');
  const recordsNow = () => files().filter((f) => f.startsWith("steadyhold.r"));

  // 3. A session cut off mid-hold by a power loss on the unset clock (no kill event), the boot code
  // at 4 s, the app opened 2 h later (the clock reads more than when the session was saved), the
  // clock set a minute later: it must not be resumed nor moved, but sent with its time unknown.
  eraseRecords();
  frozen = 10 * 60000;
  launch();
  touch();
  step(5000);
  const savedOn = emu.eval('require("Storage").readJSON("steadyhold.session.json",1).timeline');
  run('E.removeAllListeners("kill")'); // the battery goes flat: nothing of the app runs
  frozen = 4000;
  run("reset()");
  frozen = 2 * 3600000;
  launch();
  step(60000);
  setClock(REAL + 2 * 86400000);
  step(11000);
  const cut = recordsNow();
  report.push(
    `3. session cut off mid-hold by a power loss (saved on timeline ${savedOn}), app opened at 2 h, clock set: files: ${files().join(", ")}`,
  );
  if (cut.length !== 1) problems.push("expected one record for the session cut off, got " + cut.length);
  else {
    const r = record(cut[0]);
    if (typeof r === "string") problems.push("the record does not decode: " + r);
    else {
      report.push(`   record: completed ${r.completed}, time unknown: ${r.timeUnknown === true}`);
      if (r.timeUnknown !== true) problems.push("a session cut off by a power loss was moved by a later correction");
    }
  }

  // 4. The flash full: the firmware's Storage.write throws. A session waits for the clock, the flash
  // fills, the clock is set (its record cannot be written: the waiting file must stay), a session
  // is asked for on the full flash (0.09: not started, no room for its saves; no uncaught error);
  // space is freed, the app is opened again: the waiting session is sent, time unknown (its
  // correction was not kept).
  eraseRecords();
  frozen = 10 * 60000;
  launch();
  touch();
  step(21000);
  touch();
  const waiting = files().filter((f) => f.startsWith("steadyhold.u"));
  run('var S=require("Storage"),n=0,sz=1048576;while(sz>=1){try{S.write("fill"+n,"z",0,sz);n++;}catch(e){sz=sz>>1;}}');
  const free = emu.eval('require("Storage").getFree()');
  setClock(REAL + 3 * 86400000);
  step(11000);
  const afterSet = files();
  touch();
  step(21000);
  touch();
  const notWritten = consoleLines.filter((l) => /not written/.test(l)).length;
  run('require("Storage").list(/^fill/).forEach(function(f){require("Storage").erase(f);})');
  frozen = REAL + 3 * 86400000 + 3600000;
  launch();
  const afterFree = recordsNow();
  report.push(
    `4. flash filled (${free} bytes free) with ${waiting.join(", ")} waiting; clock set: files ${afterSet.join(", ")}; a session on the full flash; ${notWritten} writes refused and logged`,
  );
  if (afterSet.join() !== waiting.join())
    problems.push("the waiting file did not stay while no record could be written");
  const waitingId = waiting.length === 1 ? waiting[0].slice("steadyhold.u".length) : "";
  const waitedRecord = afterFree.filter((f) => f === "steadyhold.r" + waitingId);
  const fullFlashRecord = afterFree.filter((f) => f !== "steadyhold.r" + waitingId);
  // Since 0.09 the session asked for on the full flash is not started (no room for its saves: the
  // spare left from case 3 let it run with every save failing before): nothing of it is kept.
  if (afterFree.length !== 1 || waitedRecord.length !== 1 || fullFlashRecord.length !== 0)
    problems.push(
      "expected the waiting session's record alone once space was freed (no session starts on the full flash), got " +
        afterFree.join(", "),
    );
  else {
    const r = record(waitedRecord[0]);
    report.push(
      `   space freed, app opened again: ${waitedRecord[0]}, time unknown: ${typeof r !== "string" && r.timeUnknown === true}; ` +
        "the session asked for on the full flash was not started",
    );
    if (typeof r === "string" || r.timeUnknown !== true) problems.push("the waiting session was not sent time unknown");
  }

  // 5. A watch updated from version 0.02, which read the fractional clock (the watch's Date.now() is
  // RTC ticks at 2^20 a second; the host clock here is given a fraction of a ms, so the firmware's
  // reads 0.27 ms past one): its built file (sim/bangle/steadyhold-0.02.app.js) records a session
  // on the unset clock (kept waiting) and one on a set clock (kept aside), and is left mid-hold in a
  // third; today's app is installed over it and opened at once: the third session must resume and
  // the three must become records under the ids 0.03 makes (wholeMsId), none left behind.
  eraseRecords();
  run('require("Storage").list(/^steadyhold\\.[ux]/).forEach(function(f){require("Storage").erase(f);})');
  run("reset()"); // the app is left first: the upload string and a running app do not fit in memory together
  emu.upload("steadyhold.app.js", fs.readFileSync(BANGLE_APP_0_02, "utf8"));
  frozen = 20 * 60000 + 0.27;
  launch();
  touch();
  step(21000);
  touch();
  frozen = REAL + 4 * 86400000 + 0.27;
  launch();
  touch();
  step(21000);
  touch();
  launch();
  touch();
  step(5000);
  const fractionalNow = emu.eval("Date.now()");
  const legacyFiles = files();
  // (Small reads: a whole file printed by the firmware's REPL does not come back in one line.)
  const legacyIds = legacyFiles.map((f) =>
    String(
      JSON.parse(
        emu.eval(
          `require("Storage").readJSON(${JSON.stringify(f)},1)${f.startsWith("steadyhold.u") ? ".result" : ""}.id`,
        ) ?? "null",
      ),
    ),
  );
  // As the App Loader updates an app: it is left first (0.02's kill handler saves the session), then
  // the new file is written and today's app opened, within the resume window.
  run("reset()");
  const sessionField = (field: string): unknown =>
    JSON.parse(emu.eval(`require("Storage").readJSON("steadyhold.session.json",1).state.${field}`) ?? "null");
  const sessionId = String(sessionField("id"));
  emu.upload("steadyhold.app.js", fs.readFileSync(BANGLE_APP_FILE, "utf8"));
  launch();
  // Resumed paused, under the id 0.03 makes (the resume's pause is saved at once).
  const resumed = sessionField("id") === wholeMsId(sessionId) && Number(sessionField("pausedAt")) >= 0;
  touch(); // go on
  step(17000);
  touch(); // home
  const rescued = recordsNow()
    .map((f) => record(f))
    .map((r) => (typeof r === "string" ? "does not decode: " + r : r));
  const rescuedIds = rescued.map((r) => (typeof r === "string" ? r : r.id)).sort();
  const expectedIds = legacyIds
    .map((id) => wholeMsId(id) ?? "no whole id for " + id)
    .concat(wholeMsId(sessionId) ?? [])
    .sort();
  report.push(
    `5. version 0.02 on the fractional clock (Date.now() ${fractionalNow}): files ${legacyFiles.join(", ")} (ids ${legacyIds.join(", ")}); left mid-hold (session ${sessionId}); today's app installed and opened: ${resumed ? "resumed" : "not resumed"}; records ${rescued
      .map((r) =>
        typeof r === "string" ? r : `${r.id} (completed ${r.completed}, time unknown ${r.timeUnknown === true})`,
      )
      .join(", ")}; files left: ${files().join(", ")}`,
  );
  if (legacyFiles.length !== 2 || legacyIds.some((id) => id.indexOf(".") < 0))
    problems.push("version 0.02 did not leave its two results under fractional ids: " + legacyFiles.join(", "));
  if (!resumed) problems.push("the session 0.02 left mid-hold was not resumed");
  if (rescuedIds.join() !== expectedIds.join())
    problems.push(`expected the records ${expectedIds.join(", ")}, got ${rescuedIds.join(", ")}`);
  if (files().some((f) => f.indexOf(".", "steadyhold.r".length) >= 0))
    problems.push("a file under a fractional id was left: " + files().join(", "));

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
