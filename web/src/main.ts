// The page: wires the DOM to the client, the store and the pure view modules. Kept thin: what can
// be decided without the DOM lives in the modules it imports (and is unit-tested there).
import "uplot/dist/uPlot.min.css";
import "./style.css";
import { ROUTINE_KEYS, Routine } from "../../common/routine";
import type { SessionResult } from "../../common/result";
import {
  EMPTY_SYNC_STATE,
  bounceWarningCount,
  sessionDetail,
  sessionLine,
  summarizeHistory,
  weekSummaryLines,
  countOf,
} from "../../common/history-summary";
import { legName } from "../../common/screen-text";
import { exportCsv, exportJson } from "../../common/history-export";
import { BackendTransport } from "./backend-transport";
import { historyTitle } from "./session-title";
import { BluetoothTransport } from "./bluetooth-transport";
import { DemoWearable } from "./demo-wearable";
import { parseHistoryExport } from "./fitbit-import";
import { renderCharts } from "./charts";
import { liveText } from "./live-view";
import { BLUETOOTH_OFF_MESSAGE, bluetoothUnavailableReason, describeConnectError } from "./messages";
import {
  checkRoutineForm,
  followedChanges,
  historyRoutine,
  routineFormContent,
  routineFormFields,
  routineToForm,
} from "./routine-form";
import { IndexedDbStore, MemoryStore, ResultStore, askToKeepStorage, readDraftStatus } from "./store";
import type { Transport } from "./transport";
import { ClientStatus, WearableClient } from "./wearable-client";
import { ClientSlot } from "./client-slot";
import { Subscription } from "rxjs";

const PAGES = ["connect", "live", "routine", "history"] as const;
type Page = (typeof PAGES)[number];

function el<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (!found) throw new Error("page element #" + id + " is missing");
  return found as T;
}

// Until IndexedDB opens (or if it cannot): memory, which does not outlive the page, so the client
// fetches no results into it (they stay on the watch).
let store: ResultStore = new MemoryStore({ lasting: false });
const clients = new ClientSlot<WearableClient>();
let demo: DemoWearable | null = null;
let history: SessionResult[] = [];

// ---- pages

function showPage(page: Page, focus = false): void {
  for (const name of PAGES) {
    el("page-" + name).hidden = name !== page;
    const tab = document.querySelector<HTMLButtonElement>('.tab[data-page="' + name + '"]');
    if (tab) {
      if (name === page) tab.setAttribute("aria-current", "page");
      else tab.removeAttribute("aria-current");
    }
  }
  if (location.hash !== "#" + page) replaceHash("#" + page);
  if (page === "history") void renderHistory();
  if (focus) el(page + "-title").focus();
}

function replaceHash(hash: string): void {
  window.history.replaceState(null, "", hash);
}

function pageFromHash(): Page {
  const name = location.hash.replace("#", "");
  return (PAGES as readonly string[]).indexOf(name) >= 0 ? (name as Page) : "connect";
}

// ---- messages

function showMessage(text: string, severity: ClientStatus["severity"]): void {
  const box = el("message");
  box.hidden = text === "";
  box.textContent = text;
  box.className = "message " + severity;
  box.setAttribute("role", severity === "error" ? "alert" : "status");
}

const LINK_TEXT = {
  disconnected: "Not connected",
  connecting: "Connecting…",
  connected: "Connected",
  reconnecting: "Reconnecting…",
};

function showStatus(status: ClientStatus): void {
  const badge = el("link-badge");
  badge.dataset.link = status.link;
  badge.textContent =
    status.link === "connected" && clients.current
      ? "Connected: " + clients.current.transport.name
      : LINK_TEXT[status.link];
  el("disconnect").hidden = status.link === "disconnected";
  if (status.message) showMessage(status.message, status.severity);
}

// ---- connecting

function bluetoothReason(): string | null {
  return bluetoothUnavailableReason({
    hasWebBluetooth: "bluetooth" in navigator,
    isSecureContext: window.isSecureContext,
    origin: location.protocol + "//" + location.host,
  });
}

/**
 * A Connect click's attempt runs: the chooser, then the connection until it is up and the sessions
 * waiting are fetched, or it failed. One at a time — a second attempt would replace the first and
 * write the routine saved on this device again (a double-click, or a click while "Connecting…").
 */
let connectRunning = false;

function setConnectRunning(running: boolean): void {
  connectRunning = running;
  el<HTMLButtonElement>("connect").disabled = running || bluetoothReason() !== null;
}

async function connectBluetooth(): Promise<void> {
  if (connectRunning) return;
  const reason = bluetoothReason();
  if (reason !== null) {
    showMessage(reason, "error");
    return;
  }
  setConnectRunning(true);
  try {
    await chooseAndConnect();
  } finally {
    setConnectRunning(false);
  }
}

async function chooseAndConnect(): Promise<void> {
  let transport: BluetoothTransport;
  try {
    const available = await navigator.bluetooth.getAvailability();
    if (!available) {
      showMessage(BLUETOOTH_OFF_MESSAGE, "error");
      return;
    }
    showMessage("Pick your watch in the browser's list…", "info");
    transport = await BluetoothTransport.choose(navigator.bluetooth);
  } catch (error) {
    showMessage(describeConnectError(error), "error");
    return;
  }
  dropClientAndDemo();
  await startClient(transport);
}

/**
 * The old client first (it may be reading the old simulated watch), then the old simulated watch;
 * the form no longer shows the simulated watch's routine.
 */
function dropClientAndDemo(): void {
  clients.clear();
  if (demo !== null) void showRoutine(null, false);
  demo?.dispose();
  demo = null;
  el("demo-controls").hidden = true;
}

async function startDemo(): Promise<void> {
  dropClientAndDemo();
  demo = new DemoWearable();
  el("demo-controls").hidden = false;
  // No watch id: the simulated watch is no one's watch (a routine saved for the user's watch waits).
  await startClient(new BackendTransport("Simulated watch", demo.backend, null));
  showPage("live", true);
}

/** The page's subscriptions to `next`; the slot drops them when the client is replaced. */
function wireClient(next: WearableClient): Subscription {
  const wiring = new Subscription();
  wiring.add(next.status$.subscribe(showStatus));
  wiring.add(next.live$.subscribe(() => renderLive()));
  wiring.add(
    next.wearableRoutine$.subscribe((routine) => {
      if (routine) void showRoutine(routine, false, next.transport.watchId === null);
    }),
  );
  // The routine saved here while no watch was connected is sent at connect: say what became of it.
  wiring.add(next.draftSent$.subscribe((outcome) => (el("routine-result").textContent = outcome.message)));
  wiring.add(next.pulled$.subscribe(() => void renderHistory()));
  wiring.add(
    next.transfer$.subscribe((t) => {
      el("transfer").textContent =
        t.total > 0 ? "Receiving a session: " + t.received + " of " + t.total + " bytes" : "";
    }),
  );
  return wiring;
}

async function startClient(transport: Transport): Promise<void> {
  const next = clients.replace(new WearableClient(transport, store), wireClient);
  try {
    await next.open();
  } catch {
    // open() already showed the reason.
  }
}

// ---- live view

let shownCountdown = "";
let shownWarning = "";

function renderLive(): void {
  const client = clients.current;
  const snapshot = client?.live$.value ?? null;
  const connected = client !== null && client.status$.value.link === "connected";
  const text = liveText(connected && snapshot ? snapshot.state : null, snapshot ? snapshot.receivedAt : 0, Date.now());
  el("live-phase").textContent = text.phase;
  el("live-where").textContent = text.where;
  // Only whole-second changes touch the live region, so screen readers are not flooded.
  if (text.countdown !== shownCountdown) {
    shownCountdown = text.countdown;
    el("live-countdown").textContent = text.countdown;
    el("live-unit").hidden = text.countdown === "";
  }
  el("live-steadiness").textContent = text.steadiness;
  if (text.warning !== shownWarning) {
    shownWarning = text.warning;
    el("live-warning").textContent = text.warning;
    el("live-warning").hidden = text.warning === "";
  }
  el<HTMLButtonElement>("cmd-start").disabled = !connected || !text.canStart;
  el<HTMLButtonElement>("cmd-pause").disabled = !connected || !text.canPause;
  el<HTMLButtonElement>("cmd-resume").disabled = !connected || !text.canResume;
  el<HTMLButtonElement>("cmd-end").disabled = !connected || !text.canEnd;
  el("demo-bounce-state").textContent = demo && demo.willBounce ? "The next hold will bounce." : "";
}

// ---- routine

function buildRoutineForm(): void {
  const container = el("routine-fields");
  for (const field of routineFormFields()) {
    const row = document.createElement("div");
    row.className = "field";
    const id = "routine-" + field.key;
    const label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = field.label + (field.unit ? " (" + field.unit + ")" : "");
    let input: HTMLInputElement | HTMLSelectElement;
    if (field.kind === "integer") {
      const number = document.createElement("input");
      number.type = "number";
      number.inputMode = "numeric";
      number.min = String(field.min);
      number.max = String(field.max);
      number.step = "1";
      input = number;
    } else {
      const select = document.createElement("select");
      for (const option of field.options) select.add(new Option(option.name, option.value));
      input = select;
    }
    input.id = id;
    input.name = field.key;
    const hint = document.createElement("p");
    hint.className = "hint";
    hint.id = id + "-hint";
    hint.textContent = field.hint;
    const error = document.createElement("p");
    error.className = "field-error";
    error.id = id + "-error";
    input.setAttribute("aria-describedby", hint.id + " " + error.id);
    row.append(label, input);
    if (field.hint) row.append(hint);
    row.append(error);
    container.append(row);
  }
}

/**
 * Fills the form with the watch's routine (`watch`, null before any) — unless the user's draft waits
 * for the watch or was refused by it: then the draft, so Save sends the user's routine again
 * (routineFormContent). `withNote`: also say so under the form (when the page opens). `simulated`:
 * `watch` is the simulated watch's, shown as it is.
 */
async function showRoutine(watch: Routine | null, withNote: boolean, simulated = false): Promise<void> {
  shownRoutine = { watch, simulated };
  let content: { routine: Routine; note: string };
  try {
    content = routineFormContent(watch, await readDraftStatus(store), simulated);
  } catch (error) {
    console.warn("[steady-hold] the routine saved on this device could not be read", error);
    content = routineFormContent(watch, { routine: null, waiting: false, refusal: null });
  }
  // The fields the user typed into and did not save keep their values (a reconnection reads the
  // watch's routine again); the others follow the routine read, so Save never sends a stale value
  // the user did not type over a change made elsewhere (review 46).
  // Only a watch's routine read is a change made elsewhere; the simulated watch's, or this device's
  // after a disconnection, is the page's own switch (review 47).
  fillRoutineForm(content.routine, editedFields, !simulated && watch !== null && content.routine === watch);
  if (withNote && content.note !== "") el("routine-result").textContent = content.note;
}

/** What the form last showed or would show (showRoutine's arguments): "Discard my changes" shows it. */
let shownRoutine: { watch: Routine | null; simulated: boolean } = { watch: null, simulated: false };

/** The routine fields (keys) the user edited since the last Save or Discard. */
const editedFields = new Set<string>();
/**
 * What the form showed when those edits began (or when the page last switched routine under them):
 * the note names every change a watch's routine made since, not only the last read's (review 47).
 */
let shownBeforeEdits: { [key: string]: string } | null = null;

function markRoutineEdited(event: Event): void {
  if (shownBeforeEdits === null) shownBeforeEdits = readRoutineForm();
  const id = (event.target as HTMLElement).id;
  editedFields.add(id.slice("routine-".length));
  el("routine-unsaved").hidden = false;
}

function forgetRoutineEdits(): void {
  editedFields.clear();
  shownBeforeEdits = null;
  el("routine-unsaved").hidden = true;
  el("routine-followed").hidden = true;
}

function discardRoutineEdits(): void {
  forgetRoutineEdits();
  void showRoutine(shownRoutine.watch, false, shownRoutine.simulated);
}

/** `fromWatch`: `routine` is a watch's, read while the user may have unsaved edits (`keep`). */
function fillRoutineForm(routine: Routine, keep: ReadonlySet<string>, fromWatch: boolean): void {
  const values = routineToForm(routine);
  const changed = fromWatch && shownBeforeEdits !== null ? followedChanges(shownBeforeEdits, routine, keep) : "";
  for (const key of ROUTINE_KEYS) if (!keep.has(key)) el<HTMLInputElement>("routine-" + key).value = values[key];
  // The page switched routine itself: what it shows now is where later changes are counted from.
  if (!fromWatch && shownBeforeEdits !== null) shownBeforeEdits = readRoutineForm();
  el("routine-followed").textContent =
    changed === "" ? "" : "The watch's routine changed meanwhile, and the form shows it: " + changed + ".";
  el("routine-followed").hidden = changed === "";
}

function readRoutineForm(): { [key: string]: string } {
  const values: { [key: string]: string } = {};
  for (const key of ROUTINE_KEYS) values[key] = el<HTMLInputElement>("routine-" + key).value;
  return values;
}

async function submitRoutine(event: Event): Promise<void> {
  event.preventDefault();
  const checked = checkRoutineForm(readRoutineForm());
  let firstInvalid: HTMLElement | null = null;
  for (const key of ROUTINE_KEYS) {
    const message = checked.errors[key] ?? "";
    el("routine-" + key + "-error").textContent = message;
    const input = el("routine-" + key);
    input.setAttribute("aria-invalid", message ? "true" : "false");
    if (message && !firstInvalid) firstInvalid = input;
  }
  const result = el("routine-result");
  if (checked.routine === null) {
    result.textContent = "Not sent: fix the fields marked above.";
    firstInvalid?.focus();
    return;
  }
  // Saved (as the draft, or sent): the form follows the watch's routine and the draft again.
  forgetRoutineEdits();
  const client = clients.current;
  const connected = client !== null && client.status$.value.link === "connected";
  // The simulated watch is no one's watch: a routine tried on it goes to it only, and the routine
  // saved on this device for the user's watch stays as it is.
  if (connected && client.transport.watchId === null) {
    result.textContent = "Sending to the simulated watch…";
    result.textContent = (await client.writeRoutine(checked.routine)).message;
    return;
  }
  const revision = await store.saveRoutineDraft(checked.routine);
  if (!client || client.status$.value.link !== "connected") {
    result.textContent =
      "Saved on this device; it is sent to the watch when one connects (not to the simulated watch).";
    return;
  }
  result.textContent = "Sending…";
  // The revision: a connection that wrote this save already (Save clicked as it came up) is not written twice.
  const outcome = await client.writeRoutine(checked.routine, revision);
  result.textContent = outcome.message;
}

// ---- history

function currentRoutine(): Routine {
  return historyRoutine(clients.current?.wearableRoutine$.value ?? null, history);
}

async function renderHistory(): Promise<void> {
  history = await store.all();
  const now = Date.now();
  const tzOffset = new Date(now).getTimezoneOffset();
  el("stored-count").textContent =
    history.length === 0 ? "No sessions stored yet." : countOf(history.length, "session") + " stored on this device.";
  const summary = summarizeHistory(history, currentRoutine(), EMPTY_SYNC_STATE, now, tzOffset);
  const w = summary.week;
  const week = el("week");
  week.replaceChildren(
    ...[
      // The settings page's wording: "Today: 2 sessions — daily goal of 1 met", never "2 of 1".
      ...weekSummaryLines(w),
      summary.balance,
      summary.progression,
    ].map((line) => {
      const p = document.createElement("p");
      p.textContent = line;
      return p;
    }),
  );
  renderCharts(el("chart-steadiness"), el("chart-balance"), history);
  const list = el("sessions");
  list.replaceChildren();
  for (let i = history.length - 1; i >= 0 && i >= history.length - 50; i--) list.append(sessionItem(history[i], now));
}

function sessionItem(result: SessionResult, now: number): HTMLLIElement {
  const line = sessionLine(result);
  const item = document.createElement("li");
  const title = document.createElement("strong");
  title.textContent = historyTitle(result, line, now);
  const detail = document.createElement("div");
  detail.textContent = sessionDetail(line);
  const bounces = document.createElement("div");
  item.append(title, detail, bounces);
  if (line.bounceTotal === 0) {
    bounces.textContent = "No bounce warnings";
    return item;
  }
  bounces.className = "bounces";
  bounces.textContent = "⚠ " + bounceWarningCount(line.bounceTotal);
  const table = document.createElement("table");
  table.innerHTML =
    "<caption class='hint'>Bounce warnings per leg and rep; times in seconds into the hold</caption><thead><tr><th scope='col'>Leg</th><th scope='col'>Rep</th><th scope='col'>Warnings</th><th scope='col'>At (s)</th><th scope='col'>Bouncing (s)</th></tr></thead>";
  const body = document.createElement("tbody");
  for (const hold of result.holds) {
    if (hold.bounceAtMs.length === 0) continue;
    const row = body.insertRow();
    for (const text of [
      legName(hold.leg),
      String(hold.rep),
      String(hold.bounceAtMs.length),
      hold.bounceAtMs.map((ms) => (ms / 1000).toFixed(1)).join(", "),
      hold.bouncingMs < 0 ? "unknown" : (hold.bouncingMs / 1000).toFixed(1), // a version-1 result
    ]) {
      row.insertCell().textContent = text;
    }
  }
  table.append(body);
  item.append(table);
  return item;
}

function download(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function importFile(input: HTMLInputElement): Promise<void> {
  const file = input.files?.[0];
  if (!file) return;
  const outcome = parseHistoryExport(await file.text());
  let added = 0;
  let stored = 0;
  let failure = "";
  try {
    for (const session of outcome.sessions) {
      if (await store.putIfAbsent(session)) added++;
      stored++;
    }
  } catch (error) {
    failure = " Stopped: a session could not be stored (" + String(error) + "); import the file again later.";
  }
  const parts = ["Imported " + added + " new session" + (added === 1 ? "" : "s")];
  if (stored > added) parts.push(stored - added + " already stored");
  if (stored < outcome.sessions.length) parts.push(outcome.sessions.length - stored + " not imported");
  let text = parts.join(", ") + "." + failure;
  if (outcome.errors.length > 0) text += " " + outcome.errors.join(" ");
  el("import-result").textContent = text;
  input.value = "";
  await renderHistory();
}

// ---- start

async function main(): Promise<void> {
  try {
    store = await IndexedDbStore.open();
    // Best-effort storage may be evicted when space runs low: ask to keep it, without waiting.
    void askToKeepStorage(navigator.storage).then((answer) => console.info("[steady-hold] " + answer));
  } catch (error) {
    showMessage(
      "History cannot be kept on this device (IndexedDB is unavailable: " +
        String(error) +
        "). Sessions stay on the watch and are not fetched; imported files last until the page closes.",
      "error",
    );
  }
  buildRoutineForm();
  await showRoutine(null, true);
  for (const tab of document.querySelectorAll<HTMLButtonElement>(".tab")) {
    tab.addEventListener("click", () => showPage(tab.dataset.page as Page, true));
  }
  window.addEventListener("hashchange", () => showPage(pageFromHash()));
  const reason = bluetoothReason();
  if (reason !== null) {
    const support = el("support-message");
    support.textContent = reason;
    support.hidden = false;
    el<HTMLButtonElement>("connect").disabled = true;
  }
  el("connect").addEventListener("click", () => void connectBluetooth());
  el("demo").addEventListener("click", () => void startDemo());
  el("disconnect").addEventListener("click", () => {
    const client = clients.current;
    client?.close();
    // Off the simulated watch, the form shows this device's routine again, not the simulated watch's.
    if (client?.transport.watchId === null) void showRoutine(null, false);
    renderLive();
  });
  el("demo-bounce").addEventListener("click", () => {
    demo?.bounceNextHold();
    renderLive();
  });
  el("cmd-start").addEventListener("click", () => void clients.current?.command("start"));
  el("cmd-pause").addEventListener("click", () => void clients.current?.command("pause"));
  el("cmd-resume").addEventListener("click", () => void clients.current?.command("resume"));
  el("cmd-end").addEventListener("click", () => void clients.current?.command("end"));
  el("routine-form").addEventListener("submit", (event) => void submitRoutine(event));
  el("routine-fields").addEventListener("input", markRoutineEdited);
  el("routine-discard").addEventListener("click", discardRoutineEdits);
  el("export-csv").addEventListener("click", () =>
    download("steady-hold-history.csv", "text/csv", exportCsv(history, Number.MAX_SAFE_INTEGER).text),
  );
  el("export-json").addEventListener("click", () =>
    download(
      "steady-hold-history.json",
      "application/json",
      exportJson(history, Date.now(), Number.MAX_SAFE_INTEGER).text,
    ),
  );
  el<HTMLInputElement>("import-file").addEventListener(
    "change",
    (event) => void importFile(event.target as HTMLInputElement),
  );
  setInterval(renderLive, 200);
  showPage(pageFromHash());
  renderLive();
  if ("serviceWorker" in navigator && import.meta.env.PROD) {
    navigator.serviceWorker
      .register("./sw.js")
      .catch((error: unknown) => console.warn("service worker not registered", error));
  }
  document.documentElement.dataset.ready = "true";
}

void main();
