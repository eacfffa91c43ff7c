// Reads the built app package (build/app.fba): the device bundle of one target, the companion
// and the settings page — exactly the files a phone would install.
import AdmZip from "adm-zip";
import fs from "node:fs";
import { ViewFiles } from "./view";

export class BundleError extends Error {}

export interface AppBundle {
  target: string;
  targets: string[];
  deviceCode: string;
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
  let css = "";
  for (const entry of device.getEntries()) {
    if (/^resources\/.*\.view$/.test(entry.entryName)) views[entry.entryName] = entry.getData().toString("utf8");
    if (/^resources\/.*\.css$/.test(entry.entryName)) css += entry.getData().toString("utf8") + "\n";
  }
  if (views["resources/index.view"] === undefined) throw new BundleError(`device-${target}.zip has no resources/index.view`);
  const companionEntry = fba.getEntry("companion.zip");
  const companion = companionEntry ? openZip(companionEntry.getData(), "companion.zip") : null;
  return {
    target,
    targets,
    deviceCode,
    views: { views, css },
    companionCode: companion ? text(companion, "companion.js") : null,
    settingsCode: companion ? text(companion, "settings.js") : null,
  };
}
