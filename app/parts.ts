// The watch app runs in two parts, one loaded at a time (issue 13: JerryScript keeps the code it has
// parsed in the same 64 KB heap as the data): home (app/home.ts: the launch, results, the routine,
// files from the phone, the home and done screens) and the session (app/session-runner.ts). The
// entry (app/index.ts) owns every listener and hands each event to the part loaded; a part asks the
// entry to load the other one and hands over plain data, never a function: a part's code is freed
// once nothing refers to it. Types only: nothing here is in the bundle.
import type { FileTransfer } from "file-transfer";
import type { Routine } from "../common/routine";
import type { SessionResult } from "../common/result";
import type { SavedSession } from "../common/saved-session";
import type { SessionState } from "../common/session";
import type { DailyStats } from "../common/daily";

export type PartName = "home" | "session";

/**
 * What one part hands the next. To the session: the routine to start, or the saved session to
 * resume. To home: the session that just ended (its result is not stored yet: home stores it). Both
 * ways: the results that could not be written yet (storage full), kept in memory until they are.
 */
export interface Handover {
  routine?: Routine;
  saved?: SavedSession;
  ended?: SessionState;
  unsaved: SessionResult[];
  stats?: DailyStats;
}

/** The entry's services for the part loaded. */
export interface Host {
  /** Loads the other part; the caller must have stopped its timers and sensors first. */
  load(part: PartName, handover: Handover): void;
  /** Watches a result's transfer from the entry, so a transfer still queued keeps no part's code. */
  watchTransfer(transfer: FileTransfer): void;
}

/**
 * A loaded part: told each event (an element's id when it is tapped, "back", "unload", "newfile",
 * "display", "send-failed"); true when it handled a back press (the app then stays open).
 */
export type Part = (event: string) => boolean;

/** What each part's module exports. */
export type StartPart = (host: Host, handover: Handover) => Part;
