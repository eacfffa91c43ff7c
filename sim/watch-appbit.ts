// The watch's `appbit` module (`me`): the app's identity, launch arguments, exit and app timeout.
import { FakeEventTarget } from "./events";
import { APPLICATION_ID } from "./host";
import { Realm } from "./realm";

/** What `me` controls of the running app (sim/watch-app.ts). */
export interface AppLifecycle {
  readonly launchArguments: unknown;
  /** Re-arms (or, with the timeout off, clears) the OS's app timeout. */
  armAppTimeout(): void;
  exit(reason: string): void;
}

export class FakeAppbit extends FakeEventTarget {
  readonly applicationId = APPLICATION_ID;
  readonly buildId = "simulated";
  readonly permissions = { granted: () => true };
  private timeoutEnabled = true;

  constructor(
    realm: Realm,
    private readonly app: AppLifecycle,
  ) {
    super(realm);
  }

  get launchArguments(): unknown {
    return this.app.launchArguments;
  }
  get appTimeoutEnabled(): boolean {
    return this.timeoutEnabled;
  }
  set appTimeoutEnabled(value: boolean) {
    this.timeoutEnabled = Boolean(value);
    this.app.armAppTimeout();
  }
  exit(): void {
    this.app.exit("exit");
  }
}
