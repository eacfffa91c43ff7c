// The part of Espruino 2v29's Bangle.js 2 API this app uses, typed from the Espruino reference
// (https://www.espruino.com/Reference). Only declarations: the firmware provides them at run time.

interface AccelEvent {
  /** In g; x/y in the screen plane, z out of it. */
  x: number;
  y: number;
  z: number;
  mag: number;
  diff: number;
}

interface BangleOptions {
  /** After a minute without movement the firmware polls the accelerometer at 800 ms instead of 80 ms. */
  powerSave?: boolean;
  [key: string]: unknown;
}

interface BangleApi {
  on(event: "accel", handler: (a: AccelEvent) => void): void;
  on(event: "touch", handler: (button: number, xy?: { x: number; y: number }) => void): void;
  on(event: "lcdPower", handler: (on: boolean) => void): void;
  removeListener(event: string, handler: (...args: never[]) => void): void;
  buzz(ms?: number, strength?: number): Promise<void>;
  setPollInterval(ms: number): void;
  setOptions(options: BangleOptions): void;
  getOptions(): BangleOptions;
  setLCDPower(on: boolean): void;
  isLCDOn(): boolean;
  setLocked(locked: boolean): void;
  loadWidgets(): void;
  drawWidgets(): void;
  appRect: { x: number; y: number; w: number; h: number; x2: number; y2: number };
}

interface GraphicsApi {
  clear(reset?: boolean): GraphicsApi;
  clearRect(x1: number, y1: number, x2: number, y2: number): GraphicsApi;
  reset(): GraphicsApi;
  setColor(r: number | string, g?: number, b?: number): GraphicsApi;
  setBgColor(color: number | string): GraphicsApi;
  setFont(name: string, size?: number): GraphicsApi;
  setFontAlign(x: number, y: number, rotation?: number): GraphicsApi;
  drawString(text: string, x: number, y: number, solid?: boolean): GraphicsApi;
  wrapString(text: string, maxWidth: number): string[];
  fillRect(x1: number, y1: number, x2: number, y2: number): GraphicsApi;
  getWidth(): number;
  getHeight(): number;
}

interface StorageApi {
  read(name: string): string | undefined;
  readJSON(name: string, noExceptions: boolean): unknown;
  /** With `size`: a new file of that many bytes, `data` at `offset` (0) and erased flash (0xFF) elsewhere. */
  write(name: string, data: string, offset?: number, size?: number): boolean;
  writeJSON(name: string, data: unknown): boolean;
  erase(name: string): void;
  list(pattern?: RegExp): string[];
}

interface CharacteristicSpec {
  value?: number[] | ArrayBuffer | Uint8Array;
  maxLen?: number;
  readable?: boolean;
  writable?: boolean;
  notify?: boolean;
  description?: string;
  onWrite?: (evt: { data: ArrayBuffer }) => void;
}

interface NrfApi {
  on(event: "connect" | "disconnect", handler: () => void): void;
  setServices(
    services: { [service: string]: { [characteristic: string]: CharacteristicSpec } },
    options?: { advertise?: string[]; uart?: boolean },
  ): void;
  updateServices(services: {
    [service: string]: { [characteristic: string]: { value: Uint8Array; notify?: boolean } };
  }): void;
}

interface EspruinoE {
  on(event: "kill", handler: () => void): void;
  showMessage(text: string, title?: string): void;
  /** Hours east of UTC for Date's local time. */
  setTimeZone(hours: number): void;
}

declare const Bangle: BangleApi;
declare const g: GraphicsApi;
declare const E: EspruinoE;
declare const NRF: NrfApi;
declare const BTN: number;
declare function setWatch(
  /** `time`: s; `lastTime`: the pin's previous change since the watch was set (s), null before any. */
  fn: (e: { state: boolean; time: number; lastTime?: number | null }) => void,
  pin: number,
  options: { repeat: boolean; edge: "rising" | "falling" | "both"; debounce?: number },
): number;
declare function require(module: "Storage"): StorageApi;
declare function load(file?: string): void;
/** Sets the clock, in seconds since 1970. */
declare function setTime(seconds: number): void;
declare function setTimeout(fn: () => void, ms: number): number;
declare function clearTimeout(id: number): void;
declare const console: { log(...args: unknown[]): void };
