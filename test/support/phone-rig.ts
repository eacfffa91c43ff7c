// One phone for companion tests: settings and localStorage in memory (each with a quota, none until a
// test sets one), an inbox the test fills, a movable clock, a time zone, and what the companion sent
// (acks, routines), warned and logged. `sync()` starts the companion as a launch does; the full-phone
// scenes (`receiveDays`, `fillToQuota`) are the set-up many tests share.
import { SessionResult, makeSessionId } from "../../common/result";
import { DEFAULT_ROUTINE, Routine } from "../../common/routine";
import { decodeRoutineMessage, encodeResultMessage, resultFileName } from "../../common/protocol";
import { parseHistory } from "../../common/history-store";
import { SETTINGS_KEYS } from "../../common/settings-keys";
import type { HistorySummary } from "../../common/history-summary";
import { PhoneSync } from "../../companion/phone-sync";
import { IncomingFile, LOCAL_KEYS, PhoneServices } from "../../companion/phone-services";
import { asVersion1Message, completedSession, fileOf } from "./builders";
import { QuotaStore } from "./phone-stores";
import { PHONE_NOW } from "./quiet-phone";

export const DAY_MS = 86400000;
export const HOUR_MS = 3600000;

/** A completed session of the default routine (with a daily goal of `dailyGoal` when given), started at `startedAt`. */
export function sessionWithGoal(startedAt: number, dailyGoal?: number): SessionResult {
  const session = completedSession(makeSessionId(startedAt, 0.5), startedAt);
  return dailyGoal === undefined ? session : { ...session, routine: { ...DEFAULT_ROUTINE, dailyGoal } };
}

/** `days` days from `firstDay` (Unix ms), a session of goal `dailyGoal` at each of `hours` (hours after the day's start). */
export function dailySessions(firstDay: number, days: number, hours: number[], dailyGoal: number): SessionResult[] {
  const sessions: SessionResult[] = [];
  for (let day = 0; day < days; day++)
    for (const hour of hours) sessions.push(sessionWithGoal(firstDay + day * DAY_MS + hour * HOUR_MS, dailyGoal));
  return sessions;
}

/** The file transfer's answer to one send: resolves (a transfer state, or nothing) or throws (refused). */
export type Transfer = (name: string, payload: unknown) => Promise<unknown>;

export interface PhoneRigOptions<L extends QuotaStore> {
  /** The clock's start (Unix ms); PHONE_NOW unless given. */
  now?: number;
  /** UTC − local in minutes (-60: UTC+1, the default), or "device" for the machine's own zone at each instant, as companion/index.ts. */
  tzOffsetMinutes?: number | "device";
  /** localStorage: a QuotaStore unless a test needs one that fails otherwise. */
  local?: L;
}

/** The name of the watch's `i`th result file, as the watch makes them: start time (8 h apart) in base 36, a suffix. */
export function watchResultName(i: number): string {
  const startedAt = Date.UTC(2026, 0, 5, 9) + i * 8 * 3600000;
  return "result-" + startedAt.toString(36) + "-" + ((i * 7919) % 1679616).toString(36).padStart(4, "0") + ".cbor";
}

/** Mon 5 Jan 2026, 07:00 UTC: the first of the three-a-day sessions, at 07:00, 13:00 and 19:00 UTC. */
export const THREE_A_DAY_FIRST = Date.UTC(2026, 0, 5, 7);

/** The three-a-day session of `day` (0: THREE_A_DAY_FIRST's) and `slot` (0 to 2), of goal `dailyGoal` if given. */
export function threeADaySession(day: number, slot: number, dailyGoal?: number): SessionResult {
  return sessionWithGoal(THREE_A_DAY_FIRST + day * DAY_MS + slot * 6 * HOUR_MS, dailyGoal);
}

/**
 * A phone (UTC+1, the goal set to 3) that received `days` days of three sessions (of goal
 * `dailyGoal` if given) in one launch; its clock at 21:00 UTC on the last of them. Full once a test
 * calls `fillToQuota`.
 */
export async function threeADayPhone(days: number, dailyGoal?: number): Promise<PhoneRig> {
  const phone = new PhoneRig({ now: THREE_A_DAY_FIRST + (days - 1) * DAY_MS + 14 * HOUR_MS });
  phone.settings.setItem("dailyGoal", "3");
  for (let day = 0; day < days; day++)
    for (let slot = 0; slot < 3; slot++) phone.push(threeADaySession(day, slot, dailyGoal));
  await phone.sync();
  return phone;
}

export class PhoneRig<L extends QuotaStore = QuotaStore> {
  readonly settings = new QuotaStore();
  readonly local: L;
  readonly inbox: IncomingFile[] = [];
  readonly clock: { now: number };
  /** Every file the transfer accepted, in order, with the phone's time of the send. */
  readonly sent: { name: string; payload: unknown; at: number }[] = [];
  readonly warnings: string[] = [];
  readonly logs: string[] = [];
  /** What the file transfer does with a send; the send is recorded in `sent` only when this does not throw. */
  transfer: Transfer = async () => undefined;
  readonly services: PhoneServices;

  constructor(options: PhoneRigOptions<L> = {}) {
    this.local = options.local ?? (new QuotaStore() as L);
    const clock = (this.clock = { now: options.now ?? PHONE_NOW });
    const zone = options.tzOffsetMinutes ?? -60;
    this.services = {
      settings: this.settings,
      local: this.local,
      send: async (name, payload) => {
        const answer = await this.transfer(name, payload);
        this.sent.push({ name, payload, at: clock.now });
        return answer;
      },
      nextFile: async () => this.inbox.shift(),
      now: () => clock.now,
      tzOffsetMinutes:
        zone === "device"
          ? (atMs?: number) => new Date(atMs === undefined ? clock.now : atMs).getTimezoneOffset()
          : () => zone,
      warn: (message) => void this.warnings.push(message),
      log: (message) => void this.logs.push(message),
    };
  }

  /** The companion of the latest launch (`launch`, `sync`); one is made at the first need. */
  companion: PhoneSync | undefined;

  /** A new companion, not yet started: the phone launched it (a file or a settings change woke it). */
  launch(): PhoneSync {
    return (this.companion = new PhoneSync(this.services));
  }

  /** One launch of the companion, started: it reads the inbox empty and sends what it owes the watch. */
  async sync(): Promise<PhoneSync> {
    const companion = this.launch();
    await companion.start();
    return companion;
  }

  /** The running companion reads the inbox empty (files that arrive while it runs). */
  async drainInbox(): Promise<void> {
    await (this.companion ?? this.launch()).drainInbox();
  }

  /** The user sets the daily goal on the settings page; the running companion hears of it. */
  async setGoal(goal: number): Promise<void> {
    this.settings.setItem("dailyGoal", String(goal));
    await (this.companion ?? this.launch()).onSettingsChange("dailyGoal");
  }

  /** Puts each session's result file in the inbox (the companion reads them at the next sync or drain). */
  push(...sessions: SessionResult[]): void {
    for (const session of sessions) this.inbox.push(fileOf(resultFileName(session.id), encodeResultMessage(session)));
  }

  /** Puts `count` sessions "s-NNNN" (n from 0, four digits) in the inbox, 1,000 s apart from 5 Jan 2026, 08:00 UTC. */
  pushNumberedSessions(count: number): void {
    for (let n = 0; n < count; n++)
      this.push(completedSession("s-" + String(n).padStart(4, "0"), Date.UTC(2026, 0, 5, 8) + n * 1e6));
  }

  /** Puts a file named `name` in the inbox whose CBOR cannot be read: reading it throws `reason`. */
  pushUnreadable(name: string, reason: string): void {
    this.inbox.push({
      name,
      cbor: async () => {
        throw new Error(reason);
      },
    });
  }

  /** Receives `session` in a launch of its own. */
  async receive(session: SessionResult): Promise<void> {
    this.push(session);
    await this.sync();
  }

  /**
   * The clock moves a day, and the watch sends session "s-NNNN" (n, four digits) that ended ten
   * minutes before, in a launch of its own. Returns the id.
   */
  async receiveNextDay(n: number): Promise<string> {
    this.clock.now += DAY_MS;
    const id = "s-" + String(n).padStart(4, "0");
    await this.receive(completedSession(id, this.clock.now - 600000));
    return id;
  }

  /** `receiveNextDay` for each n from `from` up to (not with) `to`; returns the ids. */
  async receiveDays(from: number, to: number): Promise<string[]> {
    const ids: string[] = [];
    for (let n = from; n < to; n++) ids.push(await this.receiveNextDay(n));
    return ids;
  }

  /** Stores `sessions` as the history the app wrote before version 2: one version-1 message a line. */
  storeVersion1History(sessions: SessionResult[]): void {
    const lines = sessions.map((session) => JSON.stringify(asVersion1Message(session)));
    this.local.data[LOCAL_KEYS.history] = "[\n" + lines.join(",\n") + "\n]";
  }

  /** The phone's storage is full from now on: `room` characters left (none unless given). */
  fillToQuota(room = 0): void {
    this.local.capacity = this.local.used() + room;
  }

  /** The ids of the sessions in the stored history, oldest first. */
  historyIds(): string[] {
    return parseHistory(this.local.getItem(LOCAL_KEYS.history)).history.map((r) => r.id);
  }

  /** The history summary the settings page shows. */
  summary(): HistorySummary {
    return JSON.parse(this.settings.getItem(SETTINGS_KEYS.history) as string) as HistorySummary;
  }

  /** The week the settings page shows (today's count, goal, streak). */
  week(): HistorySummary["week"] {
    return this.summary().week;
  }

  /** The names of the acknowledgements sent ("ack-<id>.cbor"), in order. */
  acks(): string[] {
    return this.sent.filter((file) => file.name.startsWith("ack-")).map((file) => file.name);
  }

  /** The routine messages sent, decoded, in order, with the phone's time of each send. */
  routinesSent(): { routine: Routine; revision: number; at: number }[] {
    const routines: { routine: Routine; revision: number; at: number }[] = [];
    for (const file of this.sent) {
      const decoded = decodeRoutineMessage(file.payload);
      if (file.name === "routine.cbor" && decoded.ok) routines.push({ ...decoded.value, at: file.at });
    }
    return routines;
  }
}
