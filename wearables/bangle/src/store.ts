// Everything the app keeps in Storage (flash). Files, all named "steadyhold.*" (App Loader "data"):
//   steadyhold.json          the routine in force (written by the companion over GATT)
//   steadyhold.json.new      the same routine, written first and erased once steadyhold.json is
//                            written (see saveRoutine)
//   steadyhold.session.json  the running session, saved at every phase change and on exit (on an
//                            unset clock with that clock's timeline: resumed or placed only on it)
//   steadyhold.session.new   the same save, written first and erased once the session file is
//                            written: the firmware erases a file before writing its new version, so a
//                            reset in between leaves this copy whole (see saveSession)
//   steadyhold.r<id>         one unsent result each, as its GATT result record (the bytes sent),
//                            oldest first by id (ids start with the start time in base 36)
//   steadyhold.u<id>         a result recorded while the watch's clock was not set, as JSON with the
//                            clock's timeline (common/clock-correction.ts): it becomes a record
//                            (steadyhold.r<id>, written before this file is erased) once the clock is set
//   steadyhold.w<id>         the same waiting result moved with the unset clock, written (and read back)
//                            before steadyhold.u<id> is rewritten, erased once it is (see rewriteUnplaced)
//   steadyhold.clock.json    the unset clock's latest timeline; written while the clock is unset and
//                            kept once it is set, so a timeline number is never used twice
//   steadyhold.x<id>         a result set aside: a record the peripheral found damaged, or a result
//                            that could not be encoded or written (JSON, never offered); and results
//                            version 0.01 set aside for an unset clock (sent once the clock is set)
//   steadyhold.xsession.<t>  a session file version 0.02 saved that cannot be read (kept, never sent)
//   steadyhold.spare         erased flash kept for a session's result (the most the routine's can take):
//                            erased to give it room when the flash is full (see keepSpare)
//   steadyhold.probe         written and erased at once before a session starts, to learn whether
//                            the session's saves fit (see hasRoomForSaves)
// Files version 0.02 (and 0.01) left under a fractional-ms id ("." in it) go on under a whole-ms one
// at launch (rescue.ts; the session file as it is read, loadSessionFile).
// A file is written by one Storage.write call, which is NOT atomic: Espruino's jsfWriteFile erases
// the old file first, then writes the new header and then its contents, so a reset in between
// leaves no file, or one of the right size whose tail is erased flash (0xFF). So the session file
// is saved twice (a copy first), and a result file is trusted only when it decodes: until then the
// session file (which holds the finished session) stays, and the next launch writes the result
// again from it. A result is written before it is offered over GATT and erased only on the
// central's ACK_RESULT.
// On the firmware Storage.write THROWS when the flash is full ("Unable to find or create file"):
// every write here goes through writeText/writeJson, which answer false instead, and a file is
// erased only after the copy that replaces it was written.
// What is read back is checked before use: damaged files are logged and set aside (erased).
import { DEFAULT_ROUTINE, Routine, parseRoutine } from "../../../common/routine";
import { SessionResult } from "../../../common/result";
import {
  RECORD_FLAG_TIME_UNKNOWN,
  RESULT_RECORD_LAYOUT,
  encodeResultRecord,
  recoverTornRecord,
  storedRecordFault,
} from "../../../common/gatt-profile";
import { CLOCK_SET_FROM_MS, ClockTimeline, UnplacedResult } from "../../../common/clock-correction";
import { Phase, SessionState, reduceSession } from "../../../common/session";
import { isFractionalId, wholeMsId, wholeMsState } from "./whole-ms";
import { wholeNow } from "./time";
import { resultRoomBytes, saveRoomBytes } from "../../../common/result-room";

const storage = require("Storage");
const ROUTINE_FILE = "steadyhold.json";
const SESSION_FILE = "steadyhold.session.json";
const SESSION_COPY = "steadyhold.session.new";
const ROUTINE_COPY = "steadyhold.json.new";
/** True when the newest whole save is the copy alone (the session file was refused, or is older: see saveSession). */
let onlyInCopy = false;
/** True when the routine in force is stored in its copy alone (see saveRoutine, loadRoutine). */
let routineOnlyInCopy = false;
const RESULT_PREFIX = "steadyhold.r";
const RESULT_FILES = /^steadyhold\.r/;
const SET_ASIDE_PREFIX = "steadyhold.x";
const SET_ASIDE_FILES = /^steadyhold\.x/;
const UNPLACED_PREFIX = "steadyhold.u";
const UNPLACED_FILES = /^steadyhold\.u/;
const UNPLACED_COPY_PREFIX = "steadyhold.w";
const UNPLACED_COPY_FILES = /^steadyhold\.w/;
const TIMELINE_FILE = "steadyhold.clock.json";
/** A session file version 0.02 saved that cannot be read, kept aside: + the time it was found in base 36. */
export const SESSION_ASIDE_PREFIX = "steadyhold.xsession.";
const SESSION_ASIDE_FILES = /^steadyhold\.xsession\./;
/**
 * Session files version 0.02 saved that cannot be read and whose copy aside the full flash refused:
 * they stay where they are, and no session starts (its saves would overwrite them) until
 * keepLegacySessionsAside has kept them.
 */
let legacySessionsLeft: string[] = [];
/**
 * Session ids are "<base-36 time>-<4 chars>": 1–32 characters of [0-9a-z-] (the wire bound). The
 * length is checked apart: Espruino 2v29's RegExp fails every `{1,32}` quantifier (on the firmware
 * emulator `/^[a-z]{1,32}$/.test("abc")` is false), which left every stored result unlisted there.
 */
const ID_CHARACTERS = /^[0-9a-z-]+$/;
const MAX_ID_LENGTH = 32;

function isSessionId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && ID_CHARACTERS.test(id);
}
const PHASES: Phase[] = ["idle", "get-ready", "hold", "rest", "switch", "done"];

export interface SavedSession {
  savedAt: number;
  state: SessionState;
  /** The unset clock's timeline when it was saved (common/clock-correction.ts); absent on a set clock. */
  timeline?: number;
  /** As read: the fractional-ms id version 0.02 saved it under (state.id is its whole-ms one). Never written. */
  legacyId?: string;
}

/** An exception's message alone ("Unable to find or create file"), for a log line that is not an uncaught error's. */
function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/**
 * Storage.write, false when it failed: the firmware throws when the flash is full, or returns false.
 * With `size`: a file of that many bytes, `text` at its start and erased flash after it.
 */
export function writeText(name: string, text: string, size?: number): boolean {
  try {
    return (size === undefined ? storage.write(name, text) : storage.write(name, text, 0, size)) !== false;
  } catch (e) {
    console.log("storage: " + name + " not written (" + messageOf(e) + ")");
    return false;
  }
}

/** Storage.writeJSON, false when it failed (see writeText). */
export function writeJson(name: string, value: unknown): boolean {
  try {
    return storage.writeJSON(name, value) !== false;
  } catch (e) {
    console.log("storage: " + name + " not written (" + messageOf(e) + ")");
    return false;
  }
}

export function loadRoutine(): Routine {
  // The copy is never older than the file (see saveRoutine): when it is whole, it is the routine.
  let raw = storage.readJSON(ROUTINE_COPY, true);
  // The file may be older, torn or gone: the copy is kept until a write replaces it (saveRoutine).
  routineOnlyInCopy = raw !== undefined;
  if (raw === undefined) raw = storage.readJSON(ROUTINE_FILE, true);
  if (raw === undefined) return parseRoutine(DEFAULT_ROUTINE).routine;
  const parsed = parseRoutine(raw);
  for (let i = 0; i < parsed.errors.length; i++) console.log("routine: " + parsed.errors[i]);
  return parsed.routine;
}

/**
 * Writes `value` as `file` through `copy`: the copy first (a refused write erases only the copy),
 * then the file (which the firmware erases before rewriting), then the copy goes. While one of them
 * is being written the other is whole. 2: both written (the copy gone); 1: the file was refused, the
 * copy is the save; 0: nothing written, the file as it was stays.
 */
function writeThroughCopy(file: string, copy: string, value: unknown): number {
  if (!writeJson(copy, value)) {
    storage.erase(copy); // a torn or stale copy must not win over the file
    return 0;
  }
  if (!writeJson(file, value)) return 1;
  storage.erase(copy);
  return 2;
}

/**
 * Keeps a routine written by the companion; false when the flash refused it, and then the routine
 * in force stays stored. A file the flash refuses leaves the copy as the routine (loadRoutine reads it first).
 */
export function saveRoutine(routine: Routine): boolean {
  if (routineOnlyInCopy) {
    // The routine in force is in the copy alone (the file was refused, or a reset left the copy):
    // writing the copy first would erase it, and a refused write would leave no routine at all. The
    // file goes first; the copy only once the file is written. A reset in between leaves both, the
    // copy the older: the launch reads it, the routine last answered SUCCESS (this write's answer
    // had not gone yet).
    if (!writeJson(ROUTINE_FILE, routine)) return false;
    storage.erase(ROUTINE_COPY);
    routineOnlyInCopy = false;
    return true;
  }
  const written = writeThroughCopy(ROUTINE_FILE, ROUTINE_COPY, routine);
  routineOnlyInCopy = written === 1;
  return written > 0;
}

/**
 * Saves the session; `timeline` is the unset clock's timeline, or -1 on a set clock. False when not
 * written. A reset at any moment leaves a whole save (writeThroughCopy); when both are left whole,
 * the launch takes the further one (loadSession).
 */
export function saveSession(state: SessionState, nowMs: number, timeline: number): boolean {
  const saved: SavedSession = { savedAt: nowMs, state: state };
  if (timeline >= 0) saved.timeline = timeline;
  if (onlyInCopy) {
    // The last whole save is the copy alone: the session file is written first this time, so a
    // refused write (which erases the file it replaces) cannot take that copy with it. A reset
    // before the copy is erased leaves both, the copy one save older: the launch takes the file.
    if (!writeJson(SESSION_FILE, saved)) return false;
    storage.erase(SESSION_COPY);
    onlyInCopy = false;
    return true;
  }
  // When the session file cannot be written (flash full), the copy is the save: it stays.
  const written = writeThroughCopy(SESSION_FILE, SESSION_COPY, saved);
  onlyInCopy = written === 1;
  return written > 0;
}

/** Erases the session's saves, the copy last. */
export function forgetSession(): void {
  storage.erase(SESSION_FILE);
  storage.erase(SESSION_COPY);
  onlyInCopy = false;
}

/**
 * The saved session — the copy when it is whole (a reset came before it was erased: it is the
 * newest), else the session file — or null when there is none. A file that does not decode is
 * logged and erased.
 */
export function loadSession(): SavedSession | null {
  const copy = loadSessionFile(SESSION_COPY);
  const file = loadSessionFile(SESSION_FILE);
  // Both whole: a reset came between two writes of one save. Usually the copy is the newer, but after
  // a save that wrote the session file first (onlyInCopy) it is the older: the further session wins.
  const useCopy = copy !== null && (file === null || progressOf(copy) >= progressOf(file));
  onlyInCopy = useCopy; // the session file may be older, torn or gone: the copy is kept until a save replaces it
  return useCopy ? copy : file;
}

/** How far a save got: its holds, then done or not, then its time (saves of one session only move on). */
function progressOf(saved: SavedSession): number {
  return (saved.state.holds.length * 2 + (saved.state.phase === "done" ? 1 : 0)) * 1e13 + saved.savedAt;
}

function loadSessionFile(name: string): SavedSession | null {
  let saved = storage.readJSON(name, true) as SavedSession | undefined;
  if (saved === undefined) {
    // Present but not JSON: torn by a reset as it was written (its tail is erased flash). Today's
    // saves have a whole copy (saveSession); 0.02 wrote its one file with none, so a torn 0.02 save
    // is all that is left of that session: kept aside, never erased.
    const text = storage.read(name);
    if (text !== undefined && isLegacySaveText(text as string)) keepSessionAside(name, "torn");
    else if (text !== undefined) {
      console.log("session: " + name + " torn; erased");
      storage.erase(name);
    }
    return null;
  }
  const legacyId = saved !== null && typeof saved === "object" && saved.state ? saved.state.id : undefined;
  const wholeId = wholeMsId(legacyId);
  if (wholeId !== null) {
    // Saved by version 0.02 (a fractional-ms id): it goes on under the id 0.03 makes, always the
    // same one, so its result is one session however often a reset makes this launch run again.
    // Only the next save writes it so; until then the file keeps the old id, read the same way.
    console.log("session: " + legacyId + " of version 0.02 goes on as " + wholeId);
    try {
      saved = {
        savedAt: Math.floor(saved.savedAt),
        state: wholeMsState(saved.state, wholeId),
        timeline: saved.timeline,
        legacyId: legacyId as string,
      };
      if (saved.timeline === undefined) delete saved.timeline;
    } catch (e) {
      // A state that is not an object of numbers: damaged beyond the id (below).
    }
  }
  try {
    const s = saved.state;
    if (
      PHASES.indexOf(s.phase) >= 0 &&
      typeof saved.savedAt === "number" &&
      isFinite(saved.savedAt) &&
      isFinite(s.startedAt) &&
      typeof s.id === "string" &&
      isSessionId(s.id) &&
      (saved.timeline === undefined || typeof saved.timeline === "number")
    ) {
      reduceSession(s, { type: "tick" }, saved.savedAt); // throws on damaged holds
      return saved;
    }
  } catch (e) {
    console.log("session: " + e);
  }
  if (isFractionalId(legacyId)) {
    // A session version 0.02 saved that cannot be read beyond its id: kept aside, never erased.
    keepSessionAside(name, "cannot be read");
    return null;
  }
  console.log("session: damaged " + (name === SESSION_FILE ? "file" : "copy") + " set aside");
  storage.erase(name);
  return null;
}

/**
 * True when `text`, a save that is not JSON (torn), was written by version 0.02: its savedAt (the
 * first field) or its session id (the state's first "id": the routine has none) has a fraction.
 * Today's saves have neither (whole ms, and whole-ms ids). savedAt decides first: 0.02's id is a
 * whole ms once in a while (review 18), its save time almost never.
 */
function isLegacySaveText(text: string): boolean {
  const SAVED_AT_KEY = '{"savedAt":';
  if (text.indexOf(SAVED_AT_KEY) === 0) {
    let i = SAVED_AT_KEY.length;
    while (i < text.length && text.charCodeAt(i) >= 48 && text.charCodeAt(i) <= 57) i++;
    if (i > SAVED_AT_KEY.length && text.charAt(i) === ".") return true;
  }
  const ID_KEY = '"id":"';
  const at = text.indexOf(ID_KEY);
  const end = at >= 0 ? text.indexOf('"', at + ID_KEY.length) : -1;
  return end >= 0 && isFractionalId(text.slice(at + ID_KEY.length, end));
}

/**
 * True when `copy` holds `text`, whole or torn as it was written (the same size, its tail erased
 * flash from where the write stopped).
 */
function isCopyOf(copy: string, text: string): boolean {
  if (copy === text) return true;
  if (copy.length !== text.length) return false;
  let i = 0;
  while (i < text.length && copy.charCodeAt(i) === text.charCodeAt(i)) i++;
  while (i < copy.length && copy.charCodeAt(i) === 0xff) i++;
  return i === copy.length;
}

/**
 * Keeps the bytes of session file `name` (version 0.02's: `why` it cannot be read) aside as
 * steadyhold.xsession.<time in base 36>, read back whole, then erases it. A copy a reset left
 * (written, or torn while written, before the erase) is that same file: it is used, not made again,
 * so the file is kept aside once. When the flash refuses the copy, the file stays and is
 * remembered: no session starts until it is kept (keepLegacySessionsAside). True when kept.
 */
function keepSessionAside(name: string, why: string): boolean {
  const text = storage.read(name) as string;
  const asides = storage.list(SESSION_ASIDE_FILES);
  let aside = "";
  for (let i = 0; i < asides.length && aside === ""; i++) {
    if (isCopyOf(storage.read(asides[i]) as string, text)) aside = asides[i];
  }
  if (aside === "") {
    let time = wholeNow();
    while (storage.read(SESSION_ASIDE_PREFIX + time.toString(36)) !== undefined) time++; // two in one ms
    aside = SESSION_ASIDE_PREFIX + time.toString(36);
  }
  const kept = storage.read(aside) === text || (writeText(aside, text) && storage.read(aside) === text);
  console.log(
    "session: " +
      name +
      " of version 0.02 " +
      why +
      "; " +
      (kept ? "kept aside as " + aside : "not kept aside (flash full?): no session starts until it is"),
  );
  if (kept) storage.erase(name);
  else if (legacySessionsLeft.indexOf(name) < 0) legacySessionsLeft.push(name);
  return kept;
}

/**
 * Tries again to keep aside the session files of version 0.02 the full flash left where they are
 * (before a session starts: its saves would overwrite them). True when none is left.
 */
export function keepLegacySessionsAside(): boolean {
  const left: string[] = [];
  for (let i = 0; i < legacySessionsLeft.length; i++) {
    const name = legacySessionsLeft[i];
    if (storage.read(name) !== undefined && !keepSessionAside(name, "cannot be read")) left.push(name);
  }
  legacySessionsLeft = left;
  return left.length === 0;
}

function idsOf(files: RegExp, prefix: string): string[] {
  const names = storage.list(files);
  const ids: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const id = names[i].slice(prefix.length);
    if (isSessionId(id)) ids.push(id);
  }
  return ids.sort();
}

/**
 * True when the stored record carries the time-unknown flag (its byte after layout, id length, id,
 * u64 start and u32 duration). Espruino's Storage.read maps the file without copying it.
 */
function isTimeUnknown(id: string): boolean {
  const text = storage.read(RESULT_PREFIX + id);
  const at = 2 + id.length + 12;
  return text !== undefined && text.length > at && (text.charCodeAt(at) & RECORD_FLAG_TIME_UNKNOWN) !== 0;
}

/**
 * Ids of unsent results, oldest first by id — and those whose time is unknown after all the others:
 * a profile 1.0 central stops at such a record, so everything else reaches it first.
 */
export function pendingIds(): string[] {
  const ids = idsOf(RESULT_FILES, RESULT_PREFIX);
  const known: string[] = [];
  const unknown: string[] = [];
  for (let i = 0; i < ids.length; i++) (isTimeUnknown(ids[i]) ? unknown : known).push(ids[i]);
  return known.concat(unknown);
}

/** Ids of results recorded on an unset clock, waiting for it to be set (a copy left alone counts). */
export function unplacedIds(): string[] {
  const ids = idsOf(UNPLACED_FILES, UNPLACED_PREFIX);
  const copies = idsOf(UNPLACED_COPY_FILES, UNPLACED_COPY_PREFIX);
  for (let i = 0; i < copies.length; i++) if (ids.indexOf(copies[i]) < 0) ids.push(copies[i]);
  return ids.sort();
}

/** True when `value` (read from a waiting file) is the waiting result of `id`. */
function isUnplacedOf(value: UnplacedResult | null | undefined, id: string): boolean {
  return (
    value !== undefined &&
    value !== null &&
    typeof value.timeline === "number" &&
    value.result !== undefined &&
    value.result !== null &&
    value.result.id === id &&
    typeof value.result.startedAt === "number" &&
    typeof value.result.endedAt === "number"
  );
}

/** Keeps the bytes of waiting file `name` (of `id`) aside; erased only once they are (else it stays, skipped, never lost). */
function keepUnplacedAside(name: string, id: string, why: string): void {
  console.log("results: " + name + " " + why + "; kept aside");
  const text = storage.read(name);
  if (text !== undefined && writeText(SET_ASIDE_PREFIX + id, text)) storage.erase(name);
}

/**
 * An unplaced result, or null when it is missing or damaged. A whole copy (steadyhold.w<id>) is the
 * newest: a reset came during the rewrite it was made for (rewriteUnplaced), so the waiting file is
 * written again from it, then the copy goes. A copy that does not read back was torn as it was
 * written, before the waiting file was touched: it is erased. A waiting file that is not the result's
 * JSON — damaged, or torn by a reset as it was written (its tail erased flash) — is set aside, its
 * bytes kept, and logged: never skipped silently for good.
 */
export function readUnplaced(id: string): UnplacedResult | null {
  const name = UNPLACED_PREFIX + id;
  const copyName = UNPLACED_COPY_PREFIX + id;
  if (storage.read(copyName) !== undefined) {
    const copy = storage.readJSON(copyName, true) as UnplacedResult | undefined;
    if (isUnplacedOf(copy, id)) {
      // The full flash refusing the file leaves the copy as the save (read first, here, next time).
      if (writeJson(name, copy) && isUnplacedOf(storage.readJSON(name, true) as UnplacedResult | undefined, id))
        storage.erase(copyName);
      return copy as UnplacedResult;
    }
    if (storage.read(name) !== undefined) {
      console.log("results: " + copyName + " torn by a reset; erased (" + name + " is whole)");
      storage.erase(copyName);
    } else keepUnplacedAside(copyName, id, "damaged, and no waiting file");
  }
  if (storage.read(name) === undefined) return null;
  const saved = storage.readJSON(name, true) as UnplacedResult | undefined;
  if (isUnplacedOf(saved, id)) return saved as UnplacedResult;
  keepUnplacedAside(name, id, saved === undefined ? "is not JSON (torn by a reset?)" : "is damaged");
  return null;
}

/**
 * Rewrites a waiting result (moved with the unset clock) through a copy: steadyhold.w<id> is written
 * and read back before steadyhold.u<id> (the only other copy: the firmware erases it before writing
 * its new version) is rewritten, and goes once it is. A reset at any moment leaves one of them whole
 * (readUnplaced). False when not moved (the copy refused: the waiting file stays as it was). When
 * the file is refused, the copy is the save: moved, true. A copy still there then (the full flash
 * refused the file again as readUnplaced wrote it) is the only save: not overwritten, so false (the
 * caller sends it with its time unknown, never at a wrong time).
 */
export function rewriteUnplaced(unplaced: UnplacedResult): boolean {
  const id = unplaced.result.id;
  const copyName = UNPLACED_COPY_PREFIX + id;
  if (storage.read(copyName) !== undefined) return false;
  const back = writeJson(copyName, unplaced)
    ? (storage.readJSON(copyName, true) as UnplacedResult | undefined)
    : undefined;
  if (
    !isUnplacedOf(back, id) ||
    (back as UnplacedResult).timeline !== unplaced.timeline ||
    (back as UnplacedResult).result.startedAt !== unplaced.result.startedAt
  ) {
    storage.erase(copyName); // refused or not read back: the waiting file is untouched
    return false;
  }
  if (writeJson(UNPLACED_PREFIX + id, unplaced)) storage.erase(copyName);
  else console.log("results: " + id + " moved; kept in its copy (flash full?)");
  return true;
}

/**
 * Keeps a result recorded on the unset clock (one write) until the clock is set; if that fails, as
 * JSON set aside (such a result from before 2020 is sent time unknown once the clock is set, as
 * version 0.01's are). False when neither was written (the flash is full).
 */
export function storeUnplaced(unplaced: UnplacedResult): boolean {
  if (writeJson(UNPLACED_PREFIX + unplaced.result.id, unplaced)) return true;
  console.log("results: " + unplaced.result.id + " could not be written (flash full?); kept aside");
  return writeJson(SET_ASIDE_PREFIX + unplaced.result.id, unplaced.result);
}

/**
 * Results set aside as JSON (unlike a damaged record's bytes): not written as a record (the flash
 * was full), not encodable, or — `unsetOnly`, those recorded on an unset clock (before 2020) —
 * version 0.01's for an unset clock, whose correction is long lost.
 */
export function setAsideResults(unsetOnly: boolean): SessionResult[] {
  const names = storage.list(SET_ASIDE_FILES);
  const found: SessionResult[] = [];
  for (let i = 0; i < names.length; i++) {
    const r = storage.readJSON(names[i], true) as SessionResult | undefined;
    if (
      r !== undefined &&
      r !== null &&
      typeof r === "object" &&
      r.id === names[i].slice(SET_ASIDE_PREFIX.length) &&
      typeof r.startedAt === "number" &&
      typeof r.endedAt === "number" &&
      (!unsetOnly || r.startedAt < CLOCK_SET_FROM_MS)
    )
      found.push(r);
  }
  return found;
}

/** Erases a set-aside result once its record is written. */
export function forgetSetAside(id: string): void {
  storage.erase(SET_ASIDE_PREFIX + id);
}

/** Drops an unplaced result once its record (or set-aside copy) is written, its rewrite's copy last. */
export function forgetUnplaced(id: string): void {
  storage.erase(UNPLACED_PREFIX + id);
  storage.erase(UNPLACED_COPY_PREFIX + id);
}

/** True when a result with this id waits to be sent (its record is written). */
export function hasRecord(id: string): boolean {
  return storage.read(RESULT_PREFIX + id) !== undefined;
}

/**
 * True when the record of `id` is on flash whole (a reset can tear a write): the check the GATT
 * peripheral makes before offering it, so a record taken for whole here is never set aside there.
 */
export function hasWholeRecord(id: string): boolean {
  const bytes = readRecord(id);
  return bytes !== null && storedRecordFault(bytes, id) === "";
}

/**
 * Erases each record a reset tore as the clock placed it (clock.ts placeAll) or wrote it from a
 * set-aside copy: that copy is still whole and writes it again. Called at launch, before GATT offers
 * results: the peripheral would set the torn record aside as damaged (over a set-aside copy, its only
 * good one) and skip its id for the whole connection, so the session would not reach the central.
 */
export function eraseTornPlacedRecords(): void {
  const ids = idsOf(RESULT_FILES, RESULT_PREFIX);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const copied =
      isResultJson(UNPLACED_PREFIX + id, id, "result") ||
      isResultJson(UNPLACED_COPY_PREFIX + id, id, "result") ||
      isResultJson(SET_ASIDE_PREFIX + id, id, "");
    if (copied && !hasWholeRecord(id)) {
      console.log("results: " + RESULT_PREFIX + id + " torn by a reset; written again from its copy");
      storage.erase(RESULT_PREFIX + id);
    }
  }
}

/**
 * Recovers the sessions of records a reset tore and an app before 0.06 set aside as damaged (its
 * check took them for whole, so the copy each was written from went; the peripheral then moved the
 * torn bytes to steadyhold.x<id>). One whose session is kept whole elsewhere (its record, waiting
 * file or copy) is a stale copy: it goes. Otherwise the whole part before the tear becomes its
 * record (recoverTornRecord), written and checked before the bytes go; the same id every time, so a
 * reset in between, or a whole record sent before, gives the central one session. A torn header, or
 * a record damaged otherwise, stays kept aside. Called at launch after the session file is dealt
 * with (its torn result is written again from it: eraseTornResult) and before GATT starts.
 */
export function recoverTornSetAside(): void {
  const ids = idsOf(SET_ASIDE_FILES, SET_ASIDE_PREFIX);
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    const name = SET_ASIDE_PREFIX + id;
    const text = storage.read(name) as string;
    if (text.charCodeAt(0) !== RESULT_RECORD_LAYOUT) continue; // a result kept aside as JSON
    if (
      hasWholeRecord(id) ||
      isResultJson(UNPLACED_PREFIX + id, id, "result") ||
      isResultJson(UNPLACED_COPY_PREFIX + id, id, "result")
    ) {
      console.log("results: " + name + " (a torn record) erased: its session is kept whole");
      storage.erase(name);
      continue;
    }
    const recovered = recoverTornRecord(bytesOf(text), id);
    if (recovered !== null && writeBytes(RESULT_PREFIX + id, recovered) && hasWholeRecord(id)) {
      console.log(
        "results: " + name + " (a torn record) recovered: " + recovered.length + " of " + text.length + " bytes",
      );
      storage.erase(name);
    }
  }
}

/** The JSON in `name` when it is an object whose `key` (or itself) is the result of `id`. */
function isResultJson(name: string, id: string, key: string): boolean {
  const value = storage.readJSON(name, true) as { [key: string]: unknown } | null | undefined;
  const result = (key !== "" && value !== undefined && value !== null ? value[key] : value) as
    { id?: unknown } | null | undefined;
  return result !== undefined && result !== null && typeof result === "object" && result.id === id;
}

/**
 * True when the result of session `id` is kept whole in some form: its record decodes, or its
 * waiting (unset clock) or set-aside JSON reads back. Only then may its session file go.
 */
export function isResultKept(id: string): boolean {
  return (
    hasWholeRecord(id) ||
    isResultJson(UNPLACED_PREFIX + id, id, "result") ||
    isResultJson(UNPLACED_COPY_PREFIX + id, id, "result") ||
    isResultJson(SET_ASIDE_PREFIX + id, id, "")
  );
}

/**
 * Erases the files of the result of `id` that a reset tore (none decodes: see isResultKept), before
 * the session file writes the result again: a torn record would be set aside as damaged, and a torn
 * waiting file would be taken for the result once the clock is set.
 */
export function eraseTornResult(id: string): void {
  const names = [RESULT_PREFIX + id, UNPLACED_PREFIX + id, UNPLACED_COPY_PREFIX + id, SET_ASIDE_PREFIX + id];
  for (let i = 0; i < names.length; i++) {
    if (storage.read(names[i]) !== undefined) {
      console.log("results: " + names[i] + " torn by a reset; written again from the session");
      storage.erase(names[i]);
    }
  }
}

/** True when a result with this id is kept in any form: a record, waiting for the clock, or set aside. */
export function hasResult(id: string): boolean {
  return (
    hasRecord(id) ||
    storage.read(UNPLACED_PREFIX + id) !== undefined ||
    storage.read(UNPLACED_COPY_PREFIX + id) !== undefined ||
    storage.read(SET_ASIDE_PREFIX + id) !== undefined
  );
}

export function loadTimeline(): ClockTimeline | null {
  const t = storage.readJSON(TIMELINE_FILE, true) as ClockTimeline | undefined;
  return t !== undefined && t !== null && typeof t.number === "number" && typeof t.latestMs === "number" ? t : null;
}

/**
 * The highest unset-clock timeline anything kept was recorded on — a waiting result (or its copy),
 * the saved session (or its copy) — or 0 when none. The timeline file alone numbers power-ups, and
 * a full flash can leave none (the firmware erases it before refusing its new version).
 */
export function highestKeptTimeline(): number {
  let highest = 0;
  const names = storage.list(UNPLACED_FILES).concat(storage.list(UNPLACED_COPY_FILES), [SESSION_FILE, SESSION_COPY]);
  for (let i = 0; i < names.length; i++) {
    const kept = storage.readJSON(names[i], true) as { timeline?: unknown } | null | undefined;
    if (kept !== undefined && kept !== null && typeof kept.timeline === "number" && kept.timeline > highest)
      highest = kept.timeline;
  }
  return highest;
}

export function saveTimeline(timeline: ClockTimeline): boolean {
  return writeJson(TIMELINE_FILE, timeline);
}

/**
 * Results set aside for good (damaged, not sendable over the profile, or not written): kept on the
 * watch, not sent (a result the full flash kept as JSON is tried again at each launch on a set
 * clock). `stranded`: how many of the set-aside files are unset-clock results (setAsideResults(true)),
 * which are sent once the clock is set and so are not counted.
 */
export function setAsideCount(stranded: number): number {
  return storage.list(SET_ASIDE_FILES).length - stranded;
}

/**
 * Writes a result's GATT record (one write); false when it cannot be encoded or written. Storing
 * the same session again overwrites it.
 */
export function writeRecord(result: SessionResult): boolean {
  const record = encodeResultRecord(result);
  if (!record.ok) {
    console.log("results: " + result.id + " cannot be sent (" + record.reason + ")");
    return false;
  }
  return writeBytes(RESULT_PREFIX + result.id, record.value);
}

/** Writes `bytes` as file `name` (one write); false when it failed. */
function writeBytes(name: string, bytes: Uint8Array): boolean {
  let text = "";
  for (let i = 0; i < bytes.length; i++) text += String.fromCharCode(bytes[i]);
  return writeText(name, text);
}

/** A file's text as bytes. */
function bytesOf(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/**
 * Durably keeps a result until a central acknowledges it: its record, or (not encodable, or the
 * flash full) the result as JSON set aside. An unsent result is never dropped to make room (a
 * record is at most 2.2 KB of several MB of flash). False when neither could be written.
 */
export function storeResult(result: SessionResult): boolean {
  if (writeRecord(result)) return true;
  console.log("results: " + result.id + " kept aside");
  return writeJson(SET_ASIDE_PREFIX + result.id, result);
}

/**
 * Room kept for a session's result: made before a session starts (keepSpare) and erased to give its
 * room to the result when the full flash refuses it (useSpare), so a flash other apps fill during a
 * session never leaves its result in memory only (where holding the button to leave lost it). Its
 * size is the most the routine's result can take (common/result-room.ts), with the 100 warnings a
 * hold the engine keeps: its record, or while the clock is not set its JSON waiting for the clock
 * (478 B and 1.9 KB for 1 × 10 s a leg; 2,150 B and 7.7 KB for 5 × 60 s).
 */
const SPARE_FILE = "steadyhold.spare";
/** Written only to learn whether the session's saves fit, and erased at once (hasRoomForSaves). */
const ROOM_PROBE = "steadyhold.probe";

/**
 * True when the spare holds the most a result of `routine` can take now, written (or grown: one
 * kept for a shorter routine or a set clock) if it did not (false: the flash is full).
 */
export function keepSpare(routine: Routine): boolean {
  const bytes = resultRoomBytes(routine, wholeNow() < CLOCK_SET_FROM_MS);
  const spare = storage.read(SPARE_FILE);
  return (spare !== undefined && spare.length >= bytes) || writeText(SPARE_FILE, "s", bytes);
}

/**
 * True when the flash has room, beside the spare, for the session's saves: the session file and its
 * copy (saveSession), each as large as the routine's largest save and with the firmware's 32-byte
 * header. Learnt by writing a file of that size (erased flash, as the spare) and erasing it: the
 * firmware's own answer, compaction included. A session whose saves fail would leave nothing on
 * flash for a reset to resume or keep.
 */
export function hasRoomForSaves(routine: Routine): boolean {
  if (!writeText(ROOM_PROBE, "s", 2 * saveRoomBytes(routine) + 32)) return false;
  storage.erase(ROOM_PROBE);
  return true;
}

/** Erases the spare, giving its room to a result the full flash refused; false when there was none. */
export function useSpare(): boolean {
  if (storage.read(SPARE_FILE) === undefined) return false;
  console.log("results: flash full; the spare's room goes to the result");
  storage.erase(SPARE_FILE);
  return true;
}

/** The stored record's bytes, or null when there is none. */
export function readRecord(id: string): Uint8Array | null {
  const text = storage.read(RESULT_PREFIX + id);
  return text === undefined ? null : bytesOf(text);
}

/** Deletes an acknowledged result; false when there was none with that id. */
export function deleteResult(id: string): boolean {
  if (!isSessionId(id) || storage.read(RESULT_PREFIX + id) === undefined) return false;
  storage.erase(RESULT_PREFIX + id);
  return true;
}

/** Moves a damaged record out of the queue, keeping its bytes for a look later. */
export function setAsideResult(id: string, reason: string): void {
  const text = storage.read(RESULT_PREFIX + id);
  console.log("results: " + id + " set aside: " + reason);
  // A damaged record is taken out of the queue even when its copy cannot be written (it would be offered again and again).
  if (text !== undefined && !writeText(SET_ASIDE_PREFIX + id, text)) console.log("results: " + id + " bytes not kept");
  storage.erase(RESULT_PREFIX + id);
}
