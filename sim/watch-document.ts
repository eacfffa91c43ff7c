// The watch's `document`: elements parsed from the packaged `resources/*.view` (and the display
// rules of its stylesheet), so an id the view lacks is `null` in the app exactly as on a watch.
import { FakeEventTarget, makeEvent, SimEvent } from "./events";
import { Realm } from "./realm";

export class ViewError extends Error {}

interface XmlNode {
  tag: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, name: string) => {
    if (name[0] === "#")
      return String.fromCodePoint(
        name[1] === "x" || name[1] === "X" ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10),
      );
    return ENTITIES[name] ?? whole;
  });
}

/** A strict little XML reader for view files: elements, attributes, text, comments. */
export function parseXml(source: string, fileName: string): XmlNode {
  const root: XmlNode = { tag: "#root", attributes: {}, children: [], text: "" };
  const stack: XmlNode[] = [root];
  const token =
    /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  const lineOf = (index: number) => source.slice(0, index).split("\n").length;
  let m: RegExpExecArray | null;
  while ((m = token.exec(source)) !== null) {
    const top = stack[stack.length - 1];
    if (m[1] !== undefined) top.text += m[1];
    else if (m[2] !== undefined) {
      if (top.tag !== m[2])
        throw new ViewError(`${fileName}:${lineOf(m.index)}: </${m[2]}> does not close <${top.tag}>`);
      stack.pop();
    } else if (m[3] !== undefined) {
      const node: XmlNode = { tag: m[3], attributes: {}, children: [], text: "" };
      const attr = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
      let a: RegExpExecArray | null;
      while ((a = attr.exec(m[4])) !== null) node.attributes[a[1]] = decodeEntities(a[2] ?? a[3]);
      top.children.push(node);
      if (m[5] !== "/") stack.push(node);
    } else if (m[6] !== undefined) top.text += decodeEntities(m[6]);
    else if (m[7] !== undefined) throw new ViewError(`${fileName}:${lineOf(m.index)}: malformed tag`);
  }
  if (stack.length > 1) throw new ViewError(`${fileName}: <${stack[stack.length - 1].tag}> is never closed`);
  return root;
}

interface DisplayRule {
  selector: string;
  display?: string;
  visibility?: string;
}

/** The `display`/`visibility` declarations of a stylesheet, for #id, .class and tag selectors. */
export function parseDisplayRules(css: string): DisplayRule[] {
  const rules: DisplayRule[] = [];
  const block = /([^{}]+)\{([^}]*)\}/g;
  let m: RegExpExecArray | null;
  const text = css.replace(/\/\*[\s\S]*?\*\//g, "");
  while ((m = block.exec(text)) !== null) {
    const display = /(?:^|;)\s*display\s*:\s*([\w-]+)/.exec(m[2])?.[1];
    const visibility = /(?:^|;)\s*visibility\s*:\s*([\w-]+)/.exec(m[2])?.[1];
    if (display === undefined && visibility === undefined) continue;
    for (const selector of m[1].split(",")) {
      const s = selector.trim();
      if (/^[#.]?[\w-]+$/.test(s)) rules.push({ selector: s, display, visibility });
    }
  }
  return rules;
}

export class FakeStyle {
  display: string = "inline";
  visibility: string = "visible";
  fill = "";
  fillOpacity: number | undefined = undefined;
  fontFamily = "";
  fontSize: number | undefined = undefined;
  fontWeight = "regular";
  opacity: number | undefined = 1;
  strokeWidth = 0;
  textDecoration = "none";
}

function numberAttr(value: string | undefined): number {
  if (value === undefined) return 0;
  const n = parseFloat(value);
  return isFinite(n) ? n : 0;
}

/** Told when the app sets a text longer than its element's `text-length`: what it set, what shows. */
export type TextCutHandler = (id: string, text: string, shown: string) => void;

export class FakeElement extends FakeEventTarget {
  readonly id: string;
  readonly type: string;
  class: string;
  /**
   * The view's `text-length`: on Fitbit OS the size of the element's text buffer, in characters; a
   * longer text is cut to it. Undefined when the view sets none (the buffer then fits the view's text).
   */
  readonly textLength: number | undefined;
  private shown: string;
  readonly style = new FakeStyle();
  readonly children: FakeElement[] = [];
  parent: FakeElement | null = null;
  x: number;
  y: number;
  width: number;
  height: number;
  href: string;
  image: string;
  layer = 0;
  mode: number | [number, number] = 0;
  state = "";
  value: number | [number, number] = 0;
  enabled = true;
  readonly tagName: string;

  constructor(
    realm: Realm,
    node: XmlNode,
    rules: DisplayRule[],
    private readonly onTextCut: TextCutHandler | null = null,
  ) {
    super(realm);
    const a = node.attributes;
    this.tagName = node.tag;
    this.id = a.id ?? "";
    this.type = node.tag === "use" && a.href ? a.href.replace(/^#/, "") : node.tag;
    this.class = a.class ?? "";
    this.x = numberAttr(a.x);
    this.y = numberAttr(a.y);
    this.width = numberAttr(a.width);
    this.height = numberAttr(a.height);
    this.href = a.href ?? "";
    this.image = a.href ?? "";
    let text = node.text.trim();
    if (a["text-buffer"] !== undefined) text = a["text-buffer"];
    for (const child of node.children) {
      // Widgets such as text-button get their label from <set attributeName="text-buffer" to="…"/>.
      if (child.tag === "set" && child.attributes.attributeName === "text-buffer") text = child.attributes.to ?? text;
    }
    const length = a["text-length"] === undefined ? NaN : parseInt(a["text-length"], 10);
    this.textLength = length >= 0 ? length : undefined;
    this.shown = text;
    const classes = this.class.split(/\s+/).filter(Boolean);
    for (const rule of rules) {
      const s = rule.selector;
      const matches =
        s[0] === "#" ? s.slice(1) === this.id : s[0] === "." ? classes.indexOf(s.slice(1)) >= 0 : s === node.tag;
      if (!matches) continue;
      if (rule.display) this.style.display = rule.display;
      if (rule.visibility) this.style.visibility = rule.visibility;
    }
    if (a.display) this.style.display = a.display;
    if (a.visibility) this.style.visibility = a.visibility;
    for (const childNode of node.children) {
      if (childNode.tag === "set" || childNode.tag === "animate" || childNode.tag === "defs") continue;
      const child = new FakeElement(realm, childNode, rules, onTextCut);
      child.parent = this;
      this.children.push(child);
    }
  }

  get text(): string {
    return this.shown;
  }
  set text(value: string) {
    const text = String(value);
    const characters = Array.from(text);
    if (this.textLength === undefined || characters.length <= this.textLength) {
      this.shown = text;
      return;
    }
    this.shown = characters.slice(0, this.textLength).join("");
    if (this.onTextCut !== null) this.onTextCut(this.id, text, this.shown);
  }
  get textContent(): string {
    return this.text;
  }
  set textContent(value: string) {
    this.text = value;
  }
  get firstChild(): FakeElement | null {
    return this.children[0] ?? null;
  }
  get nextSibling(): FakeElement | null {
    if (!this.parent) return null;
    const siblings = this.parent.children;
    return siblings[siblings.indexOf(this) + 1] ?? null;
  }

  getElementById(id: string): FakeElement | null {
    for (const el of this.descendants()) if (el.id === id) return el;
    return null;
  }
  getElementsByClassName(name: string): FakeElement[] {
    return this.collect((el) => el.class.split(/\s+/).indexOf(name) >= 0);
  }
  getElementsByTagName(tag: string): FakeElement[] {
    return this.collect((el) => el.tagName === tag);
  }
  getElementsByTypeName(type: string): FakeElement[] {
    return this.collect((el) => el.type === type);
  }
  getBBox() {
    return {
      x: this.x,
      y: this.y,
      width: this.width,
      height: this.height,
      left: this.x,
      top: this.y,
      right: this.x + this.width,
      bottom: this.y + this.height,
    };
  }
  animate(trigger: string): void {
    void trigger; // animations have no effect on behaviour
  }
  sendEvent(event: { type: string }): void {
    this.dispatch(makeEvent(String(event.type), this, event as Record<string, unknown>));
  }

  private collect(test: (el: FakeElement) => boolean): FakeElement[] {
    const out = this.realm.intrinsics.Array() as FakeElement[];
    for (const el of this.descendants()) if (test(el)) out.push(el);
    return out;
  }

  *descendants(): Generator<FakeElement> {
    for (const child of this.children) {
      yield child;
      yield* child.descendants();
    }
  }

  /** Shown on screen: neither it nor any ancestor is hidden. */
  isVisible(): boolean {
    for (let el: FakeElement | null = this; el; el = el.parent) {
      if (el.style.display === "none" || el.style.visibility === "hidden") return false;
    }
    return true;
  }

  /** A user event at this element, bubbling to its ancestors and then the document. */
  bubble(event: SimEvent & { propagationStopped: boolean }, document: FakeEventTarget): void {
    for (let el: FakeElement | null = this; el; el = el.parent) {
      el.dispatch(event);
      if (event.propagationStopped) return;
    }
    document.dispatch(event);
  }
}

export interface ViewFiles {
  /** "resources/index.view" → file text */
  views: Record<string, string>;
  css: string;
  /** The view shown at launch: resources/index.view (SDK 5+) or resources/index.gui (SDK 4); index.view when absent. */
  main?: string;
}

/** The `document` module of one watch app run. */
export class FakeDocument extends FakeEventTarget {
  root: FakeElement;
  private stack: string[] = [];
  private handlers: Record<string, unknown> = {};
  readonly location: {
    readonly pathname: string;
    assign(path: string): Promise<void>;
    replace(path: string): Promise<void>;
  };
  readonly history: { readonly length: number; back(): void; forward(): void; go(delta?: number): void };

  constructor(
    realm: Realm,
    private readonly files: ViewFiles,
    private readonly onTextCut: TextCutHandler | null = null,
  ) {
    super(realm);
    const main = files.main ?? "resources/index.view";
    this.root = this.load(main);
    this.stack.push(main);
    const doc = this;
    const P = realm.intrinsics.Promise;
    this.location = {
      get pathname() {
        return "/" + doc.stack[doc.stack.length - 1];
      },
      assign(path: string) {
        doc.root = doc.load(path);
        doc.stack.push(normalizeViewPath(path));
        return P.resolve();
      },
      replace(path: string) {
        doc.replaceSync(path);
        return P.resolve();
      },
    };
    this.history = {
      get length() {
        return doc.stack.length;
      },
      back() {
        doc.history.go(-1);
      },
      forward() {
        throw new realm.intrinsics.RangeError("No view forward in history");
      },
      go(delta = 0) {
        if (delta === 0) return;
        const target = doc.stack.length - 1 + delta;
        if (delta > 0 || target < 0) throw new realm.intrinsics.RangeError("No view at that position in history");
        doc.stack.length = target + 1;
        doc.root = doc.load(doc.stack[target]);
      },
    };
  }

  private load(path: string): FakeElement {
    const name = normalizeViewPath(path);
    const source = this.files.views[name];
    if (source === undefined) throw new this.realm.intrinsics.Error(`View not found: ${path}`);
    return new FakeElement(
      this.realm,
      { tag: "svg", attributes: {}, children: parseXml(source, name).children, text: "" },
      parseDisplayRules(this.files.css),
      this.onTextCut,
    );
  }

  replaceSync(path: string): void {
    this.root = this.load(path);
    this.stack[this.stack.length - 1] = normalizeViewPath(path);
  }

  getElementById(id: string): FakeElement | null {
    return this.root.getElementById(id);
  }
  getElementsByClassName(name: string): FakeElement[] {
    return this.root.getElementsByClassName(name);
  }
  getElementsByTagName(tag: string): FakeElement[] {
    return this.root.getElementsByTagName(tag);
  }
  getElementsByTypeName(type: string): FakeElement[] {
    return this.root.getElementsByTypeName(type);
  }
  getEventHandler(elementType: string): unknown {
    return this.handlers[elementType] ?? null;
  }
  setEventHandler(elementType: string, handler: unknown): void {
    this.handlers[elementType] = handler;
  }
}

function normalizeViewPath(path: string): string {
  return path.replace(/^\.?\//, "");
}
