// The watch's `clock` module: ticks on wall-time boundaries while the screen is on.
import { FakeEventTarget } from "./events";
import { Realm } from "./realm";
import { FakeDisplay } from "./watch-display";
import { WatchHost } from "./watch-host";

const GRANULARITY_MS: Record<string, number> = { seconds: 1000, minutes: 60000, hours: 3600000 };

/** `tick` on each second/minute/hour boundary of wall time, and only while the screen is on (as on the watch). */
export class FakeClock extends FakeEventTarget {
  private value = "off";
  private timer = -1;

  constructor(
    realm: Realm,
    private readonly host: WatchHost,
    private readonly owner: string,
    private readonly display: FakeDisplay,
  ) {
    super(realm);
    display.addEventListener("change", () => this.arm());
  }

  get granularity(): string {
    return this.value;
  }
  set granularity(value: string) {
    this.value = value;
    this.arm();
    // The watch delivers a first tick right away when ticks are switched on.
    if (GRANULARITY_MS[value] && this.display.on)
      this.host.clock.schedule(this.host.clock.now, this.owner, () => this.tick());
  }

  private tick(): void {
    this.emit("tick", { date: new this.realm.intrinsics.Date(this.host.wallClock.now()) });
  }

  private arm(): void {
    if (this.timer >= 0) this.host.clock.cancel(this.timer);
    this.timer = -1;
    const period = GRANULARITY_MS[this.value];
    if (!period || !this.display.on) return;
    const wall = this.host.wallClock.now();
    const next = this.host.clock.now + (period - (wall % period));
    this.timer = this.host.clock.schedule(next, this.owner, () => {
      this.timer = -1;
      this.tick();
      this.arm();
    });
  }
}
