// The settings page: the built settings bundle in its own realm over the phone's settingsStorage,
// rendered to plain text the way the Fitbit app would lay it out, and changed as a user would.
import { Realm } from "./realm";
import { FakeStorage } from "./storage";
import { PhoneHost } from "./phone-host";

const COMPONENTS = [
  "Page",
  "Section",
  "Text",
  "Link",
  "TextImageRow",
  "Button",
  "Toggle",
  "Slider",
  "Select",
  "TextInput",
  "ColorSelect",
  "AdditiveList",
  "ImagePicker",
  "Oauth",
  "StravaLogin",
  "List",
  "Fragment",
];

export interface PageNode {
  type: string;
  props: Record<string, unknown>;
  children: Array<PageNode | string>;
}

export class SettingsPageError extends Error {}

/** The settings bundle in its own realm; `render` draws the page from the phone's settingsStorage. */
export class SettingsPage {
  private readonly realm: Realm;
  private component: ((props: unknown) => unknown) | null = null;
  private readonly storage: FakeStorage;

  constructor(host: PhoneHost, code: string) {
    const markers: Record<string, unknown> = {};
    const names = new Map<unknown, string>();
    for (const name of COMPONENTS) {
      const marker = function () {
        throw new SettingsPageError(`${name} is a component: use it in JSX`);
      };
      markers[name] = marker;
      names.set(marker, name);
    }
    const createComponent = (type: unknown, props: Record<string, unknown> | null, ...children: unknown[]): unknown => {
      const flat = flatten(children);
      const name = names.get(type);
      if (name !== undefined) return { type: name, props: props ?? {}, children: flat } satisfies PageNode;
      if (typeof type === "function") return (type as (p: unknown) => unknown)({ ...(props ?? {}), children: flat });
      throw new SettingsPageError(`createComponent: unknown component ${String(type)}`);
    };
    this.realm = new Realm({
      clock: host.clock,
      owner: "settings-page",
      jitterMs: 0,
      random: host.random,
      invoke: (what, fn) => host.invoke("settings", what, fn),
      log: (level, text) => host.log(level, text),
      wallTime: () => host.wallClock.now(),
      timezoneOffset: () => host.wallClock.timezoneOffset(),
      globals: {
        ...markers,
        createComponent,
        registerSettingsPage: (fn: unknown) => {
          if (typeof fn !== "function") throw new SettingsPageError("registerSettingsPage needs a function");
          this.component = fn as (props: unknown) => unknown;
        },
      },
    });
    this.storage = new FakeStorage(this.realm, host.state.settings);
    try {
      this.realm.runScript(code, "settings.js");
    } catch (e) {
      throw new SettingsPageError(`settings.js failed to load: ${String((e as Error)?.message ?? e)}`);
    }
    if (this.component === null) throw new SettingsPageError("settings.js never calls registerSettingsPage");
  }

  /** The component tree for the current storage. */
  tree(): PageNode {
    const settings: Record<string, string> = {};
    for (let i = 0; i < this.storage.length; i++) {
      const key = this.storage.key(i)!;
      settings[key] = this.storage.getItem(key)!;
    }
    const node = this.component!({ settings, settingsStorage: this.storage });
    if (!isNode(node)) throw new SettingsPageError("the settings page did not return a component");
    return node;
  }

  render(): string[] {
    const lines: string[] = [];
    renderNode(this.tree(), 0, lines, this.storage);
    return lines;
  }

  /** The user changes a setting on the page: stored exactly as that component stores it. */
  userSet(key: string, value: unknown): void {
    const node = findBySettingsKey(this.tree(), key);
    if (node === null) throw new SettingsPageError(`the settings page has no setting "${key}"`);
    const stored = storedValue(node, key, value);
    this.storage.setItem(key, stored.text);
    const callback = node.props[stored.callback];
    if (typeof callback === "function")
      this.realm.call(`${node.type}.${stored.callback}`, () =>
        (callback as (v: unknown) => void)(this.realm.adopt(stored.argument)),
      );
  }
}

function flatten(children: unknown[]): Array<PageNode | string> {
  const out: Array<PageNode | string> = [];
  for (const child of children) {
    if (Array.isArray(child)) out.push(...flatten(child));
    else if (child === null || child === undefined || child === false || child === true) continue;
    else if (isNode(child)) out.push(child);
    else out.push(String(child));
  }
  return out;
}

function isNode(value: unknown): value is PageNode {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as PageNode).type === "string" &&
    Array.isArray((value as PageNode).children)
  );
}

function findBySettingsKey(node: PageNode, key: string): PageNode | null {
  if (node.props.settingsKey === key) return node;
  for (const child of node.children) {
    if (typeof child === "string") continue;
    const found = findBySettingsKey(child, key);
    if (found) return found;
  }
  for (const prop of ["title", "label", "description"]) {
    const value = node.props[prop];
    if (isNode(value)) {
      const found = findBySettingsKey(value, key);
      if (found) return found;
    }
  }
  return null;
}

interface Option {
  name: string;
  value?: unknown;
}

function storedValue(
  node: PageNode,
  key: string,
  value: unknown,
): { text: string; callback: string; argument: unknown } {
  const fail = (why: string): never => {
    throw new SettingsPageError(`setting "${key}" (${node.type}): ${why}`);
  };
  switch (node.type) {
    case "Slider": {
      const n = typeof value === "string" ? Number(value) : value;
      const min = Number(node.props.min);
      const max = Number(node.props.max);
      if (typeof n !== "number" || !isFinite(n)) return fail(`${JSON.stringify(value)} is not a number`);
      if (n < min || n > max) return fail(`${n} is outside the slider's ${min}–${max}`);
      return { text: String(n), callback: "onChange", argument: n };
    }
    case "Toggle":
      if (typeof value !== "boolean") return fail(`expected true or false, got ${JSON.stringify(value)}`);
      return { text: String(value), callback: "onChange", argument: value };
    case "Select": {
      const options = (node.props.options ?? []) as Option[];
      const index = options.findIndex(
        (o) => o.value === value || o.name === value || (o.value !== undefined && String(o.value) === String(value)),
      );
      if (index < 0)
        return fail(
          `${JSON.stringify(value)} is not one of ${options.map((o) => JSON.stringify(o.value ?? o.name)).join(", ")}`,
        );
      const selection = { selected: [index], values: [options[index]] };
      return { text: JSON.stringify(selection), callback: "onSelection", argument: selection };
    }
    case "TextInput":
      if (typeof value !== "string") return fail(`expected text, got ${JSON.stringify(value)}`);
      return { text: JSON.stringify({ name: value }), callback: "onChange", argument: value };
    default:
      return fail("the simulator can only change Slider, Toggle, Select and TextInput settings");
  }
}

function inlineText(value: unknown, storage: FakeStorage): string {
  if (value === undefined || value === null) return "";
  if (typeof value === "string" || typeof value === "number") return String(value);
  if (isNode(value)) {
    const lines: string[] = [];
    renderNode(value, 0, lines, storage);
    return lines.map((l) => l.trim()).join(" ");
  }
  return String(value);
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function renderNode(node: PageNode | string, depth: number, lines: string[], storage: FakeStorage): void {
  const pad = "  ".repeat(depth);
  if (typeof node === "string") {
    lines.push(pad + node);
    return;
  }
  const p = node.props;
  const stored = typeof p.settingsKey === "string" ? storage.getItem(p.settingsKey) : null;
  const label = inlineText(p.label ?? p.title, storage);
  const childrenText = () => node.children.map((c) => inlineText(c, storage)).join("");
  switch (node.type) {
    case "Page":
    case "Fragment":
    case "List":
      for (const child of node.children) renderNode(child, depth, lines, storage);
      return;
    case "Section":
      if (p.title !== undefined) lines.push(pad + "## " + inlineText(p.title, storage));
      if (p.description !== undefined) lines.push(pad + "   " + inlineText(p.description, storage));
      for (const child of node.children) renderNode(child, depth + 1, lines, storage);
      return;
    case "Text":
      lines.push(pad + childrenText());
      return;
    case "TextImageRow":
      lines.push(pad + [inlineText(p.label, storage), inlineText(p.sublabel, storage)].filter(Boolean).join(" — "));
      return;
    case "Link":
      lines.push(pad + `${childrenText()} <${String(p.source ?? "")}>`);
      return;
    case "Button":
      lines.push(pad + `[ ${label} ]`);
      return;
    case "Toggle":
      lines.push(pad + `[${stored === "true" ? "x" : " "}] ${label}`);
      return;
    case "Slider":
      lines.push(pad + `${label} [slider at ${stored ?? String(p.min ?? "")}]`);
      return;
    case "Select": {
      const selection = parseJson(stored) as { values?: Option[] } | null;
      const chosen =
        selection && Array.isArray(selection.values) ? selection.values.map((v) => v.name).join(", ") : "(not set)";
      lines.push(pad + `${label}: ${chosen}`);
      return;
    }
    case "TextInput": {
      const value = parseJson(stored) as { name?: string } | string | null;
      lines.push(pad + `${label}: ${typeof value === "object" && value !== null ? (value.name ?? "") : (value ?? "")}`);
      return;
    }
    case "AdditiveList": {
      lines.push(pad + label);
      const items = parseJson(stored);
      if (Array.isArray(items))
        for (const item of items) lines.push(pad + "  • " + String((item as Option).name ?? ""));
      return;
    }
    default:
      lines.push(pad + `${node.type}${label ? ": " + label : ""}`);
  }
}
