// Results kept on this device, in IndexedDB (through idb), keyed by session id: a result the
// wearable sends twice (an acknowledgement lost with the link) is stored once.
import { openDB, type IDBPDatabase } from "idb";
import type { SessionResult } from "../../common/result";
import { Routine, sameRoutine } from "../../common/routine";

export interface ResultStore {
  /**
   * True when a stored result outlives the page (IndexedDB). The client acknowledges a result to
   * the wearable, which then deletes it, only into a lasting store.
   */
  readonly lasting: boolean;
  /** Stores `result` unless one with its id is stored; true when it was added. Resolves after the write is durable. */
  putIfAbsent(result: SessionResult): Promise<boolean>;
  /** Every stored result, oldest first. */
  all(): Promise<SessionResult[]>;
  /** The routine last edited on this page (null before the first edit). */
  routineDraft(): Promise<Routine | null>;
  /**
   * Saves the routine edited on this page; it counts as unsent until routineDraftSettled(it). Resolves
   * with its revision: every save is a new one, also of the same values (the client writes each
   * revision once per connection).
   */
  saveRoutineDraft(routine: Routine): Promise<number>;
  /**
   * The draft and its revision while no watch has answered it (saved while disconnected, or its send
   * failed); else null. With `watch` (the connected watch's id, Transport.watchId): also the draft
   * other watches refused but this one has not — its bounds may be wider (review 31).
   */
  waitingDraft(watch?: string): Promise<RoutineDraft | null>;
  /** waitingDraft's routine alone. */
  unsentRoutineDraft(watch?: string): Promise<Routine | null>;
  /** A watch took `routine`: it is no longer unsent nor refused, unless a newer draft was saved since. */
  routineDraftSettled(routine: Routine): Promise<void>;
  /**
   * The watch `watch` (its id) refused `routine` as invalid (sending it to that watch again cannot
   * help): it is no longer unsent and is kept as the draft with `reason` (the latest) and the ids of
   * the watches that refused it, unless a newer draft was saved since. Any other watch is still
   * offered it (waitingDraft(id)).
   */
  routineDraftRefused(routine: Routine, reason: string, watch: string): Promise<void>;
  /** Why a watch refused the draft (routineDraftRefused), or null: none refused since it was saved. */
  routineDraftRefusal(): Promise<string | null>;
}

/** A routine saved on this page and the number of its save (0: saved by a page older than revisions). */
export interface RoutineDraft {
  routine: Routine;
  revision: number;
}

const DB_NAME = "steady-hold";
const DB_VERSION = 1;

interface Schema {
  results: { key: string; value: SessionResult };
  meta: { key: string; value: unknown };
}

export class IndexedDbStore implements ResultStore {
  readonly lasting = true;

  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  /** `warn` hears when the browser takes the database away (another tab upgrading it, storage cleared). */
  static async open(name = DB_NAME, warn: (line: string) => void = console.warn): Promise<IndexedDbStore> {
    const db = await openDB<Schema>(name, DB_VERSION, {
      upgrade(database, oldVersion) {
        // Each version adds only what the one before it lacked: a later version must not create these again.
        if (oldVersion < 1) {
          database.createObjectStore("results", { keyPath: "id" });
          database.createObjectStore("meta");
        }
      },
      // A newer version of the page in another tab waits for this one's connection: let it go. Writes
      // here then fail, so nothing more is acknowledged from this tab.
      blocking(_current, _blocked, event) {
        (event.target as IDBDatabase).close();
        warn("[steady-hold] a newer version of this page is open in another tab: reload this one to store sessions");
      },
      terminated() {
        warn("[steady-hold] the browser closed the history database: reload the page to store sessions");
      },
    });
    return new IndexedDbStore(db);
  }

  async putIfAbsent(result: SessionResult): Promise<boolean> {
    // Strict: on disk before it resolves, as the wearable deletes its copy once this is acknowledged.
    const tx = this.db.transaction("results", "readwrite", { durability: "strict" });
    const existing = await tx.store.get(result.id);
    if (existing === undefined) await tx.store.add(result);
    await tx.done;
    return existing === undefined;
  }

  async all(): Promise<SessionResult[]> {
    const results = await this.db.getAll("results");
    return results.sort((a, b) => a.startedAt - b.startedAt);
  }

  async routineDraft(): Promise<Routine | null> {
    const value = await this.db.get("meta", "routineDraft");
    return (value as Routine | undefined) ?? null;
  }

  async saveRoutineDraft(routine: Routine): Promise<number> {
    const tx = this.db.transaction("meta", "readwrite");
    const earlier = await tx.store.get(REVISION_KEY);
    const revision = (typeof earlier === "number" ? earlier : 0) + 1;
    await tx.store.put(routine, "routineDraft");
    await tx.store.put(revision, REVISION_KEY);
    await tx.store.put(true, UNSENT_KEY);
    await forgetRefusal(tx.store);
    await tx.done;
    return revision;
  }

  async waitingDraft(watch?: string): Promise<RoutineDraft | null> {
    // One transaction: the routine and its revision are read together, never across another save.
    const tx = this.db.transaction("meta", "readonly");
    // A draft saved before this mark existed has none: it counts as sent, so an old draft never
    // replaces the routine a watch has now.
    const unsent = (await tx.store.get(UNSENT_KEY)) === true;
    const refused = typeof (await tx.store.get(REFUSAL_KEY)) === "string";
    const refusedBy = refused ? watchIds(await tx.store.get(REFUSING_WATCHES_KEY)) : null;
    const routine = (await tx.store.get("routineDraft")) as Routine | undefined;
    const revision = await tx.store.get(REVISION_KEY);
    await tx.done;
    if (routine === undefined || (!unsent && !offeredDespiteRefusal(refusedBy, watch))) return null;
    return { routine, revision: typeof revision === "number" ? revision : 0 };
  }

  async unsentRoutineDraft(watch?: string): Promise<Routine | null> {
    return (await this.waitingDraft(watch))?.routine ?? null;
  }

  async routineDraftSettled(routine: Routine): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    const draft = (await tx.store.get("routineDraft")) as Routine | undefined;
    if (draft !== undefined && sameRoutine(draft, routine)) {
      await tx.store.delete(UNSENT_KEY);
      await forgetRefusal(tx.store);
    }
    await tx.done;
  }

  async routineDraftRefused(routine: Routine, reason: string, watch: string): Promise<void> {
    const tx = this.db.transaction("meta", "readwrite");
    const draft = (await tx.store.get("routineDraft")) as Routine | undefined;
    if (draft !== undefined && sameRoutine(draft, routine)) {
      await tx.store.delete(UNSENT_KEY);
      const refused = typeof (await tx.store.get(REFUSAL_KEY)) === "string";
      const watches = refused ? watchIds(await tx.store.get(REFUSING_WATCHES_KEY)) : [];
      await tx.store.put(reason, REFUSAL_KEY);
      await tx.store.put(watches.includes(watch) ? watches : watches.concat([watch]), REFUSING_WATCHES_KEY);
      await tx.store.delete(REFUSING_NAMES_KEY);
    }
    await tx.done;
  }

  async routineDraftRefusal(): Promise<string | null> {
    const reason = await this.db.get("meta", REFUSAL_KEY);
    return typeof reason === "string" ? reason : null;
  }
}

/** Meta key: true while the routine draft waits for a watch to answer it. */
const UNSENT_KEY = "routineDraftUnsent";
/** Meta key: the number of the routine draft's save (absent: saved by a page older than revisions). */
const REVISION_KEY = "routineDraftRevision";
/** Meta key: why a watch refused the routine draft as invalid (absent: not refused). */
const REFUSAL_KEY = "routineDraftRefusal";
/** Meta key: the ids of the watches that refused the routine draft (absent: not refused, or refused before ids were kept). */
const REFUSING_WATCHES_KEY = "routineDraftRefusedByWatch";
/**
 * Meta key of pages before ids were kept: the NAMES of the watches that refused the draft. A name
 * cannot tell two watches apart, so such a refusal is read as one whose watches are unknown (each
 * watch is offered the draft once, as for a refusal stored before names were kept); the next answer
 * records the watch by id, and the names go with it.
 */
const REFUSING_NAMES_KEY = "routineDraftRefusedBy";

/** The meta store inside a read-write transaction, as forgetRefusal uses it. */
interface MetaWrites {
  delete(key: string): Promise<void>;
}

/** The draft is no longer refused by anyone (a new save, or a watch took it). */
async function forgetRefusal(meta: MetaWrites): Promise<void> {
  await meta.delete(REFUSAL_KEY);
  await meta.delete(REFUSING_WATCHES_KEY);
  await meta.delete(REFUSING_NAMES_KEY);
}

/** The refusing watches' ids as stored; empty for a refusal stored before ids were kept (or damaged). */
function watchIds(stored: unknown): string[] {
  return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === "string") : [];
}

/**
 * True when the draft was refused (`refusedBy`: the refusing watches' ids, null when none refused)
 * but not by `watch`, the connected one: it is offered to this watch. False without a watch's id.
 */
function offeredDespiteRefusal(refusedBy: string[] | null, watch: string | undefined): boolean {
  return refusedBy !== null && watch !== undefined && !refusedBy.includes(watch);
}

/**
 * The same contract in memory: the page's fallback when IndexedDB is blocked (`lasting: false`: the
 * wearable keeps its results), and the stand-in for IndexedDB in unit tests (`lasting: true`).
 */
export class MemoryStore implements ResultStore {
  readonly lasting: boolean;
  private results: SessionResult[] = [];
  private draft: Routine | null = null;
  private revision = 0;
  private draftUnsent = false;
  private refusal: string | null = null;
  /** The watches that refused the draft, by id (null: none did). */
  private refusedBy: string[] | null = null;

  constructor(options: { lasting: boolean } = { lasting: false }) {
    this.lasting = options.lasting;
  }

  async putIfAbsent(result: SessionResult): Promise<boolean> {
    if (this.results.some((r) => r.id === result.id)) return false;
    this.results.push(structuredClone(result));
    return true;
  }

  async all(): Promise<SessionResult[]> {
    return this.results.slice().sort((a, b) => a.startedAt - b.startedAt);
  }

  async routineDraft(): Promise<Routine | null> {
    return this.draft;
  }

  async saveRoutineDraft(routine: Routine): Promise<number> {
    this.draft = routine;
    this.revision++;
    this.draftUnsent = true;
    this.refusal = null;
    this.refusedBy = null;
    return this.revision;
  }

  async waitingDraft(watch?: string): Promise<RoutineDraft | null> {
    if (this.draft === null || (!this.draftUnsent && !offeredDespiteRefusal(this.refusedBy, watch))) return null;
    return { routine: this.draft, revision: this.revision };
  }

  async unsentRoutineDraft(watch?: string): Promise<Routine | null> {
    return (await this.waitingDraft(watch))?.routine ?? null;
  }

  async routineDraftSettled(routine: Routine): Promise<void> {
    if (this.draft === null || !sameRoutine(this.draft, routine)) return;
    this.draftUnsent = false;
    this.refusal = null;
    this.refusedBy = null;
  }

  async routineDraftRefused(routine: Routine, reason: string, watch: string): Promise<void> {
    if (this.draft === null || !sameRoutine(this.draft, routine)) return;
    this.draftUnsent = false;
    this.refusal = reason;
    const earlier = this.refusedBy ?? [];
    this.refusedBy = earlier.includes(watch) ? earlier : earlier.concat([watch]);
  }

  async routineDraftRefusal(): Promise<string | null> {
    return this.refusal;
  }
}

/** The draft, whether it waits for a watch, and why a watch refused it (the routine form's inputs). */
export async function readDraftStatus(
  store: ResultStore,
): Promise<{ routine: Routine | null; waiting: boolean; refusal: string | null }> {
  const routine = await store.routineDraft();
  const waiting = (await store.unsentRoutineDraft()) !== null;
  return { routine, waiting, refusal: await store.routineDraftRefusal() };
}

/** The part of the browser's StorageManager asked here (absent in old browsers and some webviews). */
export interface StorageKeeper {
  persist?: () => Promise<boolean>;
}

/**
 * Asks the browser to keep this page's storage (IndexedDB) instead of evicting it when space runs
 * low, and says what it answered. Never rejects; the page does not wait for it.
 */
export async function askToKeepStorage(storage: StorageKeeper | undefined): Promise<string> {
  if (!storage || typeof storage.persist !== "function")
    return "this browser cannot be asked to keep the page's storage (navigator.storage.persist is missing)";
  try {
    return (await storage.persist())
      ? "the browser keeps this page's storage (persistent)"
      : "the browser did not grant persistent storage: history may be evicted if the device runs out of space";
  } catch (error) {
    return "asking the browser to keep the page's storage failed: " + String(error);
  }
}
