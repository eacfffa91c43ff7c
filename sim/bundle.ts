// Reads the built app package (build/app.fba): the device bundle of one target, the companion
// and the settings page — exactly the files a phone would install.
import AdmZip from "adm-zip";
import fs from "node:fs";
import path from "node:path";
import { ViewFiles } from "./watch-document";

export class BundleError extends Error {}

/** The older watches (Versa 2, Versa, Versa Lite, Ionic) come from the SDK 4.3.2 package in legacy/. */
export const LEGACY_TARGETS = ["mira", "meson", "gemini", "higgs"];

/** The package that holds `target`'s build: build/app.fba, or legacy/build/app.fba for an older watch. */
export function packagePath(root: string, target: string): string {
  return LEGACY_TARGETS.indexOf(target) >= 0
    ? path.join(root, "legacy", "build", "app.fba")
    : path.join(root, "build", "app.fba");
}

export interface AppBundle {
  target: string;
  targets: string[];
  /** app/index.js: the entry the watch runs. */
  deviceCode: string;
  /**
   * The device's other JavaScript files (every .js under app/ but index.js), by name relative to app/: the
   * chunks the SDK's rollup splits off at a dynamic `import()`, which the bundle `require`s on demand.
   */
  chunks: Record<string, string>;
  views: ViewFiles;
  companionCode: string | null;
  settingsCode: string | null;
}

function openZip(data: Buffer | string, what: string): AdmZip {
  try {
    return new AdmZip(data);
  } catch (e) {
    throw new BundleError(`${what} is not a readable zip (${(e as Error).message})`);
  }
}

export function loadBundle(fbaPath: string, target: string): AppBundle {
  if (!fs.existsSync(fbaPath)) throw new BundleError(`${fbaPath} not found: build the app first with "npm run build"`);
  const fba = openZip(fbaPath, fbaPath);
  const targets = fba
    .getEntries()
    .map((e) => /^device-(\w+)\.zip$/.exec(e.entryName)?.[1])
    .filter((t): t is string => t !== undefined);
  const deviceEntry = fba.getEntry(`device-${target}.zip`);
  if (deviceEntry === null) {
    throw new BundleError(`${fbaPath} has no build for target "${target}" (it has: ${targets.join(", ") || "none"})`);
  }
  const device = openZip(deviceEntry.getData(), `device-${target}.zip`);
  const text = (zip: AdmZip, name: string) => zip.getEntry(name)?.getData().toString("utf8") ?? null;
  const deviceCode = text(device, "app/index.js");
  if (deviceCode === null) throw new BundleError(`device-${target}.zip has no app/index.js`);
  const views: Record<string, string> = {};
  const chunks: Record<string, string> = {};
  let css = "";
  for (const entry of device.getEntries()) {
    const chunk = /^app\/(.+\.js)$/.exec(entry.entryName)?.[1];
    if (chunk !== undefined && chunk !== "index.js") chunks[chunk] = entry.getData().toString("utf8");
    // SDK 5+ views are .view files; SDK 4's are .gui files (widgets.gui only imports definitions).
    if (/^resources\/.*\.(view|gui)$/.test(entry.entryName) && entry.entryName !== "resources/widgets.gui")
      views[entry.entryName] = entry.getData().toString("utf8");
    if (/^resources\/.*\.css$/.test(entry.entryName)) css += entry.getData().toString("utf8") + "\n";
  }
  const main = views["resources/index.view"] !== undefined ? "resources/index.view" : "resources/index.gui";
  if (views[main] === undefined) throw new BundleError(`device-${target}.zip has no resources/index.view or index.gui`);
  const companionEntry = fba.getEntry("companion.zip");
  const companion = companionEntry ? openZip(companionEntry.getData(), "companion.zip") : null;
  return {
    target,
    targets,
    deviceCode,
    chunks,
    views: { views, css, main },
    companionCode: companion ? text(companion, "companion.js") : null,
    settingsCode: companion ? text(companion, "settings.js") : null,
  };
}

/** Every JavaScript file of the device, entry first, by name relative to app/: what the watch may parse. */
export function deviceFiles(bundle: Pick<AppBundle, "deviceCode" | "chunks">): Array<{ file: string; code: string }> {
  const files = [{ file: "index.js", code: bundle.deviceCode }];
  for (const file of Object.keys(bundle.chunks).sort()) files.push({ file, code: bundle.chunks[file] });
  return files;
}

/** Bytes (UTF-8) of each device JavaScript file, entry first, and of all of them: the code the watch may parse. */
export function deviceJsBytes(bundle: Pick<AppBundle, "deviceCode" | "chunks">): {
  totalBytes: number;
  files: Array<{ file: string; bytes: number }>;
} {
  const files = deviceFiles(bundle).map(({ file, code }) => ({ file, bytes: Buffer.byteLength(code) }));
  return { totalBytes: files.reduce((sum, f) => sum + f.bytes, 0), files };
}

/** The device files `code` requires by a relative name ("./x.js" → "x.js"), in order. */
export function requiredFiles(code: string): string[] {
  return [...code.matchAll(/require\("\.\/([^"]+)"\)/g)].map((m) => m[1]);
}

/**
 * The app's parts (app/parts.ts): each file the entry loads, with every file it requires in turn,
 * and the bytes the watch parses while that part is loaded (the entry's included). A file reached
 * twice is counted twice: with no module cache the watch runs it twice (test/watch-parts.test.ts
 * keeps that from happening).
 */
export function partsOf(
  bundle: Pick<AppBundle, "deviceCode" | "chunks">,
): Array<{ part: string; files: string[]; bytes: number }> {
  const code: Record<string, string> = {};
  for (const f of deviceFiles(bundle)) code[f.file] = f.code;
  return requiredFiles(bundle.deviceCode).map((part) => {
    const files: string[] = [];
    const visit = (file: string) => {
      files.push(file);
      requiredFiles(code[file] ?? "").forEach(visit);
    };
    visit(part);
    const bytes = ["index.js", ...files].reduce((sum, f) => sum + Buffer.byteLength(code[f] ?? ""), 0);
    return { part, files, bytes };
  });
}
