// The results version 0.02 could never send, rescued at launch. 0.02 made session ids from Espruino's
// fractional Date.now() ("mx2z9q80.9py14i-52yn"); the profile refuses the ".", so it left (test/
// bangle-rescue.test.ts runs its built file; `git show 1a49a62:wearables/bangle/src/store.ts`):
//   steadyhold.x<id>  the finished result as JSON, kept aside because its record could not be encoded;
//   steadyhold.u<id>  {timeline, result}: recorded on a clock never set, and never placed (0.02's own
//                     listing skipped the id);
// each under "steadyhold.x" + id cut to 28 characters by the firmware (the id itself is in the JSON),
// and no steadyhold.r<id> (0.02's encoder refused the id before writing). The session file is
// rescued as it is read (store.ts loadSessionFile), and then resumed or closed as today's are.
// Each such file goes on under the id 0.03 makes (wholeMsId: the same one every time) with its times
// in whole ms: a waiting one waits on (the clock places it, or sends it time unknown), a set-aside one
// becomes its record — offered as any unsent result — or, when that cannot be (a time on the unset
// clock; a bound the record breaks), set-aside JSON as today's are. The new file is written, and
// read back whole, before the old one is erased; a reset in between leaves both, and the next launch
// finds the new one kept (isResultKept) and erases the old one: never lost, never two ids.
// A file that still cannot be read is kept aside (a waiting one moved to steadyhold.x, its bytes
// unchanged; a set-aside one left as it is), never erased, with a log line at each launch.
import { isClockSet } from "../../../common/clock-correction";
import { SessionResult } from "../../../common/result";
import { SESSION_ASIDE_PREFIX, isResultKept, writeJson, writeRecord, writeText } from "./store";
import { wholeMsId, wholeMsResult } from "./whole-ms";

const storage = require("Storage");
/** Result files of every kind: records (r), waiting for the clock (u), set aside (x). */
const RESULT_FILES = /^steadyhold\.[rux]/;
/** "steadyhold." and the kind's letter: the id follows. */
const ID_AT = 12;
/** The firmware cuts a longer Storage name to its first 28 characters. */
const MAX_FILE_NAME = 28;

/**
 * Rescues every result file whose name has a "." in its id (version 0.02's, and 0.01's alike), before
 * anything offers or places results. Returns how many went on under a whole-ms id.
 */
export function rescueFractionalIds(): number {
  const names = storage.list(RESULT_FILES);
  let rescued = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (name.indexOf(".", ID_AT) >= 0 && name.indexOf(SESSION_ASIDE_PREFIX) !== 0 && rescueFile(name)) rescued++;
  }
  return rescued;
}

/**
 * True when version 0.02 left the result of its session `legacyId` readable under its own name (set
 * aside, or waiting for the clock), not rescued yet (the flash was full): 0.02 wrote it as that
 * session finished, so the session file left beside it is an earlier save of a finished session —
 * to be dropped, not closed as a partial result that would take the whole-ms id first (app.ts).
 */
export function isLegacyResultLeft(legacyId: string): boolean {
  const kinds = ["x", "u"];
  for (let i = 0; i < kinds.length; i++) {
    const name = ("steadyhold." + kinds[i] + legacyId).slice(0, MAX_FILE_NAME);
    const value = storage.readJSON(name, true) as { [key: string]: unknown } | undefined;
    const result = (kinds[i] === "u" && value !== undefined && value !== null ? value.result : value) as
      SessionResult | null | undefined;
    if (result !== undefined && result !== null && isReadable(result, name, kinds[i], value) && result.id === legacyId)
      return true;
  }
  return false;
}

/** One file of kind r, u or x: true when it went on under its whole-ms id (and the old one is erased). */
function rescueFile(name: string): boolean {
  const kind = name.charAt(ID_AT - 1);
  // A record's bytes are not JSON (and 0.02 wrote none): kept aside like any unreadable file.
  const value = kind === "r" ? undefined : (storage.readJSON(name, true) as { [key: string]: unknown } | undefined);
  const result = (kind === "u" && value !== undefined && value !== null ? value.result : value) as
    SessionResult | null | undefined;
  const id = result !== undefined && result !== null ? wholeMsId(result.id) : null;
  if (id === null || !isReadable(result as SessionResult, name, kind, value)) return keepAside(name, kind);
  const legacyId = (result as SessionResult).id;
  const whole = wholeMsResult(result as SessionResult, id);
  // Already kept under the new id: a reset came after that write and before the erase below.
  if (!isResultKept(id)) {
    const written =
      kind === "u"
        ? writeJson("steadyhold.u" + id, { timeline: (value as { timeline: number }).timeline, result: whole })
        : // A time on the unset clock cannot be a record yet: it waits aside (sent time unknown once set).
          (isClockSet(whole.startedAt) && writeRecord(whole)) || writeJson("steadyhold.x" + id, whole);
    // Read back: only a new file that is whole lets the old one go.
    if (!written || !isResultKept(id)) {
      console.log("results: " + legacyId + " of version 0.01/0.02 not rescued yet (flash full?); kept as " + name);
      return false;
    }
  }
  storage.erase(name);
  console.log("results: " + legacyId + " of version 0.01/0.02 goes on as " + id);
  return true;
}

/** True when `result` (from file `name` of kind u or x, whose JSON is `value`) is a whole result of the id its name was cut from. */
function isReadable(result: SessionResult, name: string, kind: string, value: unknown): boolean {
  return (
    typeof result === "object" &&
    name === ("steadyhold." + kind + result.id).slice(0, MAX_FILE_NAME) &&
    typeof result.startedAt === "number" &&
    isFinite(result.startedAt) &&
    typeof result.endedAt === "number" &&
    isFinite(result.endedAt) &&
    Array.isArray(result.holds) &&
    typeof result.routine === "object" &&
    result.routine !== null &&
    (kind !== "u" || typeof (value as { timeline?: unknown }).timeline === "number")
  );
}

/**
 * A file that cannot be read beyond its id: a set-aside one stays where it is; a waiting one or a
 * record is moved aside (its bytes written to steadyhold.x first, then it goes), so the home screen
 * counts it as kept, not sent. Never erased without its copy. Returns false (not rescued).
 */
function keepAside(name: string, kind: string): boolean {
  if (kind === "x") {
    console.log("results: " + name + " of version 0.01/0.02 cannot be read; kept aside");
    return false;
  }
  const aside = "steadyhold.x" + name.slice(ID_AT);
  const text = storage.read(name) as string;
  const there = storage.read(aside);
  const moved = there === text || (there === undefined && writeText(aside, text) && storage.read(aside) === text);
  if (moved) storage.erase(name);
  console.log("results: " + name + " of version 0.01/0.02 cannot be read; kept aside" + (moved ? " as " + aside : ""));
  return false;
}
