// The phone's stored session history: add (deduplicated by session id), prune, store and read back.
// The stored list is in ARRIVAL order and bounded by count only: a wrong clock on either side can
// neither prune it nor keep a session forever (docs/data-safety.md). Pure, like all of common/.
import { SessionResult } from "./result";
import { Decoded, SESSION_ID_PATTERN, decodeResultMessage, encodeResultMessage } from "./protocol";
import { DailyStats, emptyStats, parseStats } from "./daily";
import { isIntegerIn } from "./numbers";

/**
 * What stands in for a version-1 result's missing time zone (minutes east of UTC): one offset for
 * every session, or a function giving the reader's offset at a session's start, so a session from
 * the other daylight-saving season gets that season's offset, not the one in force at reading.
 */
export type V1UtcOffset = number | ((startedAt: number) => number);

/** decodeResultMessage with `v1UtcOffset` (see V1UtcOffset) for a version-1 result's time zone. */
export function decodeStoredResult(data: unknown, v1UtcOffset: V1UtcOffset): Decoded<SessionResult> {
  if (typeof v1UtcOffset === "number") return decodeResultMessage(data, v1UtcOffset);
  const decoded = decodeResultMessage(data, 0);
  if (!decoded.ok || !Array.isArray(data) || data[0] !== 1) return decoded;
  // Decoded again with the offset at its start, so that offset is checked like a sent one.
  return decodeResultMessage(data, v1UtcOffset(decoded.value.startedAt));
}

/** 90 days of the maximum daily goal (3): a typical entry is ~300 characters of JSON, so ~80 KB at most in practice. */
export const HISTORY_LIMITS = { maxEntries: 270 };
export interface AddOutcome {
  history: SessionResult[];
  /** False when a session with this id was already stored (the watch resent it). */
  added: boolean;
}

/**
 * Appends a result (arrival order); a result whose id is already stored, or is one of `goneIds` (the
 * sessions no longer stored that are counted already, PrunedSessions.ids), is not added again.
 */
export function addResult(history: SessionResult[], result: SessionResult, goneIds: string[] = []): AddOutcome {
  for (let i = 0; i < history.length; i++) if (history[i].id === result.id) return { history: history, added: false };
  if (goneIds.indexOf(result.id) >= 0) return { history: history, added: false };
  return { history: history.concat([result]), added: true };
}

/**
 * What the stored history keeps of the sessions no longer stored: pruned over
 * HISTORY_LIMITS.maxEntries (`count` of them), or removed for room (counted in droppedForRoom). For
 * both: their completed sessions day by day with the streak they ended (common/daily.ts, as the watch
 * keeps them), so the streak reaches past the sessions kept; the ids of the last few, so a resend of
 * one whose ack was lost is not counted again (review 43); and their holds on HELD_DAYS_KEPT days,
 * so the page's balance covers the sessions its week counts (reviews 43, 46 and 47).
 */
export interface PrunedSessions {
  count: number;
  days: DailyStats;
  /** The ids of the last GONE_IDS_KEPT sessions no longer stored, oldest first. */
  ids: string[];
  /**
   * Their holds per day, days rising, HELD_FIELDS numbers a day: the day (sessionDay), seconds held
   * left, right (each session's rounded: a full phone's every character is a session's room), bounce
   * warnings left, right, and the aids with a steady session (a bit per aid in
   * the progression's order, history-summary.ts AID_ORDER). HELD_DAYS_KEPT days, those the page's
   * week may need first (common/history-summary.ts foldHeld).
   */
  held: number[];
}

/**
 * Ids kept of the sessions no longer stored. The watch resends a result whose ack was lost at every
 * launch and at the end of every later session, so its resend reaches the phone after this many more
 * were removed only when all of its resends were overtaken (or lost) by that many later sessions.
 */
export const GONE_IDS_KEPT = 8;
/** Numbers per day in PrunedSessions.held: day, left s, right s, left warnings, right warnings, steady aids. */
export const HELD_FIELDS = 6;
/**
 * Days kept in PrunedSessions.held: the page's week and one more (a session dated a day ahead after
 * travelling west), about 20 characters each.
 */
export const HELD_DAYS_KEPT = 8;

export function noPrunedSessions(): PrunedSessions {
  return { count: 0, days: emptyStats(), ids: [], held: [] };
}

/** Drops the earliest-arrived sessions beyond maxEntries. No clock is involved, so no clock can empty it. */
export function pruneHistory(
  history: SessionResult[],
  limits: { maxEntries: number } = HISTORY_LIMITS,
): SessionResult[] {
  return history.length > limits.maxEntries ? history.slice(history.length - limits.maxEntries) : history;
}

/** Characters one session takes in serializeHistory's text: its line and the separator. */
export function storedEntryChars(result: SessionResult): number {
  return JSON.stringify(encodeResultMessage(result)).length + 2;
}

export interface DropOutcome {
  history: SessionResult[];
  /** How many sessions were dropped; 0 when only the last one was left (nothing more can go). */
  dropped: number;
}

/**
 * Makes room on a full phone: drops the earliest-arrived sessions whose stored entries add up to at
 * least `chars` characters (fewer when that would take the last one). The LAST session, the one being
 * stored, is never dropped. Arrival order, like pruneHistory: no clock decides what goes.
 */
export function dropEarliestArrived(history: SessionResult[], chars: number): DropOutcome {
  let dropped = 0;
  let freed = 0;
  while (dropped < history.length - 1 && (dropped === 0 || freed < chars)) {
    freed += storedEntryChars(history[dropped]);
    dropped++;
  }
  return { history: dropped === 0 ? history : history.slice(dropped), dropped: dropped };
}

/**
 * The stored history's record of sessions removed to make room on a full phone (in total), written
 * as its first entries when there were any: in the same write as the removal, so no kill between two
 * writes can keep the removal and lose its count. Written twice, one entry a line
 * ({"droppedForRoom":N} and {"droppedForRoomAgain":N}), and read as the larger: a lost digit leaves
 * valid JSON reading a smaller count, and one lost character damages one copy only (fixphone2).
 */
const DROPPED_FOR_ROOM = /\{"droppedForRoom(Again)?":(\d+)\}/g;
const DROPPED_FOR_ROOM_LINE = /^\{"droppedForRoom(?:Again)?":\d+\}$/;

/**
 * The count of sessions removed for room in damaged text, read tolerantly: the record's line may have
 * lost a character too (a quote, a brace, a letter of its name), and reading it as 0 would write 0
 * back at the rewrite, losing every removal ever counted (review 30). Either copy whole anywhere in
 * the text counts (it may share a line with a session whose line break was lost, review 32); so does
 * any line that holds no result and names either half of the record ("dropped", "ForRoom"): its
 * largest whole number, since a damaged name may hold a digit too (review 32). The largest wins.
 */
function damagedDroppedForRoom(text: string): number {
  let count = 0;
  DROPPED_FOR_ROOM.lastIndex = 0;
  for (let whole = DROPPED_FOR_ROOM.exec(text); whole !== null; whole = DROPPED_FOR_ROOM.exec(text))
    count = Math.max(count, Number(whole[2]));
  const lines = text.split("\n");
  // A whole number: "-1" or "1.5" is a malformed count, not a damaged one (it counts nothing).
  const wholeNumbers = /(?:^|[^\d.-])(\d+)(?![\d.])/g;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.indexOf('"result"') >= 0 || (line.indexOf("dropped") < 0 && line.indexOf("ForRoom") < 0)) continue;
    wholeNumbers.lastIndex = 0;
    for (let number = wholeNumbers.exec(line); number !== null; number = wholeNumbers.exec(line))
      count = Math.max(count, Number(number[1]));
  }
  return count;
}

/** The stored history's record of pruned sessions: its own line, after the record of those removed for room. */
const PRUNED_LINE = /^\{"pruned":\d+,.*\}$/;

function prunedEntry(pruned: PrunedSessions): string {
  const days = pruned.days;
  return JSON.stringify({
    pruned: pruned.count,
    days: days.days,
    baseDay: days.baseDay,
    baseStreak: days.baseStreak,
    // Left out while empty (as before review 43): every character costs a full phone room.
    ids: pruned.ids.length > 0 ? pruned.ids : undefined,
    held: pruned.held.length > 0 ? pruned.held : undefined,
  });
}

/** The names of the record's fields, as prunedEntry writes them. */
const RECORD_NAMES = ["pruned", "days", "baseDay", "baseStreak", "ids", "held"];

/**
 * The record's fields by name. A name that lost a character (the JSON still whole: "is" for "ids",
 * "runed" for "pruned") is read as the one name missing whose value it fits, so a torn write
 * costs none of them: a resend of a removed session is still known (review 47).
 */
function recordFields(entry: { [name: string]: unknown }): { [name: string]: unknown } {
  const fields: { [name: string]: unknown } = {};
  const others: string[] = [];
  for (const name in entry) {
    if (RECORD_NAMES.indexOf(name) >= 0) fields[name] = entry[name];
    else others.push(name);
  }
  if (others.length !== 1) return fields;
  const value = entry[others[0]];
  const missing = RECORD_NAMES.filter(
    (name) => !(name in fields) && (name !== "ids" || isGoneIds(value)) && (name !== "held" || isHeld(value)),
  );
  if (missing.length === 1) fields[missing[0]] = value;
  return fields;
}

/**
 * The record of pruned sessions an entry of the stored list is; null when it is not that record,
 * undefined when it is one but damaged.
 */
function prunedOf(entry: unknown): PrunedSessions | null | undefined {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return null;
  const record = recordFields(entry as { [name: string]: unknown });
  if (!("pruned" in record)) return null;
  const parsed = parseStats({ days: record.days, baseDay: record.baseDay, baseStreak: record.baseStreak, counted: [] });
  const count = record.pruned;
  // A record from before review 43 has neither ids nor holds.
  const ids = record.ids === undefined ? [] : record.ids;
  const held = record.held === undefined ? [] : record.held;
  if (parsed.error !== "" || typeof count !== "number" || count < 0 || count % 1 !== 0) return undefined;
  if (!isGoneIds(ids) || !isHeld(held)) return undefined;
  return { count: count, days: parsed.stats, ids: ids, held: held };
}

function isGoneIds(ids: unknown): ids is string[] {
  return (
    Array.isArray(ids) &&
    ids.length <= GONE_IDS_KEPT &&
    ids.every((id) => typeof id === "string" && SESSION_ID_PATTERN.test(id))
  );
}

/**
 * The earliest day a session can count on: a start at time 0 (the earliest decodeResultMessage
 * accepts: a just-reset watch clock) 14 hours west of UTC (the furthest zone it accepts) is on
 * 31 December 1969 there.
 */
const EARLIEST_SESSION_DAY = -1;

/**
 * HELD_FIELDS whole numbers a day, days rising from EARLIEST_SESSION_DAY (foldHeld keeps any session's
 * day: since review 46 a removed session dated day -1 entered it, and the record read as damaged,
 * review 47), the others none negative, the steady aids 4 bits (4 aids).
 */
function isHeld(held: unknown): held is number[] {
  return (
    Array.isArray(held) &&
    held.length % HELD_FIELDS === 0 &&
    held.every((n, i) =>
      i % HELD_FIELDS === 0
        ? isIntegerIn(n, i > 0 ? (held[i - HELD_FIELDS] as number) + 1 : EARLIEST_SESSION_DAY, Infinity)
        : isIntegerIn(n, 0, i % HELD_FIELDS === HELD_FIELDS - 1 ? 15 : Infinity),
    )
  );
}

/** The record's two copies, each an entry of its own line. */
function droppedForRoomEntries(droppedForRoom: number): string[] {
  return ['{"droppedForRoom":' + droppedForRoom + "}", '{"droppedForRoomAgain":' + droppedForRoom + "}"];
}

/** The count an entry of the stored list carries (either copy), or -1 when it is not that record. */
function droppedForRoomOf(entry: unknown): number {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return -1;
  const record = entry as { droppedForRoom?: unknown; droppedForRoomAgain?: unknown };
  return Math.max(wholeCount(record.droppedForRoom), wholeCount(record.droppedForRoomAgain));
}

function wholeCount(value: unknown): number {
  return typeof value === "number" && value >= 0 && value % 1 === 0 ? value : -1;
}

/** What one line of stored history text holds: a readable session, list syntax only, or damage. */
function lineKind(line: string, v1UtcOffset: V1UtcOffset): "session" | "syntax" | "damage" {
  let body = line.trim();
  if (body.charAt(body.length - 1) === ",") body = body.slice(0, -1).trim();
  if (body === "" || body === "[" || body === "]") return "syntax";
  if (DROPPED_FOR_ROOM_LINE.test(body)) return "syntax";
  try {
    const entry = JSON.parse(body) as unknown;
    const record = prunedOf(entry);
    if (record !== null) return record ? "syntax" : "damage";
    return decodeStoredResult(entry, v1UtcOffset).ok ? "session" : "damage";
  } catch (e) {
    return "damage";
  }
}

/**
 * The lines of stored history text that hold no readable session on their own (serializeHistory
 * writes one session a line): the damage to keep when the text is rewritten. A session recovered
 * from a damaged line is both kept here and in the history.
 */
export function unreadableLines(text: string, v1UtcOffset: V1UtcOffset = 0): string[] {
  const lines = text.split("\n");
  const damage: string[] = [];
  for (let i = 0; i < lines.length; i++) if (lineKind(lines[i], v1UtcOffset) === "damage") damage.push(lines[i]);
  return damage;
}

export interface TextDropOutcome {
  text: string;
  /** Lines with a readable session removed; 0 when none was left. */
  droppedLines: number;
}

/**
 * Makes room on a full phone in text not yet rewritten (a damaged history whose damage is not kept
 * yet): removes the earliest lines holding a readable session until they add up to at least `chars`
 * characters. Every other line, the damage included, stays as it was.
 */
export function dropEarliestReadableLines(text: string, chars: number, v1UtcOffset: V1UtcOffset = 0): TextDropOutcome {
  const lines = text.split("\n");
  const kept: string[] = [];
  let droppedLines = 0;
  let freed = 0;
  for (let i = 0; i < lines.length; i++) {
    if ((droppedLines === 0 || freed < chars) && lineKind(lines[i], v1UtcOffset) === "session") {
      freed += lines[i].length + 1;
      droppedLines++;
    } else kept.push(lines[i]);
  }
  return { text: droppedLines === 0 ? text : kept.join("\n"), droppedLines: droppedLines };
}

/**
 * `text` (stored history, possibly damaged) recording `droppedForRoom` sessions removed to make room:
 * each copy of its record found whole replaced, or both added as the list's first entries. Nothing
 * else in the text changes (a damaged copy is rewritten with the rest of the history).
 */
export function withDroppedForRoom(text: string, droppedForRoom: number): string {
  const entries = droppedForRoomEntries(droppedForRoom);
  if (text.search(DROPPED_FOR_ROOM) >= 0)
    return text.replace(DROPPED_FOR_ROOM, (_whole: string, again?: string) => entries[again ? 1 : 0]);
  const lines = text.split("\n");
  if (lines[0].trim() !== "[") return entries.join("\n") + "\n" + text;
  lines.splice(1, 0, entries[0] + ",", entries[1] + ",");
  return lines.join("\n");
}

/**
 * `text` (stored history, possibly damaged) with `pruned` as its record of pruned sessions: its line
 * replaced when whole, else a line added before the sessions' (a damaged one stays, as damage, after
 * it: the first whole record is read). Nothing else in the text changes.
 */
export function withPruned(text: string, pruned: PrunedSessions): string {
  const lines = text.split("\n");
  let at = lines[0].trim() === "[" ? 1 : 0;
  while (at < lines.length && DROPPED_FOR_ROOM_LINE.test(lines[at].trim().replace(/,$/, ""))) at++;
  for (let i = 0; i < lines.length; i++) {
    const body = lines[i].trim().replace(/,$/, "");
    if (PRUNED_LINE.test(body) && lineKind(body, 0) === "syntax") {
      lines[i] = lines[i].replace(body, prunedEntry(pruned));
      return lines.join("\n");
    }
  }
  lines.splice(at, 0, prunedEntry(pruned) + ",");
  return lines.join("\n");
}

/** A copy sorted by start time (stable: equal starts keep arrival order), for display and export. */
export function byStart(history: SessionResult[]): SessionResult[] {
  const indexed = history.map((r, i) => ({ r: r, i: i }));
  indexed.sort((a, b) => a.r.startedAt - b.r.startedAt || a.i - b.i);
  return indexed.map((x) => x.r);
}

/**
 * Stored as a JSON list of wire-format results, one per line: damage to one line costs one session
 * at most. When sessions were removed to make room (`droppedForRoom`, in total), a record of their
 * number comes first, twice; when sessions were pruned over the limit (`pruned`), the record of them next.
 */
export function serializeHistory(
  history: SessionResult[],
  droppedForRoom: number = 0,
  pruned: PrunedSessions = noPrunedSessions(),
): string {
  const lines: string[] = droppedForRoom > 0 ? droppedForRoomEntries(droppedForRoom) : [];
  // Also with no session pruned yet: the days, ids and holds of sessions removed for room are in it.
  if (
    pruned.count > 0 ||
    pruned.days.days.length > 0 ||
    pruned.days.baseStreak > 0 ||
    pruned.ids.length > 0 ||
    pruned.held.length > 0
  )
    lines.push(prunedEntry(pruned));
  for (let i = 0; i < history.length; i++) lines.push(JSON.stringify(encodeResultMessage(history[i])));
  return "[\n" + lines.join(",\n") + "\n]";
}

export interface ParsedHistory {
  history: SessionResult[];
  errors: string[];
  /** The text was not one readable list: sessions were recovered one by one (errors say what was lost). */
  damaged: boolean;
  /** Sessions removed to make room on a full phone, in total, as the text records it (serializeHistory). */
  droppedForRoom: number;
  /** Sessions pruned over the limit, as the text records them (serializeHistory); none when damaged. */
  pruned: PrunedSessions;
}

/**
 * Reads the stored history (version 1 and 2 results; `v1UtcOffset` stands in for version 1's
 * missing time zone: see V1UtcOffset). Text that is not one readable list is recovered entry by entry: every
 * "[<version>,"result",…]" that still parses is kept.
 */
export function parseHistory(text: string | null, v1UtcOffset: V1UtcOffset = 0): ParsedHistory {
  if (text === null || text === "")
    return { history: [], errors: [], damaged: false, droppedForRoom: 0, pruned: noPrunedSessions() };
  let data: unknown = null;
  let damaged = false;
  try {
    data = JSON.parse(text);
  } catch (e) {
    damaged = true;
  }
  if (!damaged && !Array.isArray(data)) damaged = true;
  const errors: string[] = [];
  const entries = damaged ? recoverEntries(text) : (data as unknown[]);
  if (damaged) errors.push("History: stored text is damaged; recovered " + entries.length + " sessions one by one");
  let history: SessionResult[] = [];
  let droppedForRoom = 0;
  let pruned = damaged ? recoverPruned(text) : noPrunedSessions();
  // The first whole record is read: withPruned writes one before a damaged one, which then stays.
  let wholeRecordRead = false;
  let position = 0;
  for (let i = 0; i < entries.length; i++) {
    const count = droppedForRoomOf(entries[i]);
    if (count >= 0) {
      droppedForRoom = Math.max(droppedForRoom, count);
      continue;
    }
    const record = prunedOf(entries[i]);
    if (record !== null) {
      if (!wholeRecordRead) pruned = record;
      wholeRecordRead = wholeRecordRead || record !== undefined;
      continue;
    }
    position++;
    const decoded = decodeStoredResult(entries[i], v1UtcOffset);
    if (decoded.ok) history = addResult(history, decoded.value).history;
    else errors.push("History: dropped stored session " + position + ": " + decoded.reason);
  }
  // A record line damaged into other JSON (a letter of its name lost) is an unreadable entry: read tolerantly too.
  if (damaged || errors.length > 0) droppedForRoom = Math.max(droppedForRoom, damagedDroppedForRoom(text));
  if (pruned === undefined) {
    // Their count, read tolerantly, is kept: it tells an export it is not a full copy (review 38);
    // so are their ids: a resend of one is still a duplicate, not stored again (review 46).
    const line = prunedRecordLine(text) || "";
    pruned = { count: damagedPrunedCount(line), days: emptyStats(), ids: damagedGoneIds(line), held: [] };
    errors.push(PRUNED_DAMAGED + pruned.count + " is kept, the streak they ended starts from zero");
  }
  return { history: history, errors: errors, damaged: damaged, droppedForRoom: droppedForRoom, pruned: pruned };
}

const PRUNED_DAMAGED = "History: the record of sessions pruned over the limit is damaged: their count of ";

/**
 * The count of pruned sessions in the damaged record's `line` (prunedRecordLine), read tolerantly as
 * damagedDroppedForRoom reads its count: the first whole
 * number before its days (they are day numbers, not counts: one read as the count when the count
 * lost its digits, review 47), so a lost letter of "pruned" keeps it too. 0 when none is found.
 */
function damagedPrunedCount(line: string): number {
  const record = line.slice(Math.max(0, line.indexOf("{")));
  const ends = [record.indexOf("days"), record.indexOf("["), record.length].filter((n) => n >= 0);
  const number = /(?:^|[^\d.-])(\d+)(?![\d.])/.exec(record.slice(0, Math.min(...ends)));
  return number === null ? 0 : Number(number[1]);
}

/**
 * A session id as every watch makes it (makeSessionId): its start time and 4 random characters, base
 * 36, parted by a dash. Nothing else in the record's line has that shape (its numbers have no letters,
 * its names no dash), so no damage there can make one: a real session is never taken for a gone one.
 */
const MADE_SESSION_ID = /^[0-9a-z]+-[0-9a-z]{4}$/;

/**
 * The ids of the sessions no longer stored in the damaged record's `line`, read tolerantly as the
 * count: every word of the line (it holds no result) shaped like a session id
 * (MADE_SESSION_ID), wherever the damage is: a lost quote, comma, bracket or letter of "ids" (review
 * 47) still parts them from the rest; a damaged id is left out. The last GONE_IDS_KEPT.
 */
function damagedGoneIds(line: string): string[] {
  const words = line.split(/[^0-9a-z-]+/);
  return words.filter((id) => SESSION_ID_PATTERN.test(id) && MADE_SESSION_ID.test(id)).slice(-GONE_IDS_KEPT);
}

/**
 * Whether a line of stored history text, whole or damaged, is the record of the sessions no longer
 * stored: it holds no result and names the record's first or fourth field (one may be damaged).
 */
export function isPrunedRecordLine(line: string): boolean {
  return line.indexOf('"result"') < 0 && (line.indexOf("pruned") >= 0 || line.indexOf("baseStreak") >= 0);
}

/**
 * The record of pruned sessions in damaged text, when its line is still whole; none when there is
 * none, undefined when its line is damaged too (at worst a lower streak).
 */
function recoverPruned(text: string): PrunedSessions | undefined {
  const line = prunedRecordLine(text);
  if (line === null) return noPrunedSessions();
  try {
    return prunedOf(JSON.parse(line.trim().replace(/,$/, ""))) || undefined;
  } catch (e) {
    return undefined; // damaged: not recovered
  }
}

/** The first line of stored history text that is the record of the sessions no longer stored (isPrunedRecordLine); null when none is. */
function prunedRecordLine(text: string): string | null {
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) if (isPrunedRecordLine(lines[i])) return lines[i];
  return null;
}

/** Every bracketed result message in damaged text that still parses on its own. */
function recoverEntries(text: string): unknown[] {
  const found: unknown[] = [];
  const start = /\[\s*\d+\s*,\s*"result"/g;
  let match: RegExpExecArray | null;
  while ((match = start.exec(text)) !== null) {
    let depth = 0;
    let inString = false;
    let end = -1;
    for (let i = match.index; i < text.length && end < 0; i++) {
      const c = text.charAt(i);
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "[") depth++;
      else if (c === "]" && --depth === 0) end = i;
    }
    if (end < 0) continue;
    try {
      found.push(JSON.parse(text.slice(match.index, end + 1)));
      start.lastIndex = end + 1;
    } catch (e) {
      // this entry holds the damage: the next one starts further on
    }
  }
  return found;
}
