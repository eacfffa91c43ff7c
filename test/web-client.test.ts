// The web companion's central logic (web/src/wearable-client.ts) against the in-page demo wearable,
// in Node: a whole session, results pulled in chunks and stored once, a malformed value, a link
// that drops in the middle of a result.
import { describe, expect, it } from "vitest";
import { DemoWearable, DEMO_STEP_MS } from "../web/src/demo-wearable";
import { BackendTransport } from "../web/src/backend-transport";
import { MemoryStore } from "../web/src/store";
import { NOT_KEPT_MESSAGE, WearableClient } from "../web/src/wearable-client";
import { CharacteristicKey, decodeResultsValue, encodeProfileVersion } from "../common/gatt-profile";
import { DEFAULT_ROUTINE, Routine } from "../common/routine";
import { Transport } from "../web/src/transport";
import { PassThroughTransport, demoClient, demoClock } from "./support/demo-client";

const SHORT_ROUTINE: Routine = {
  ...DEFAULT_ROUTINE,
  repsPerLeg: 1,
  holdSeconds: 8,
  getReadySeconds: 0,
  restSeconds: 0,
  switchSeconds: 0,
};

function setUp<T extends Transport = BackendTransport>(
  wrap: (inner: BackendTransport) => T = (inner) => inner as unknown as T,
  seed = 7,
  // Stands in for IndexedDB: a store that outlives the page.
  store = new MemoryStore({ lasting: true }),
) {
  const clock = demoClock();
  const logs: string[] = [];
  const { wearable, transport, client } = demoClient("Simulated watch", clock, {
    store,
    wrap,
    wearable: new DemoWearable(clock, seed),
    client: { log: (line) => logs.push(line) },
  });
  /** Runs the wearable's engine for `ms` of device time. */
  const run = (ms: number) => {
    for (let t = 0; t < ms; t += DEMO_STEP_MS) {
      clock.ms += DEMO_STEP_MS;
      wearable.step();
    }
  };
  return { clock, wearable, transport, store, client, logs, run };
}

async function playSession(setup: ReturnType<typeof setUp<Transport>>, bounce: boolean): Promise<void> {
  expect((await setup.client.writeRoutine(SHORT_ROUTINE)).ok).toBe(true);
  if (bounce) setup.wearable.bounceNextHold();
  expect((await setup.client.command("start")).ok).toBe(true);
  setup.run(2 * SHORT_ROUTINE.holdSeconds * 1000 + 500);
}

describe("web companion client with the demo wearable", () => {
  it("PAUSE after the session ran out on the wearable is refused (0x04), as the profile says, and the result is kept", async () => {
    const setup = setUp();
    await setup.client.open();
    expect((await setup.client.writeRoutine(SHORT_ROUTINE)).ok).toBe(true);
    expect((await setup.client.command("start")).ok).toBe(true);
    setup.run(3000);
    // The last hold runs out before the wearable's next engine step; the page's PAUSE arrives first.
    setup.clock.ms += 2 * SHORT_ROUTINE.holdSeconds * 1000;
    const paused = await setup.client.command("pause");
    expect(paused.ok).toBe(false);
    expect(paused.message).toMatch(/^Pause refused by the watch/);
    expect(setup.wearable.storedResults).toBe(1);
    const report = await setup.client.pullResults();
    expect(report.stored).toBe(1);
    expect((await setup.store.all())[0].completed).toBe(true);
  });

  it("connects, writes the routine, plays a session, pulls it in chunks, stores it once and acknowledges it", async () => {
    const setup = setUp();
    await setup.client.open();
    expect(setup.client.status$.value.link).toBe("connected");
    await playSession(setup, true);
    expect(setup.wearable.storedResults).toBe(1);
    const report = await setup.client.pullResults();
    expect(report).toMatchObject({ stored: 1, duplicates: 0, error: "" });
    expect(setup.wearable.storedResults).toBe(0); // acknowledged → deleted on the wearable
    const stored = await setup.store.all();
    expect(stored).toHaveLength(1);
    expect(stored[0].routine).toEqual(SHORT_ROUTINE);
    expect(stored[0].holds).toHaveLength(2);
    expect(stored[0].completed).toBe(true);
    expect(stored[0].utcOffsetMinutes).toBe(60);
    // The first hold was modelled bouncing: the detector warned in it, not in the calm second one.
    expect(stored[0].holds[0].bounceAtMs.length).toBeGreaterThan(0);
    expect(stored[0].holds[1].bounceAtMs).toHaveLength(0);
    // The detector's bouncing time reaches the record: some of the bouncing hold, none of the calm one.
    expect(stored[0].holds[0].bouncingMs).toBeGreaterThan(0);
    expect(stored[0].holds[0].bouncingMs).toBeLessThanOrEqual(stored[0].holds[0].achievedMs);
    expect(stored[0].holds[1].bouncingMs).toBe(0);
    expect((await setup.client.pullResults()).stored).toBe(0);
  });

  it("without a lasting store (IndexedDB unavailable) pulls and acknowledges nothing: the session stays on the wearable", async () => {
    const setup = setUp(undefined, 7, new MemoryStore({ lasting: false }));
    await setup.client.open();
    expect(setup.client.status$.value).toMatchObject({ link: "connected", message: NOT_KEPT_MESSAGE });
    await playSession(setup, false);
    // The session end (live phase "done") asks for a pull too.
    await setup.client.refreshLive();
    expect(setup.wearable.storedResults).toBe(1);
    const report = await setup.client.pullResults();
    expect(report).toMatchObject({ stored: 0, duplicates: 0, error: NOT_KEPT_MESSAGE });
    expect(setup.wearable.storedResults).toBe(1); // not acknowledged → still on the wearable
    expect(await setup.store.all()).toHaveLength(0);
    // The same wearable with a lasting store gets it.
    const lasting = new MemoryStore({ lasting: true });
    const later = new WearableClient(setup.transport, lasting, {
      delay: async () => undefined,
      log: () => undefined,
      livePollMs: 3_600_000,
    });
    setup.client.close();
    await later.open();
    expect((await lasting.all()).map((r) => r.completed)).toEqual([true]);
    expect(setup.wearable.storedResults).toBe(0);
    later.close();
  });

  it("confirms commands through the control point and refuses what the session state forbids", async () => {
    const setup = setUp();
    await setup.client.open();
    expect((await setup.client.command("pause")).ok).toBe(false);
    expect(setup.client.status$.value.message).toMatch(/Pause refused by the watch: not allowed now/);
    expect((await setup.client.command("start")).ok).toBe(true);
    setup.run(DEFAULT_ROUTINE.getReadySeconds * 1000 + 2000); // into the first hold: a session ended before it keeps nothing
    expect((await setup.client.command("pause")).ok).toBe(true);
    await setup.client.refreshLive();
    expect(setup.client.live$.value?.state.paused).toBe(true);
    expect((await setup.client.command("resume")).ok).toBe(true);
    expect((await setup.client.command("end")).ok).toBe(true);
    const report = await setup.client.pullResults();
    expect(report.stored).toBe(1);
    expect((await setup.store.all())[0].completed).toBe(false);
  });

  it("stores nothing and acknowledges nothing when a value is malformed", async () => {
    const setup = setUp((inner) => new CorruptingTransport(inner));
    await setup.client.open();
    setup.transport.armed = true;
    await playSession(setup, false);
    const report = await setup.client.pullResults();
    expect(report.stored).toBe(0);
    expect(report.error).toMatch(
      /could not be read, so it was not stored: result record: CRC [0-9a-f]{8} does not match/,
    );
    expect(setup.client.status$.value).toMatchObject({ severity: "error", message: report.error });
    expect(await setup.store.all()).toHaveLength(0);
    expect(setup.wearable.storedResults).toBe(1);
  });

  it("resumes a transfer cut by a dropped link at its cursor: nothing lost, nothing twice", async () => {
    const setup = setUp((inner) => new DroppingTransport(inner, 2));
    const cursors: number[] = [];
    setup.transport.onCursor = (cursor) => cursors.push(cursor);
    await setup.client.open();
    // Two long sessions so records take several chunks each; the first is pulled when it ends.
    const long: Routine = { ...SHORT_ROUTINE, repsPerLeg: 5 };
    for (let i = 0; i < 2; i++) {
      await setup.client.writeRoutine(long);
      setup.wearable.bounceNextHold();
      await setup.client.command("start");
      setup.run(10 * long.holdSeconds * 1000 + 500);
      await until(() => setup.wearable.storedResults === 0 && setup.client.status$.value.link === "connected");
    }
    await until(() => setup.wearable.storedResults === 0 && setup.client.status$.value.link === "connected");
    const flaky = setup.transport;
    const stored = await setup.store.all();
    expect(stored).toHaveLength(2);
    expect(flaky.drops).toBe(1);
    // After the drop the first cursor written is where the transfer stood, not 0.
    const resumedAt = cursors[flaky.cursorsBeforeDrop];
    expect(resumedAt).toBeGreaterThan(0);
    expect(cursors[flaky.cursorsBeforeDrop - 1]).toBe(resumedAt);
  });

  it("refuses a wearable with another profile major, naming both versions", async () => {
    const setup = setUp(
      (inner) => new VersionTransport(inner, encodeProfileVersion({ major: 2, minor: 3, maxChunkPayload: 128 })),
    );
    await expect(setup.client.open()).rejects.toThrow(/profile 2\.3 but this side speaks 1\.1/);
    expect(setup.client.status$.value.link).toBe("disconnected");
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 1));
  expect(condition()).toBe(true);
}

/** Once armed, flips the last payload byte of every chunk read (the CRC no longer matches). */
class CorruptingTransport extends PassThroughTransport {
  armed = false;
  async read(key: CharacteristicKey): Promise<Uint8Array> {
    const value = await this.inner.read(key);
    if (this.armed && key === "results" && value[0] === 1) value[value.length - 1] ^= 0xff;
    return value;
  }
}

/** Drops the link once, on the n-th chunk read of the first multi-chunk record. */
class DroppingTransport extends PassThroughTransport {
  drops = 0;
  cursorsBeforeDrop = 0;
  onCursor: (cursor: number) => void = () => undefined;
  private chunks = 0;
  private cursors = 0;
  constructor(
    inner: BackendTransport,
    private readonly dropAtChunk: number,
  ) {
    super(inner);
  }
  async read(key: CharacteristicKey): Promise<Uint8Array> {
    if (key === "results" && this.drops === 0) {
      const value = decodeResultsValue(await this.inner.read(key));
      if (value.ok && value.value.kind === "chunk" && ++this.chunks === this.dropAtChunk) {
        this.drops++;
        this.cursorsBeforeDrop = this.cursors;
        this.inner.disconnect();
        const error = new Error("GATT Server is disconnected.");
        error.name = "NetworkError";
        throw error;
      }
    }
    return this.inner.read(key);
  }
  async write(key: CharacteristicKey, value: Uint8Array): Promise<void> {
    await this.inner.write(key, value);
    if (key === "results") {
      this.cursors++;
      this.onCursor(value[0] | (value[1] << 8));
    }
  }
}

/** Answers the version read with another value. */
class VersionTransport extends PassThroughTransport {
  constructor(
    inner: BackendTransport,
    private readonly version: Uint8Array,
  ) {
    super(inner);
  }
  async read(key: CharacteristicKey): Promise<Uint8Array> {
    return key === "version" ? this.version : this.inner.read(key);
  }
}
