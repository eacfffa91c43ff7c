// The page's side of the Steady Hold profile over any Transport: connect and check the profile,
// reconnect after a drop (rxjs retry with a doubling pause), write the routine and commands and
// confirm each through the control point's response, pull results chunk by chunk with the shared
// assembler, store each one BEFORE acknowledging it, and stream the live state.
// No DOM here: unit tests drive it against the demo wearable in Node.
import { BehaviorSubject, Subject, Subscription, defer, firstValueFrom, interval, retry, timer } from "rxjs";
import { ResultAssembler, awaitedResponse, opcodeOf } from "../../common/gatt-central";
import {
  CharacteristicKey,
  ControlCommand,
  ControlResponse,
  LiveState,
  OPCODE,
  RESPONSE_CODE,
  SessionCommand,
  checkProfileVersion,
  decodeControlResponse,
  decodeLiveState,
  decodeRoutineValue,
  describeResponseCode,
  encodeControlCommand,
  encodeResultsCursor,
  encodeRoutineValue,
} from "../../common/gatt-profile";
import type { Routine } from "../../common/routine";
import { countOf } from "../../common/history-summary";
import { ProfileVersionError, describeConnectError, errorMessage, errorName } from "./messages";
import type { ResultStore, RoutineDraft } from "./store";
import type { LinkState, Transport } from "./transport";

export type ClientLink = LinkState | "reconnecting";
export type Severity = "info" | "success" | "error";

export interface ClientStatus {
  link: ClientLink;
  /** The latest message for the user (empty when none). */
  message: string;
  severity: Severity;
}

export interface LiveSnapshot {
  state: LiveState;
  /** Page time (ms) the value arrived: the countdown runs from here. */
  receivedAt: number;
}

/**
 * What became of a routine the page wrote (the draft saved on this page, or one saved while connected):
 * - "sent": the watch took it;
 * - "waiting": the watch answered 0x04 "not allowed now" (busy in a session, or its storage is full):
 *   it stays this page's unsent draft and is sent again when the watch's session ends, after a pull
 *   that acknowledged sessions (the watch deletes them: room), or at the next connection;
 * - "refused": the watch called it invalid (another answer): sending it to that watch again cannot
 *   help, so it is not retried; it stays the page's draft, marked refused with `reason` and the watch's
 *   id, until the user saves another. Another watch that connects is offered it (also one of the same name);
 * - "unsent": its write failed (the browser or the link rejected it, or the watch never answered):
 *   nothing is recorded, it stays this page's unsent draft and is written at the next connection or
 *   when the user saves it, not again on its own on this link. The connection goes on: the
 *   sessions waiting on the watch are fetched as usual.
 */
export type DraftState = "sent" | "waiting" | "refused" | "unsent";

export interface DraftOutcome {
  ok: boolean;
  message: string;
  state: DraftState;
  routine: Routine;
  /** The watch's answer in words ("" when it took it). */
  reason: string;
}

/** The watch's answer to a routine write: what became of it and, unless taken, the reason in words. */
interface DraftAnswer {
  state: DraftState;
  reason: string;
}

export interface PullReport {
  stored: number;
  /** Results received again that were already stored (acknowledged again, stored once). */
  duplicates: number;
  /** Set when the pull stopped on a bad value (nothing of that record stored) or a dropped link. */
  error: string;
  /** The link dropped in the middle: the pull resumes after reconnecting. */
  interrupted: boolean;
}

export interface ClientOptions {
  now?: () => number;
  delay?: (ms: number) => Promise<void>;
  utcOffsetMinutes?: () => number;
  /** Attempts to reconnect after a drop before giving up (each after a doubling pause). */
  reconnectAttempts?: number;
  /** First pause before reconnecting, ms; doubles per attempt up to 8 s. */
  reconnectDelayMs?: number;
  /** Reads of the control point response before a write counts as unanswered. */
  responseReads?: number;
  /** The live state is also read this often (a central that cannot receive notifications still follows the hold). */
  livePollMs?: number;
  log?: (line: string) => void;
}

const defaultDelay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class WearableClient {
  readonly status$ = new BehaviorSubject<ClientStatus>({ link: "disconnected", message: "", severity: "info" });
  readonly live$ = new BehaviorSubject<LiveSnapshot | null>(null);
  /** The routine the wearable has in force (read at connect and after every routine write). */
  readonly wearableRoutine$ = new BehaviorSubject<Routine | null>(null);
  /** Emits a report after every pull that stored or re-received something. */
  readonly pulled$ = new Subject<PullReport>();
  /**
   * What became of the routine saved on this page while no watch took it, sent at connect (the page
   * shows it next to the routine form).
   */
  readonly draftSent$ = new Subject<DraftOutcome>();
  /** Bytes of the current record received so far and its length (0/0 when idle). */
  readonly transfer$ = new BehaviorSubject<{ received: number; total: number }>({ received: 0, total: 0 });

  private readonly assembler = new ResultAssembler();
  private queue: Promise<unknown> = Promise.resolve();
  private subscriptions = new Subscription();
  private linkSubscription: Subscription | null = null;
  private closed = false;
  /**
   * Counts open() and close() calls: a connection attempt started under an older value was
   * overtaken (the user pressed Disconnect, or connected again) and must neither retry nor report.
   */
  private generation = 0;
  private wasConnected = false;
  /**
   * The generation a reconnection loop runs under, or -1 when none runs. Only one loop may run: the
   * link coming up and dropping again inside it is one of its failed attempts, not a new drop.
   */
  private reconnectingGeneration = -1;
  private resumePull = false;
  /** Unwanted link drops so far: a pull that sees this move was cut by the radio, not by a bad value. */
  private drops = 0;
  private pulling: Promise<PullReport> | null = null;
  private lastPhase = "";
  /** The UTC offset last sent with SET_CLOCK and taken (null before the first): a change is sent again. */
  private sentOffset: number | null = null;
  /**
   * The watch's clock on this link: "unsent" until the connection sends it, "set" once the watch took
   * it, "refused" when it answered anything else (sent again at a live read, at most every
   * CLOCK_RETRY_MS, and before every START).
   */
  private clockState: "unsent" | "set" | "refused" = "unsent";
  /** The watch's reason for the last refused SET_CLOCK, in words. */
  private clockRefusal = "";
  /**
   * Page time of the last SET_CLOCK that did not set the clock: refused, or its write failed or went
   * unanswered. A retry at a live read waits CLOCK_RETRY_MS from here.
   */
  private clockFailedAt = 0;
  private clockSync: Promise<void> | null = null;
  /**
   * The control point response's sequence after this connection's last confirmed write, or null
   * (new link, or a write that failed). Only Results cursor writes trust it (sparing a read per
   * cursor, now that each is confirmed); a command or routine write reads the sequence afresh: the
   * watch app may have restarted on the same link (left for the clock and opened again) and count
   * from 0 again, and an answer whose sequence happens to equal a kept one would read as "not yet"
   * until the write is given up as unanswered (review 22). A cursor write that meets that is given
   * up the same way, fails the pull, and the next pull reads afresh.
   */
  private knownSequence: number | null = null;
  /**
   * The watch answered a routine "not allowed now" on this link: the draft goes again when the watch's
   * session ends, after a pull that acknowledged sessions, or on the next connection — not at every
   * check in between.
   */
  private heldBack = false;
  /**
   * The draft revision (the page's save) written on this link and the watch's answer to it, or null.
   * Each revision is written once per connection: the connection's checks and the page's Save share
   * this answer — a Save clicked a few ms before "Connected" found the connection writing it already.
   */
  private linkDraft: { revision: number; answer: Promise<DraftAnswer> } | null = null;
  /**
   * The draft revision whose write failed on this link, or null: the connection's checks do not
   * write it again on their own (it waits for the next connection, or the user's Save).
   */
  private failedDraftRevision: number | null = null;
  /** Routine writes run one after another, each reading the store and linkDraft afresh (a draft is never sent twice at once). */
  private draftChain: Promise<unknown> = Promise.resolve();
  private readonly now: () => number;
  private readonly delay: (ms: number) => Promise<void>;
  private readonly offset: () => number;
  private readonly options: Required<
    Pick<ClientOptions, "reconnectAttempts" | "reconnectDelayMs" | "responseReads" | "livePollMs">
  >;
  private readonly logLine: (line: string) => void;

  constructor(
    readonly transport: Transport,
    private readonly store: ResultStore,
    options: ClientOptions = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.delay = options.delay ?? defaultDelay;
    this.offset = options.utcOffsetMinutes ?? (() => -new Date().getTimezoneOffset());
    this.options = {
      reconnectAttempts: options.reconnectAttempts ?? 6,
      reconnectDelayMs: options.reconnectDelayMs ?? 250,
      responseReads: options.responseReads ?? 40,
      livePollMs: options.livePollMs ?? 1000,
    };
    this.logLine = options.log ?? ((line) => console.info("[steady-hold] " + line));
  }

  private setStatus(message: string, severity: Severity, link?: ClientLink): void {
    this.status$.next({ link: link ?? this.status$.value.link, message, severity });
    this.logLine(message);
  }

  /** Serialises GATT operations: Web Bluetooth refuses a second operation while one is running. */
  private exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.queue.then(operation, operation);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** First connection. Resolves when connected and checked; rejects with a message for the user. */
  async open(): Promise<void> {
    this.closed = false;
    const generation = ++this.generation;
    try {
      await this.connectOnce(generation);
    } catch (error) {
      // Overtaken by close() or a newer open(), also when the GATT operation it waited on failed
      // because of them: quiet, and the link is no longer this attempt's to drop.
      if (error instanceof AttemptOvertaken || generation !== this.generation)
        throw new Error(new AttemptOvertaken().message);
      const message = describeConnectError(error);
      this.setStatus(message, "error", "disconnected");
      this.transport.disconnect();
      throw new Error(message);
    }
    this.watchLink();
    this.startLive();
    await this.pullResults();
  }

  /** Closes the link on purpose: no reconnection. */
  close(): void {
    this.closed = true;
    // A reconnection running now sees this at its next step and stops (and does not report "Connected").
    this.generation++;
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    this.linkSubscription?.unsubscribe();
    this.linkSubscription = null;
    this.transport.disconnect();
    this.setStatus("Disconnected.", "info", "disconnected");
  }

  /**
   * Throws AttemptOvertaken when open() or close() was called after the attempt of `generation`
   * began. `linkCameUp`: called right after this attempt's own connect() resolved — a link that came
   * up after close() is closed here. At any later step close() has closed the link itself, and the
   * attempt must leave the device alone: a new client for the same watch shares it (Chrome's
   * device.gatt), and disconnecting it aborts that client's connect() or drops its link (review 44).
   */
  private ensureCurrent(generation: number, linkCameUp = false): void {
    if (generation === this.generation) return;
    if (this.closed && linkCameUp) this.transport.disconnect();
    throw new AttemptOvertaken();
  }

  private async connectOnce(generation: number): Promise<void> {
    this.ensureCurrent(generation);
    // Only a change of the badge is published: the message shown ("The link … dropped") is said once.
    const link: ClientLink = this.wasConnected ? "reconnecting" : "connecting";
    if (this.status$.value.link !== link) this.status$.next({ ...this.status$.value, link });
    this.knownSequence = null;
    this.heldBack = false;
    this.linkDraft = null;
    this.failedDraftRevision = null;
    this.clockState = "unsent";
    await this.transport.connect();
    this.ensureCurrent(generation, true);
    await this.exclusive(async () => {
      const version = checkProfileVersion(await this.transport.read("version"));
      if (!version.ok) throw new ProfileVersionError("This watch cannot be used: " + version.reason + ".");
    });
    this.ensureCurrent(generation);
    const clockSet = await this.setClock();
    this.ensureCurrent(generation);
    const draft = await this.sendUnsentDraft();
    this.ensureCurrent(generation);
    const unreadable = await this.readRoutine();
    this.ensureCurrent(generation);
    this.wasConnected = true;
    const clockNote = clockSet ? "" : clockRefusedMessage(this.clockRefusal);
    const notes = [clockNote, draft === null ? "" : draft.message, unreadable].filter((note) => note !== "");
    const severity: Severity =
      clockNote !== "" ||
      unreadable !== "" ||
      (draft !== null && (draft.state === "refused" || draft.state === "unsent"))
        ? "error"
        : draft !== null && draft.state === "waiting"
          ? "info"
          : "success";
    this.setStatus(["Connected to " + this.transport.name + "."].concat(notes).join(" "), severity, "connected");
    if (draft !== null) this.draftSent$.next(draft);
    // The page hears "connected" above and may close this client at once (Disconnect pressed as the
    // badge changes, or another watch chosen): nothing more is sent then (review 31).
    this.ensureCurrent(generation);
    // A routine saved while this connection was set up: the page saw the link "connecting" and
    // promised to send it when the watch connects (review 22). Checked once more now that the status
    // says "connected": a save the page made before it saw "connected" is in the store by now, and one
    // made after is sent by the page itself, so no save falls between the last check and "Connected".
    await this.sendAndReportDraft(generation);
    this.ensureCurrent(generation);
  }

  /**
   * SET_CLOCK with the page's time and UTC offset. True when the watch took it (the offset is
   * remembered); false when it refused it (the reason is kept for the page, and it is sent again).
   */
  private async setClock(): Promise<boolean> {
    const offset = this.offset();
    const response = await this.request({ op: "set-clock", nowMs: Math.round(this.now()), utcOffsetMinutes: offset });
    if (response.code === RESPONSE_CODE.SUCCESS) {
      this.sentOffset = offset;
      this.clockState = "set";
      return true;
    }
    this.clockState = "refused";
    this.clockRefusal = describeResponseCode(response.code);
    this.clockFailedAt = this.now();
    this.logLine("SET_CLOCK refused by the watch: " + this.clockRefusal);
    return false;
  }

  /**
   * Sends SET_CLOCK again where that can help, while connected: when the watch refused it (at a live
   * read at most every CLOCK_RETRY_MS, and before every START: `beforeStart`), and when the page's UTC
   * offset changed since it was taken (daylight saving time began or ended, the laptop travelled) —
   * the watch has no zone rules and records each session with the offset it was given. Live reads
   * come every second (a background tab's timers may slow to a minute); asking the offset costs no
   * radio traffic, only a change does.
   */
  private syncClock(beforeStart = false): Promise<void> {
    if (this.transport.linkState() !== "connected") return Promise.resolve();
    // A failed attempt (refused, or its write failed) waits CLOCK_RETRY_MS before a live read tries again.
    const rested = this.now() - this.clockFailedAt >= CLOCK_RETRY_MS;
    const due =
      this.clockState === "set"
        ? this.offset() !== this.sentOffset && (beforeStart || rested)
        : this.clockState === "refused" && (beforeStart || rested);
    if (!due) return Promise.resolve();
    if (this.clockSync === null) {
      const wasRefused = this.clockState === "refused";
      const from = this.sentOffset;
      this.clockSync = this.setClock()
        .then((taken) => {
          if (taken && wasRefused) this.setStatus("The watch's clock is set now.", "success");
          else if (taken)
            this.logLine("UTC offset changed from " + from + " to " + this.sentOffset + " min: clock sent again");
          else if (!wasRefused) this.setStatus(clockRefusedMessage(this.clockRefusal), "error");
          else this.logLine("the watch refused its clock again (" + this.clockRefusal + ")");
        })
        .catch((error: unknown) => {
          // Not sent (the write failed, or the watch did not answer): retried after the same pause as a refusal.
          this.clockFailedAt = this.now();
          this.logLine("sending the clock failed (retried in " + CLOCK_RETRY_MS / 1000 + " s): " + errorMessage(error));
        })
        .finally(() => {
          this.clockSync = null;
        });
    }
    return this.clockSync;
  }

  /** Runs `write` after the routine writes before it. */
  private onDraftChain<T>(write: () => Promise<T>): Promise<T> {
    const run = this.draftChain.then(write);
    this.draftChain = run.catch(() => undefined);
    return run;
  }

  /**
   * The routine saved on this page while no watch took it (the page promised to send it when a watch
   * connects): written now and confirmed through the control point. Null when none waits, when this
   * link has written its revision already (see linkDraft) or failed to (failedDraftRevision), or on
   * the simulated watch. A write that fails is an "unsent" outcome, never a failed connection: the
   * draft stays unsent, and the sessions on the watch are fetched all the same.
   */
  private sendUnsentDraft(): Promise<DraftOutcome | null> {
    return this.onDraftChain(() => this.sendDraftNow());
  }

  private async sendDraftNow(): Promise<DraftOutcome | null> {
    const watch = this.transport.watchId;
    // The simulated watch is no one's watch: the draft waits for the user's own.
    if (watch === null) return null;
    let draft: RoutineDraft | null;
    try {
      // By this watch's id: a draft another watch refused is offered to this one (review 31).
      draft = await this.store.waitingDraft(watch);
    } catch (error) {
      this.logLine("the routine saved on this device could not be read: " + errorMessage(error));
      return null;
    }
    if (draft === null || this.linkDraft?.revision === draft.revision || this.failedDraftRevision === draft.revision)
      return null;
    let answer: DraftAnswer;
    const dropsAtStart = this.drops;
    try {
      answer = await this.writeDraft(draft.routine, draft.revision);
    } catch (error) {
      const reason = errorMessage(error).replace(/\.$/, "");
      // The link dropped with it: the page says so, and the reconnection writes the draft again.
      if (this.linkDropped(dropsAtStart)) {
        this.logLine(
          "the routine draft was not written, the link dropped (it is written when the watch is back): " + reason,
        );
        return null;
      }
      // A NetworkError on a link still up: a drop Chromium has not reported yet (the reconnection
      // then writes it), or a busy GATT link that stays up (Chrome on Android, GATT error 0x85). The
      // draft is held back, written again at the next chance, and the page says it waits (review 46).
      if (errorName(error) === "NetworkError") {
        this.heldBack = true;
        this.setStatus(DRAFT_NOT_WRITTEN_YET(reason), "error");
        return null;
      }
      this.logLine("the routine draft was not written (it is written at the next connection): " + reason);
      this.failedDraftRevision = draft.revision;
      answer = { state: "unsent", reason };
    }
    const { state, reason } = answer;
    return { ok: state === "sent", state, routine: draft.routine, reason, message: DRAFT_MESSAGE[state](reason) };
  }

  /** Writes `routine` (the draft's `revision`, or null: not a saved draft) and records the watch's answer. */
  private writeDraft(routine: Routine, revision: number | null): Promise<DraftAnswer> {
    const answer = this.writeAndConfirm("routine", encodeRoutineValue(routine), OPCODE.ROUTINE_WRITE).then(
      async (response) => {
        const state = await this.routineAnswered(routine, response.code);
        return { state, reason: state === "sent" ? "" : describeResponseCode(response.code) };
      },
    );
    if (revision !== null) {
      const written = { revision, answer };
      this.linkDraft = written;
      // A write that failed (the link dropped, or was not up yet) wrote nothing: the revision goes again.
      answer.catch(() => {
        if (this.linkDraft === written) this.linkDraft = null;
      });
    }
    return answer;
  }

  /**
   * Records the watch's answer to `routine` (the page's draft) by its reason: taken, the draft is
   * settled; "not allowed now", it stays unsent and is held back until the session ends, a pull makes
   * room, or the next connection; anything else, it is refused as invalid by this watch (by id) and
   * not sent to it again. The simulated watch's answers leave the draft as it is.
   */
  private async routineAnswered(routine: Routine, code: number): Promise<DraftState> {
    const watch = this.transport.watchId;
    try {
      if (code === RESPONSE_CODE.SUCCESS) {
        this.heldBack = false;
        if (watch !== null) await this.store.routineDraftSettled(routine);
        return "sent";
      }
      if (code === RESPONSE_CODE.NOT_ALLOWED) {
        this.heldBack = true;
        return "waiting";
      }
      if (watch !== null) await this.store.routineDraftRefused(routine, describeResponseCode(code), watch);
    } catch (error) {
      this.logLine("could not record the watch's answer to the routine draft: " + errorMessage(error));
    }
    return code === RESPONSE_CODE.SUCCESS ? "sent" : "refused";
  }

  /**
   * The watch may take a draft it answered "not allowed now" (busy in a session, or its storage full):
   * its session ended, or a pull acknowledged sessions, which it then deletes (room again). The draft
   * goes again and the page hears what became of it (a dropped link leaves it unsent for the next
   * connection).
   */
  private retryHeldBackDraft(): Promise<void> {
    this.heldBack = false;
    this.linkDraft = null;
    return this.sendAndReportDraft(this.generation);
  }

  /**
   * Sends the draft waiting now, if any, on a connected link, reads the watch's routine back when it
   * took it, and tells the page. A failed write leaves the draft unsent for the next connection.
   * Never rejects.
   */
  private async sendAndReportDraft(generation: number): Promise<void> {
    const outcome = await this.sendUnsentDraft();
    if (outcome === null || generation !== this.generation) return;
    let unshown = "";
    if (outcome.state === "sent") {
      try {
        unshown = await this.readRoutine();
      } catch (error) {
        unshown = "It could not be read back to show it (" + errorMessage(error) + ").";
      }
    }
    const message = outcome.message + (unshown ? " " + unshown : "");
    this.setStatus(message, outcome.ok ? "success" : outcome.state === "waiting" ? "info" : "error");
    this.draftSent$.next({ ...outcome, message });
  }

  /** After an unwanted drop: reconnect with a doubling pause, then resume a cut transfer. */
  private watchLink(): void {
    this.linkSubscription?.unsubscribe();
    let previous: LinkState = "connected";
    this.linkSubscription = this.transport.state$.subscribe((state) => {
      const dropped = previous === "connected" && state === "disconnected";
      previous = state;
      if (!dropped || this.closed) return;
      this.drops++;
      if (this.pulling !== null) this.resumePull = true;
      // A drop while a reconnection runs (the link came up and fell again) belongs to that loop: its
      // attempt fails and the loop retries, within its own count.
      if (this.reconnectingGeneration === this.generation) {
        this.logLine("the link dropped again while reconnecting");
        return;
      }
      this.setStatus("The link to the watch dropped; reconnecting…", "error", "reconnecting");
      void this.reconnect();
    });
  }

  private async reconnect(): Promise<void> {
    const base = this.options.reconnectDelayMs;
    // close() and open() move it on: a changed generation is also how a Disconnect shows here.
    const generation = this.generation;
    this.reconnectingGeneration = generation;
    try {
      await firstValueFrom(
        defer(() => this.connectOnce(generation)).pipe(
          retry({
            count: this.options.reconnectAttempts,
            delay: (error, attempt) => {
              // Overtaken (Disconnect pressed): no further attempt.
              if (error instanceof AttemptOvertaken) throw error;
              this.logLine("reconnect attempt " + attempt + " failed: " + errorMessage(error));
              return timer(Math.min(8000, base * 2 ** (attempt - 1)));
            },
          }),
        ),
      );
    } catch (error) {
      if (generation !== this.generation) {
        this.logLine("reconnection stopped: the link was closed on purpose");
        return;
      }
      this.reconnectingGeneration = -1;
      this.setStatus(
        "Could not reconnect: " + describeConnectError(error) + " Press Connect to try again.",
        "error",
        "disconnected",
      );
      return;
    }
    if (generation !== this.generation) return;
    this.reconnectingGeneration = -1;
    this.watchLink();
    // Notifications were bound to the characteristics of the old link: subscribe again.
    this.startLive();
    // The pull the drop cut must finish failing before the resumed one starts.
    if (this.pulling !== null) await this.pulling;
    await this.pullResults();
  }

  // ---- control point

  private async readResponse(): Promise<ControlResponse | null> {
    const decoded = decodeControlResponse(await this.transport.read("control"));
    return decoded.ok ? decoded.value : null;
  }

  /**
   * Writes `value` to `key` and reads the control point until it answers `opcode`
   * (docs/gatt-profile.md: a simple peripheral cannot fail a write, so every write is answered there).
   */
  private writeAndConfirm(key: CharacteristicKey, value: Uint8Array, opcode: number): Promise<ControlResponse> {
    return this.exclusive(async () => {
      try {
        const answer = await this.writeAndAwait(key, value, opcode);
        this.knownSequence = answer.sequence;
        return answer;
      } catch (error) {
        // The answer may still come (or the link went): read the sequence afresh before the next write.
        this.knownSequence = null;
        throw error;
      }
    });
  }

  private async writeAndAwait(key: CharacteristicKey, value: Uint8Array, opcode: number): Promise<ControlResponse> {
    let previous = key === "results" ? this.knownSequence : null;
    if (previous === null) {
      const before = await this.readResponse();
      previous = before === null ? -1 : before.sequence;
    }
    await this.transport.write(key, value);
    // A write to the control point itself may read back as the command just written (Espruino's
    // write→onWrite gap), or as a value that does not decode yet: both are read again, bounded.
    const written = key === "control" ? value : undefined;
    let unreadable = "";
    for (let attempt = 0; attempt < this.options.responseReads; attempt++) {
      const answer = awaitedResponse(await this.transport.read("control"), opcode, previous, written);
      if (answer.ok && answer.value !== null) return answer.value;
      unreadable = answer.ok ? "" : answer.reason;
      if (!answer.ok) this.logLine("control point answer not readable yet: " + answer.reason);
      await this.delay(Math.min(200, 10 * (attempt + 1)));
    }
    if (unreadable) throw new Error("The watch's answer could not be read: " + unreadable + ".");
    throw new Error("The watch did not answer the request (opcode 0x" + opcode.toString(16) + ").");
  }

  /**
   * Writes the Results cursor and waits for its control point answer (0x21): until the wearable has
   * handled the write, Espruino serves the cursor's own bytes as the Results value, and cursor 0's
   * [0, 0] is the "nothing stored" value. A refused cursor (past a record that got shorter) is not an
   * error here: the Results value then says so (bad cursor) and the assembler restarts.
   */
  private async writeCursor(cursor: number): Promise<void> {
    const answer = await this.writeAndConfirm("results", encodeResultsCursor(cursor), OPCODE.RESULTS_CURSOR);
    if (answer.code !== RESPONSE_CODE.SUCCESS)
      this.logLine("results cursor " + cursor + " answered: " + describeResponseCode(answer.code));
  }

  private request(command: ControlCommand): Promise<ControlResponse> {
    return this.writeAndConfirm("control", encodeControlCommand(command), opcodeOf(command));
  }

  /** Start, pause, resume or end the session on the watch; resolves with a message for the page. */
  async command(op: SessionCommand): Promise<{ ok: boolean; message: string }> {
    try {
      if (op === "start") await this.syncClock(true);
      const response = await this.request({ op });
      const ok = response.code === RESPONSE_CODE.SUCCESS;
      let message = ok
        ? COMMAND_DONE[op]
        : COMMAND_NAME[op] +
          " refused by the watch: " +
          describeResponseCode(response.code) +
          (op === "start" && response.code === RESPONSE_CODE.NOT_ALLOWED ? " (" + START_NOT_ALLOWED_CAUSE + ")" : "") +
          ".";
      if (ok && op === "start" && this.clockState === "refused")
        message +=
          " The watch's clock is not set (it refused it: " +
          this.clockRefusal +
          "), so this session's time may be wrong.";
      this.setStatus(message, ok ? "success" : "error");
      if (ok) void this.refreshLive();
      return { ok, message };
    } catch (error) {
      const message = COMMAND_NAME[op] + " failed: " + errorMessage(error);
      this.setStatus(message, "error");
      return { ok: false, message };
    }
  }

  // ---- routine

  /** Reads the watch's routine into wearableRoutine$; "" or, for a value that does not decode, why (a failed read rejects). */
  private async readRoutine(): Promise<string> {
    const decoded = decodeRoutineValue(await this.exclusive(() => this.transport.read("routine")));
    if (decoded.ok) {
      this.wearableRoutine$.next(decoded.value);
      return "";
    }
    this.logLine("routine value rejected: " + decoded.reason);
    return "The watch's routine could not be read: " + decoded.reason + ".";
  }

  /**
   * Sends a routine (already checked by parseRoutine) and confirms it through the control point.
   * `revision`: the page saved it as its draft with this revision (store.saveRoutineDraft) — when this
   * link wrote that revision already, that write's answer is the answer (each revision once per link).
   */
  async writeRoutine(routine: Routine, revision?: number): Promise<{ ok: boolean; message: string }> {
    let answer: DraftAnswer;
    try {
      answer = await this.onDraftChain(() => {
        const written = this.linkDraft;
        if (revision !== undefined && written !== null && written.revision === revision) return written.answer;
        return this.writeDraft(routine, revision ?? null);
      });
    } catch (error) {
      const message = "The routine was not sent: " + errorMessage(error);
      this.setStatus(message, "error");
      return { ok: false, message };
    }
    // The watch answered: by its reason the draft is settled, waits for the session's end, or is refused.
    const { state, reason } = answer;
    if (state !== "sent") {
      const message =
        state === "waiting"
          ? "The watch cannot take the routine now (" + reason + ": " + NOT_ALLOWED_CAUSE + "); " + WAITING_TAIL
          : "The watch refused the routine: " + reason + ". " + REFUSED_TAIL;
      this.setStatus(message, state === "waiting" ? "info" : "error");
      return { ok: false, message };
    }
    // The answer 0x01 decides "saved"; the read-back only shows it, so its failure says no more than that.
    let unshown: string;
    try {
      unshown = await this.readRoutine();
    } catch (error) {
      unshown = "It could not be read back to show it (" + errorMessage(error) + ").";
    }
    const message = "Routine saved on the watch; it applies from the next session." + (unshown ? " " + unshown : "");
    this.setStatus(message, "success");
    return { ok: true, message };
  }

  // ---- results

  /**
   * Pulls every stored result (one pull at a time; a second call joins the running one). Into a store
   * that does not outlive the page nothing is pulled: a result is acknowledged (and so deleted on the
   * wearable) only once it is on lasting storage, and the wearable serves only its oldest result until
   * that one is acknowledged, so the results stay on the wearable for a page that can keep them.
   */
  pullResults(): Promise<PullReport> {
    if (!this.store.lasting) {
      const report: PullReport = { stored: 0, duplicates: 0, error: NOT_KEPT_MESSAGE, interrupted: false };
      this.setStatus(NOT_KEPT_MESSAGE, "info");
      return Promise.resolve(report);
    }
    if (this.pulling === null) {
      this.pulling = this.pullAll().finally(() => {
        this.pulling = null;
      });
    }
    return this.pulling;
  }

  private async pullAll(): Promise<PullReport> {
    const report: PullReport = { stored: 0, duplicates: 0, error: "", interrupted: false };
    const dropsAtStart = this.drops;
    /** Sessions the watch took the acknowledgement of (it deletes them: room on a full flash). */
    let acknowledged = 0;
    try {
      let cursor = this.resumePull ? this.assembler.resume() : this.assembler.start();
      if (this.resumePull && cursor > 0) this.logLine("resuming the result transfer at byte " + cursor);
      this.resumePull = false;
      await this.writeCursor(cursor);
      for (;;) {
        const value = await this.exclusive(() => this.transport.read("results"));
        const step = this.assembler.accept(value);
        const progress = this.assembler.progress();
        this.transfer$.next({ received: progress.cursor, total: progress.total });
        if (step.type === "empty") break;
        if (step.type === "error") {
          report.error = "A result from the watch could not be read, so it was not stored: " + step.reason + ".";
          this.setStatus(report.error, "error");
          break;
        }
        if (step.type === "stale") {
          await this.delay(Math.min(200, 10 * step.staleReads));
          continue;
        }
        if (step.type === "restart") this.logLine("result transfer restarts: " + step.reason);
        if (step.type === "next" || step.type === "restart") {
          cursor = step.cursor;
          await this.writeCursor(cursor);
          continue;
        }
        // complete: stored first, acknowledged after; a lost acknowledgement resends it, stored once.
        let added: boolean;
        try {
          added = await this.store.putIfAbsent(step.result);
        } catch (error) {
          // Not a Bluetooth problem: nothing is acknowledged, so the watch keeps the session.
          report.error = storageFailedMessage(error);
          this.setStatus(report.error, "error");
          break;
        }
        if (added) report.stored++;
        else report.duplicates++;
        const ack = await this.request({ op: "ack-result", id: step.result.id });
        if (ack.code !== RESPONSE_CODE.SUCCESS && ack.code !== RESPONSE_CODE.UNKNOWN_RESULT) {
          report.error =
            "The watch refused the acknowledgement of " + step.result.id + ": " + describeResponseCode(ack.code) + ".";
          this.setStatus(report.error, "error");
          break;
        }
        acknowledged++;
        cursor = this.assembler.acknowledged(step.crc);
        await this.writeCursor(cursor);
      }
    } catch (error) {
      // A failed GATT operation (the link dropped, or is dropping): the bytes gathered are kept and
      // the next pull — after reconnecting — resumes at the cursor if the record is unchanged.
      this.resumePull = true;
      report.interrupted = true;
      const dropped = this.cutByDrop(error, dropsAtStart);
      const at = this.assembler.progress();
      if (dropped) {
        report.error = "The link dropped during a result transfer; it resumes when the watch is back.";
        this.logLine(report.error + " (" + errorMessage(error) + ")");
      } else {
        report.error =
          "Reading results failed (" +
          errorMessage(error) +
          "); the transfer resumes at byte " +
          at.cursor +
          " on the next pull.";
        this.setStatus(report.error, "error");
      }
    }
    this.transfer$.next({ received: 0, total: 0 });
    if (report.stored > 0 || report.duplicates > 0) {
      if (!report.error) this.setStatus(storedMessage(report), "success");
      this.pulled$.next(report);
    }
    // A Bangle answers a routine 0x04 also when its flash is full: the sessions just acknowledged are
    // deleted there, so a draft held back may fit now (review 31). The pull resolves once the watch
    // answered it (retryHeldBackDraft never rejects), so the page's store says what became of it.
    if (acknowledged > 0 && this.heldBack) await this.retryHeldBackDraft();
    return report;
  }

  /**
   * Whether a GATT operation that failed with `error` was cut by a dropped link rather than refused:
   * a drop since `dropsAtStart`, the link down now, or a NetworkError — Chromium fails the operation
   * (GATT error 0x85, "GATT Server is disconnected") before it reports the disconnection. One rule
   * for the result pull and the routine draft (review 44).
   */
  private cutByDrop(error: unknown, dropsAtStart: number): boolean {
    return this.linkDropped(dropsAtStart) || errorName(error) === "NetworkError";
  }

  /** Whether the link dropped since `dropsAtStart` or is down now: the reconnection takes over. */
  private linkDropped(dropsAtStart: number): boolean {
    return this.drops !== dropsAtStart || this.transport.linkState() !== "connected";
  }

  // ---- live state

  private startLive(): void {
    this.subscriptions.unsubscribe();
    this.subscriptions = new Subscription();
    const accept = (value: Uint8Array) => this.acceptLive(value);
    const subscribeNotifications = () => {
      this.subscriptions.add(
        this.transport.notifications("live").subscribe({
          next: accept,
          error: (error: unknown) =>
            this.logLine("live notifications unavailable (" + errorMessage(error) + "); reading instead"),
        }),
      );
    };
    subscribeNotifications();
    this.subscriptions.add(
      this.transport.state$.subscribe((state) => {
        if (state === "connected") void this.refreshLive();
      }),
    );
    this.subscriptions.add(interval(this.options.livePollMs).subscribe(() => void this.refreshLive()));
  }

  /** Reads the live state now (also after each command, so the page follows at once). */
  async refreshLive(): Promise<void> {
    if (this.transport.linkState() !== "connected") return;
    await this.syncClock();
    try {
      this.acceptLive(await this.exclusive(() => this.transport.read("live")));
    } catch (error) {
      this.logLine("live state read failed: " + errorMessage(error));
    }
  }

  private acceptLive(value: Uint8Array): void {
    const decoded = decodeLiveState(value);
    if (!decoded.ok) {
      this.setStatus("The watch sent a live state that could not be read: " + decoded.reason + ".", "error");
      return;
    }
    const previous = this.live$.value;
    const state = decoded.value;
    // A repeated value (same sequence) keeps its arrival time, so the countdown does not jump back.
    if (
      previous !== null &&
      previous.state.sequence === state.sequence &&
      previous.state.remainingTenths === state.remainingTenths
    )
      return;
    this.live$.next({ state, receivedAt: this.now() });
    // A session that just ended stored its result on the watch: fetch it.
    if (state.phase === "done" && this.lastPhase !== "done" && this.lastPhase !== "") void this.pullResults();
    // The session ended (done, or back to idle): a watch that was busy may take the routine draft now.
    const ended = (state.phase === "done" || state.phase === "idle") && ACTIVE_PHASES.indexOf(this.lastPhase) >= 0;
    if (ended && this.heldBack) void this.retryHeldBackDraft();
    this.lastPhase = state.phase;
  }
}

/** A connection attempt overtaken by close() or a newer open(): it stops without retrying or reporting. */
class AttemptOvertaken extends Error {
  constructor() {
    super("The connection attempt was cancelled.");
    this.name = "AttemptOvertaken";
  }
}

/** A refused SET_CLOCK is sent again at a live read at most this often (ms). */
const CLOCK_RETRY_MS = 10_000;

function clockRefusedMessage(reason: string): string {
  return (
    "The watch refused its clock (" +
    reason +
    "): sessions it records now may carry a wrong time. This page sends it again (check this device's date and time)."
  );
}

const ACTIVE_PHASES = ["get-ready", "hold", "rest", "switch"];

/** Why a watch answers a routine 0x04 "not allowed now": in a session (test watches), or a Bangle's flash is full. */
const NOT_ALLOWED_CAUSE = "it is busy, e.g. in a session, or its storage is full";
/** Why a watch answers START "not allowed now": the page cannot tell which, so it names both and what helps. */
const START_NOT_ALLOWED_CAUSE =
  "a session is already running on it, or its storage is full: there is no room to save the session or keep its result; " +
  "free storage on the watch (other apps' files), or fetch its sessions if any wait";
const WAITING_TAIL =
  "it stays in the form, saved on this device, and is sent again when the session ends, once this page has fetched " +
  "the watch's sessions (room is made), or at the next connection.";
const REFUSED_TAIL = "Your routine stays in the form, marked refused: change it and save again.";

const DRAFT_MESSAGE: { [S in DraftState]: (reason: string) => string } = {
  sent: () => "The routine saved on this device was sent to the watch; it applies from the next session.",
  waiting: (reason) =>
    "The watch cannot take the routine saved on this device now (" +
    reason +
    ": " +
    NOT_ALLOWED_CAUSE +
    "); " +
    WAITING_TAIL,
  refused: (reason) =>
    "The watch refused the routine saved on this device (" + reason + ") and keeps its own. " + REFUSED_TAIL,
  unsent: (reason) =>
    "The routine saved on this device was not sent to the watch (" +
    reason +
    "). It stays in the form, saved on this device, and is sent at the next connection, or now if you press Save.",
};

const DRAFT_NOT_WRITTEN_YET = (reason: string) =>
  "The routine saved on this device was not written to the watch just now (" +
  reason +
  "). It stays in the form, saved on this device, and is sent again when the watch's session ends or this page " +
  "fetches its sessions, at the next connection, or now if you press Save.";

export const NOT_KEPT_MESSAGE =
  "Sessions stay on the watch: this browser cannot keep them (its storage, IndexedDB, is unavailable), " +
  "so this page does not fetch them. Open the page in a browser window that allows storage to collect them.";

const COMMAND_NAME: { [C in SessionCommand]: string } = {
  start: "Start",
  pause: "Pause",
  resume: "Resume",
  end: "End",
};
const COMMAND_DONE: { [C in SessionCommand]: string } = {
  start: "Session started on the watch.",
  pause: "Session paused.",
  resume: "Session resumed.",
  end: "Session ended; its result is being fetched.",
};

/** A result this device could not store, in words that name the cause: its storage, not the watch. */
export function storageFailedMessage(error: unknown): string {
  const cause =
    errorName(error) === "QuotaExceededError"
      ? "this device's storage is full"
      : "this device's storage is unavailable (" + errorMessage(error) + ")";
  return (
    "A session from the watch could not be stored: " +
    cause +
    ". It stays on the watch and is fetched again at the next connection or session end, once this device can store it."
  );
}

function storedMessage(report: PullReport): string {
  const parts: string[] = [];
  if (report.stored > 0) parts.push(countOf(report.stored, "new session") + " stored");
  if (report.duplicates > 0) parts.push(report.duplicates + " already stored (kept once)");
  return parts.join("; ") + ".";
}
