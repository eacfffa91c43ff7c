// EventTarget behaviour shared by the fakes: `addEventListener`, `removeEventListener` and
// `on<event>` handler properties, as the Fitbit typings declare them.
import { Realm } from "./realm";

export interface SimEvent {
  type: string;
  target: unknown;
  readonly defaultPrevented: boolean;
  preventDefault(): void;
  stopPropagation(): void;
  stopImmediatePropagation(): void;
  [field: string]: unknown;
}

export function makeEvent(
  type: string,
  target: unknown,
  fields: Record<string, unknown> = {},
): SimEvent & { propagationStopped: boolean } {
  let prevented = false;
  const event = {
    ...fields,
    type,
    target,
    propagationStopped: false,
    immediateStopped: false,
    get defaultPrevented() {
      return prevented;
    },
    preventDefault() {
      prevented = true;
    },
    stopPropagation() {
      event.propagationStopped = true;
    },
    stopImmediatePropagation() {
      event.propagationStopped = true;
      event.immediateStopped = true;
    },
  };
  return event;
}

type Listener = (event: unknown) => void;

export class FakeEventTarget {
  private listeners: { [type: string]: Listener[] } = {};

  constructor(protected readonly realm: Realm) {}

  addEventListener(type: string, listener: Listener): void {
    if (typeof listener !== "function") return;
    const list = (this.listeners[type] ??= []);
    if (list.indexOf(listener) < 0) list.push(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    const list = this.listeners[type];
    if (!list) return;
    const i = list.indexOf(listener);
    if (i >= 0) list.splice(i, 1);
  }

  hasListeners(type: string): boolean {
    const handler = (this as unknown as Record<string, unknown>)["on" + type];
    return typeof handler === "function" || (this.listeners[type]?.length ?? 0) > 0;
  }

  /** Delivers `event` to the handler property and the listeners; exceptions are recorded, not thrown. */
  dispatch(event: SimEvent & { immediateStopped?: boolean }): SimEvent {
    const handler = (this as unknown as Record<string, unknown>)["on" + event.type];
    const all: Listener[] = [];
    if (typeof handler === "function") all.push(handler as Listener);
    for (const l of this.listeners[event.type] ?? []) all.push(l);
    for (const listener of all) {
      if (event.immediateStopped) break;
      this.realm.call("on" + event.type + " handler", () => listener.call(this, event));
    }
    return event;
  }

  emit(type: string, fields: Record<string, unknown> = {}): SimEvent {
    return this.dispatch(makeEvent(type, this, fields));
  }
}
