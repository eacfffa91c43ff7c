// Results kept on this device, in IndexedDB (through idb), keyed by session id: a result the
// wearable sends twice (an acknowledgement lost with the link) is stored once.
import { openDB, type IDBPDatabase } from "idb";
import type { SessionResult } from "../../common/result";
import type { Routine } from "../../common/routine";

export interface ResultStore {
  /** Stores `result` unless one with its id is stored; true when it was added. Resolves after the write is durable. */
  putIfAbsent(result: SessionResult): Promise<boolean>;
  /** Every stored result, oldest first. */
  all(): Promise<SessionResult[]>;
  /** The routine last edited on this page (null before the first edit). */
  routineDraft(): Promise<Routine | null>;
  saveRoutineDraft(routine: Routine): Promise<void>;
}

const DB_NAME = "steady-hold";
const DB_VERSION = 1;

interface Schema {
  results: { key: string; value: SessionResult };
  meta: { key: string; value: unknown };
}

export class IndexedDbStore implements ResultStore {
  private constructor(private readonly db: IDBPDatabase<Schema>) {}

  static async open(name = DB_NAME): Promise<IndexedDbStore> {
    const db = await openDB<Schema>(name, DB_VERSION, {
      upgrade(database) {
        database.createObjectStore("results", { keyPath: "id" });
        database.createObjectStore("meta");
      },
    });
    return new IndexedDbStore(db);
  }

  async putIfAbsent(result: SessionResult): Promise<boolean> {
    const tx = this.db.transaction("results", "readwrite");
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

  async saveRoutineDraft(routine: Routine): Promise<void> {
    await this.db.put("meta", routine, "routineDraft");
  }
}

/** The same contract in memory (unit tests, and a fallback when IndexedDB is blocked). */
export class MemoryStore implements ResultStore {
  private results: SessionResult[] = [];
  private draft: Routine | null = null;

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

  async saveRoutineDraft(routine: Routine): Promise<void> {
    this.draft = routine;
  }
}
