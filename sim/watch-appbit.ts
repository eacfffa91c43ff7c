// The watch's `appbit` module (`me`): the app's identity, launch arguments, exit and app timeout.
import { FakeEventTarget } from "./events";
import { Realm } from "./realm";

/** What `me` controls of the running app (sim/watch-app.ts). */
export interface AppLifecycle {
  readonly launchArguments: unknown;
  /** Re-arms (or, with the timeout off, clears) the OS's app timeout. */
  armAppTimeout(): void;
  exit(reason: string): void;
}

export class FakeAppbit extends FakeEventTarget {
  readonly applicationId = "5c1e7a3e-4b8f-4f0e-9d0a-2f6f1c9b7a11";
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
