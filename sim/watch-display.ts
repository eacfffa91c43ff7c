// The watch's `display` module: the screen goes dark after WatchHost.screenTimeoutMs without a
// tap (unless the app turns autoOff off) and wakes on a wrist raise or a button press.
import { FakeEventTarget } from "./events";
import { Realm } from "./realm";
import { WatchHost } from "./watch-host";

export class FakeDisplay extends FakeEventTarget {
  private isOn = true;
  private autoOffValue = true;
  private offTimer = -1;
  readonly aodAvailable = false;
  readonly aodEnabled = false;
  readonly aodActive = false;
  aodAllowed = false;
  brightnessOverride: string | undefined = undefined;

  constructor(
    realm: Realm,
    private readonly host: WatchHost,
    private readonly owner: string,
  ) {
    super(realm);
    this.armOff();
  }

  get on(): boolean {
    return this.isOn;
  }
  set on(value: boolean) {
    this.setOn(Boolean(value));
    if (value) this.armOff();
  }
  get autoOff(): boolean {
    return this.autoOffValue;
  }
  set autoOff(value: boolean) {
    this.autoOffValue = Boolean(value);
    this.armOff();
  }
  poke(): void {
    this.setOn(true);
    this.armOff();
  }

  /** Wrist raise or a button press while dark. */
  wake(): void {
    this.poke();
  }

  interacted(): void {
    this.armOff();
  }

  private setOn(on: boolean): void {
    if (this.isOn === on) return;
    this.isOn = on;
    this.host.record({ type: "screen", on });
    this.emit("change");
  }

  private armOff(): void {
    if (this.offTimer >= 0) this.host.clock.cancel(this.offTimer);
    this.offTimer = -1;
    if (!this.autoOffValue || !this.isOn) return;
    this.offTimer = this.host.clock.schedule(this.host.clock.now + this.host.screenTimeoutMs, this.owner, () => {
      this.offTimer = -1;
      this.setOn(false);
    });
  }
}
