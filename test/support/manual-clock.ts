// A clock the test moves by hand for the web app's demo wearable: its interval runs only when the
// test steps it.
import type { DemoClock } from "../../web/src/demo-wearable";

export class ManualClock implements DemoClock {
  constructor(
    public ms: number,
    private readonly offsetMinutes = 0,
  ) {}
  now(): number {
    return this.ms;
  }
  setInterval(): unknown {
    return 1;
  }
  clearInterval(): void {}
  utcOffsetMinutes(): number {
    return this.offsetMinutes;
  }
}
