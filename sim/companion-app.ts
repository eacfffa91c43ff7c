// One run of the phone companion: a realm with fakes of the companion modules (settings,
// local-storage, file-transfer, messaging, companion, peer) over the phone's storage, which
// outlives the run (sim/phone-host.ts).
import { cborModule, decodeCbor } from "./cbor";
import { FakeEventTarget } from "./events";
import { APPLICATION_ID } from "./host";
import { enqueue } from "./outbox";
import { Realm } from "./realm";
import { FakeStorage } from "./storage";
import { PhoneHost } from "./phone-host";

export interface LaunchReasons {
  peerAppLaunched?: boolean;
  settingsChanged?: boolean;
  fileTransfer?: boolean;
  wokenUp?: boolean;
}

export class CompanionApp {
  readonly realm: Realm;
  readonly settingsStorage: FakeStorage;
  readonly inbox: FakeEventTarget;
  readonly me: FakeEventTarget & { wakeInterval: number | undefined };
  private readonly modules: Record<string, Record<string, unknown>>;

  constructor(
    private readonly host: PhoneHost,
    generation: number,
    reasons: LaunchReasons,
  ) {
    const realm = new Realm({
      clock: host.clock,
      owner: "companion#" + generation,
      jitterMs: host.jitterMs,
      random: host.random,
      invoke: (what, fn) => host.invoke("companion", what, fn),
      log: (level, text) => host.log(level, text),
      wallTime: () => host.wallClock.now(),
      timezoneOffset: () => host.wallClock.timezoneOffset(),
    });
    this.realm = realm;
    this.settingsStorage = new FakeStorage(realm, host.state.settings);
    const P = realm.intrinsics.Promise;
    const inbox = new FakeEventTarget(realm);
    Object.assign(inbox, {
      pop: () => {
        const file = host.state.inbox.shift();
        return P.resolve(file === undefined ? undefined : makeInboxItem(realm, file.name, file.bytes));
      },
    });
    this.inbox = inbox;
    const outbox = {
      enqueue: (name: unknown, data: unknown) => enqueue(realm, host.link, "phone-to-watch", name, data),
      enumerate: () => P.resolve(realm.adopt([])),
    };
    const me = new FakeEventTarget(realm) as FakeEventTarget & { wakeInterval: number | undefined };
    Object.assign(me, {
      applicationId: APPLICATION_ID,
      buildId: "simulated",
      launchReasons: realm.adopt({
        peerAppLaunched: reasons.peerAppLaunched ?? false,
        settingsChanged: reasons.settingsChanged ?? false,
        fileTransfer: reasons.fileTransfer ?? false,
        wokenUp: reasons.wokenUp ?? false,
        locationChanged: undefined,
      }),
      permissions: { granted: () => true },
      host: realm.adopt({ app: { name: "Fitbit", version: "simulated" }, os: { name: "Android", version: "14" } }),
      monitorSignificantLocationChanges: false,
      wakeInterval: undefined,
      yield: () => undefined,
    });
    this.me = me;
    this.modules = {
      settings: { settingsStorage: this.settingsStorage },
      "local-storage": { localStorage: new FakeStorage(realm, host.state.local) },
      "file-transfer": { inbox, outbox },
      messaging: { peerSocket: host.messaging.socketFor(realm) },
      companion: { me },
      cbor: cborModule(realm),
      peer: {
        app: Object.assign(new FakeEventTarget(realm), { readyState: "started" }),
        device: realm.adopt({
          modelName: "Versa 3",
          modelId: "sim",
          type: "atlas",
          batteryLevel: "high",
          screen: { width: 336, height: 336 },
        }),
      },
    };
  }

  require(name: string): unknown {
    const module = this.modules[name];
    if (module === undefined)
      throw this.host.gap(`the companion requires module "${name}", which the simulator does not provide`);
    return module;
  }

  start(code: string): void {
    this.realm.call("companion.js", () => this.realm.runCommonJs(code, "companion.js", (name) => this.require(name)));
  }

  fileArrived(): void {
    this.inbox.emit("newfile");
  }

  settingChanged(key: string | null, oldValue: string | null, newValue: string | null): void {
    this.settingsStorage.emit("change", { key, oldValue, newValue });
  }

  kill(): void {
    this.realm.kill();
  }
}

function makeInboxItem(realm: Realm, name: string, bytes: Uint8Array): unknown {
  const P = realm.intrinsics.Promise;
  let used = false;
  const take = <T>(convert: () => T) => {
    if (used) return P.reject(new realm.intrinsics.TypeError(`${name}: body already used`));
    used = true;
    try {
      return P.resolve(convert());
    } catch (e) {
      return P.reject(new realm.intrinsics.Error(`${name}: ${(e as Error).message}`));
    }
  };
  return {
    name,
    length: bytes.length,
    get bodyUsed() {
      return used;
    },
    arrayBuffer: () => take(() => realm.arrayBuffer(bytes)),
    text: () => take(() => new TextDecoder().decode(bytes)),
    json: () => take(() => realm.adopt(JSON.parse(new TextDecoder().decode(bytes)))),
    cbor: () => take(() => realm.adopt(decodeCbor(bytes))),
  };
}
