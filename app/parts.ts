// The watch app runs in two parts, one loaded at a time (issue 13: JerryScript keeps the code it has
// parsed in the same 64 KB heap as the data): home (app/home.ts: the launch, results, the routine,
// files from the phone, the home and done screens) and the session (app/session-runner.ts). The
// entry (app/index.ts) owns every listener and hands each event to the part loaded; a part asks the
// entry to load the other one and hands over plain data, never a function: a part's code is freed
// once nothing refers to it. Types only: nothing here is in the bundle.
import type { FileTransfer } from "file-transfer";
import type { Routine } from "../common/routine";
import type { SessionResult } from "../common/result";
import type { SessionState } from "../common/session";
import type { DailyStats } from "../common/daily";

export type PartName = "home" | "session";

/**
 * What one part hands the next. Both ways: the routine in use and its revision (the session part
 * starts a new session on it unless it is to `resume` or `close`). To the session: `resume` (the session in
 * "session.cbor"), or `close`: saved sessions that will not be resumed, which it ends where they
 * were saved (home has no engine). To home: the session that just ended, by its id when it is saved
 * in "session.cbor" (its holds are not in the heap while home loads), or the session itself when that
 * save failed or it ended before its first hold (an attempt: nothing saved, little to hold); after
 * `close`, the sessions whose ended state could not be written back (storage full). Both ways: the
 * results that could not be written yet (storage full), kept in memory until they are, and the day
 * stats when their last write failed.
 */
export interface Handover {
  routine?: Routine;
  /** `routine`'s revision (0: the built-in default), so home keeps what it had in use. */
  revision?: number;
  resume?: boolean;
  close?: string[];
  endedId?: string;
  ended?: SessionState;
  closed?: ClosedSession[];
  unsaved: SessionResult[];
  stats?: DailyStats;
}

/** A saved session the session part ended (`state`, done) whose file (`file`) still holds the earlier save. */
export interface ClosedSession {
  file: string;
  state: SessionState;
}

/** The entry's services for the part loaded. */
export interface Host {
  /** Loads the other part; the caller must have stopped its timers and sensors first. */
  load(part: PartName, handover: Handover): void;
  /** Watches a result's transfer from the entry, so a transfer still queued keeps no part's code. */
  watchTransfer(transfer: FileTransfer): void;
  /** The entry's tap handler, for a dialog's buttons: set as the dialog opens (showDialog). */
  tap: (evt: Event) => void;
}

/**
 * A loaded part: told each event (an element's id when it is tapped, "back", "unload", "newfile",
 * "change" (the screen went on or off), "send-failed"); true when it handled a back press (the app then stays open).
 */
export type Part = (event: string) => boolean;

/** What each part's module exports. */
export type StartPart = (host: Host, handover: Handover) => Part;
