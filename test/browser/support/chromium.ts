// Debian Chromium driven by puppeteer-core over CDP, and the BUILT web app served on localhost
// (Web Bluetooth and service workers need a secure context; http://localhost is one).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, afterEach, beforeAll } from "vitest";

const HERE = fileURLToPath(new URL(".", import.meta.url));

export const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
export const WEB_BUILD = resolve(HERE, "../../../build/web");
export const ARTIFACTS = resolve(HERE, "../../artifacts");

/** Builds the web app when build/web is missing (npm test builds it before vitest runs). */
export async function ensureWebBuild(): Promise<void> {
  if (existsSync(join(WEB_BUILD, "index.html")) && existsSync(join(WEB_BUILD, "sw.js"))) return;
  const { build } = await import("vite");
  await build({ configFile: resolve(HERE, "../../../web/vite.config.mts"), logLevel: "warn" });
}

const TYPES: { [ext: string]: string } = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".webmanifest": "application/manifest+json",
  ".json": "application/json",
};

export interface StaticServer {
  url: string;
  /** Stops answering (connection refused) — the network is gone. */
  close(): Promise<void>;
}

/** Serves build/web on localhost at a free port; each test gets its own origin (own storage). */
export async function serveWebBuild(): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://localhost").pathname);
    let file = normalize(join(WEB_BUILD, path));
    if (!file.startsWith(WEB_BUILD)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    if (!existsSync(file)) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": TYPES[extname(file)] ?? "application/octet-stream",
      "cache-control": "no-store",
    });
    response.end(readFileSync(file));
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: "http://localhost:" + port + "/",
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Headless Chromium with the flags of the machine notes and a fresh profile. */
export async function launchChromium(options: { webBluetooth?: boolean } = {}): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "steady-hold-chromium-"));
  const webBluetooth = options.webBluetooth ?? true;
  const browser = await puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir: profile,
    protocolTimeout: 60000,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      webBluetooth ? "--enable-features=WebBluetooth" : "--disable-features=WebBluetooth",
      "--window-size=390,844",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** A phone-sized page (360 px wide) whose console errors are collected. */
export async function openPage(browser: Browser, url: string): Promise<{ page: Page; consoleErrors: string[] }> {
  const page = await browser.newPage();
  await page.setViewport({ width: 360, height: 780, deviceScaleFactor: 1 });
  const consoleErrors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
  });
  page.on("pageerror", (error) => consoleErrors.push(String(error)));
  await page.goto(url, { waitUntil: "load" });
  await page.waitForSelector("html[data-ready='true']");
  return { page, consoleErrors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, name + ".png") as `${string}.png`;
  await page.screenshot({ path, fullPage: true });
  return path;
}

/** Waits until the text of `selector` matches `pattern`; fails with what it showed instead. */
export async function waitForText(page: Page, selector: string, pattern: RegExp, timeout = 30000): Promise<string> {
  try {
    await page.waitForFunction(
      (sel: string, source: string, flags: string) => {
        const element = document.querySelector(sel);
        return element !== null && new RegExp(source, flags).test(element.textContent ?? "");
      },
      { timeout, polling: 100 },
      selector,
      pattern.source,
      pattern.flags,
    );
  } catch (error) {
    const shown = await page.$eval(selector, (element) => element.textContent).catch(() => "(no element)");
    throw new Error(
      "waiting for " + selector + " to match " + pattern + "; it shows: " + shown + " (" + String(error) + ")",
    );
  }
  return page.$eval(selector, (element) => element.textContent ?? "");
}

/**
 * Clicks `selector` (a user gesture, as requestDevice needs) and picks the device `deviceId` in the
 * browser's chooser through the CDP DeviceAccess domain. The prompt can be announced more than once,
 * first without devices: the first announcement that lists the device is answered.
 */
export async function clickAndChooseDevice(
  page: Page,
  selector: string,
  deviceId: string,
  timeout = 30000,
): Promise<void> {
  const cdp = await page.createCDPSession();
  try {
    await cdp.send("DeviceAccess.enable");
    const chosen = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error("no device chooser listing " + deviceId + " within " + timeout + " ms")),
        timeout,
      );
      let answered = false;
      cdp.on("DeviceAccess.deviceRequestPrompted", (event) => {
        if (answered || !event.devices.some((d) => d.id.toLowerCase() === deviceId.toLowerCase())) return;
        answered = true;
        const device = event.devices.find((d) => d.id.toLowerCase() === deviceId.toLowerCase());
        cdp.send("DeviceAccess.selectPrompt", { id: event.id, deviceId: (device as { id: string }).id }).then(() => {
          clearTimeout(timer);
          resolve();
        }, reject);
      });
    });
    await page.click(selector);
    await chosen.catch(async (e) => {
      console.log("MSG", await page.$eval("#message", (m) => m.textContent));
      throw e;
    });
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}

/**
 * One Chromium for a test file: started (with the web app built) before its tests and closed after
 * them. `cleanUp` registers what a test opened (pages, servers, peripherals), undone after that test.
 */
export function useChromium(): { browser: () => Browser; cleanUp: (undo: () => Promise<void>) => void } {
  let chromium: LaunchedBrowser | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  beforeAll(async () => {
    await ensureWebBuild();
    chromium = await launchChromium();
  }, 120000);
  afterEach(async () => {
    while (cleanups.length > 0) await (cleanups.pop() as () => Promise<void>)();
  });
  afterAll(async () => {
    await chromium?.close();
  });
  return {
    browser: () => {
      if (chromium === undefined) throw new Error("Chromium is not running");
      return chromium.browser;
    },
    cleanUp: (undo) => {
      cleanups.push(undo);
    },
  };
}
