// Review 10: the older watches' package (legacy/package.json, built into legacy/build/app.fba) still
// asks for `access_activity` (steps, activity history, body presence). The main package dropped it
// in 616661d because no code reads activity data (test/manifest.test.ts); the legacy package is
// built from the same app/, companion/ and settings/ sources, so a Versa 2, Versa, Versa Lite or
// Ionic user is prompted at install for activity data the app never reads.
import AdmZip from "adm-zip";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { LEGACY_TARGETS, packagePath } from "../sim/bundle";

const ROOT = path.resolve(__dirname, "..");

function devicePermissions(target: string): string[] {
  const fba = packagePath(ROOT, target);
  if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build"`);
  const device = new AdmZip(new AdmZip(fba).getEntry(`device-${target}.zip`)!.getData());
  const manifest = JSON.parse(device.getEntry("manifest.json")!.getData().toString("utf8")) as {
    requestedPermissions: string[];
  };
  return manifest.requestedPermissions.slice().sort();
}

describe("the legacy package's permissions", () => {
  it("are the main package's: the same code needs the same permissions on every watch", () => {
    const main = devicePermissions("atlas");
    expect(main).not.toContain("access_activity");
    for (const target of LEGACY_TARGETS) expect(devicePermissions(target), target).toEqual(main);
  });

  it("legacy/package.json does not ask for activity data", () => {
    const legacy = JSON.parse(fs.readFileSync(path.join(ROOT, "legacy", "package.json"), "utf8")) as {
      fitbit: { requestedPermissions: string[] };
    };
    expect(legacy.fitbit.requestedPermissions).not.toContain("access_activity");
  });
});
