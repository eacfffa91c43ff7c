// The Fitbit manifest asks for a permission only where the code uses it: installing the app shows each
// permission to the user, so one the app never uses is a prompt for data it does not read. Reasons for
// each permission are in docs/watch-app.md ("Permissions").
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { importsOf, sourceFiles } from "../tools/check-layers";

const ROOT = path.resolve(__dirname, "..");

/** Fitbit permissions and what in our code needs each (dev.fitbit.com/build/guides/permissions). */
const NEEDED_BY: { [permission: string]: { modules: string[]; code?: RegExp } } = {
  access_activity: { modules: ["user-activity", "body-presence"] },
  access_heart_rate: { modules: ["heart-rate"] },
  access_location: { modules: ["geolocation"] },
  access_user_profile: { modules: ["user-profile"] },
  access_exercise: { modules: ["exercise"] },
  access_sleep: { modules: ["sleep"] },
  access_internet: { modules: [], code: /\bfetch\(|\bWebSocket\b/ },
  // The companion runs while the watch app is closed: woken by file transfers (results) it reads launchReasons.
  run_background: { modules: [], code: /\blaunchReasons\b|\bwakeInterval\b/ },
};

function shellSources(): { modules: Set<string>; text: string } {
  const modules = new Set<string>();
  let text = "";
  for (const file of sourceFiles(ROOT)) {
    if (!/^(app|companion|settings)\//.test(file)) continue;
    const source = fs.readFileSync(path.join(ROOT, file), "utf8");
    text += source + "\n";
    for (const { specifier } of importsOf(source)) modules.add(specifier);
  }
  return { modules, text };
}

function usedPermissions(): string[] {
  const { modules, text } = shellSources();
  return Object.keys(NEEDED_BY)
    .filter((permission) => {
      const need = NEEDED_BY[permission];
      return need.modules.some((m) => modules.has(m)) || (need.code !== undefined && need.code.test(text));
    })
    .sort();
}

describe("Fitbit manifest permissions", () => {
  const requested = (
    JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).fitbit.requestedPermissions as string[]
  )
    .slice()
    .sort();

  it("requests exactly the permissions the watch, companion and settings code uses", () => {
    for (const permission of requested)
      expect(Object.keys(NEEDED_BY), `unknown permission ${permission}`).toContain(permission);
    expect(requested).toEqual(usedPermissions());
  });

  it("does not ask for activity data (steps, activity history, body presence): the app reads none", () => {
    expect(requested).not.toContain("access_activity");
    expect(shellSources().modules.has("user-activity")).toBe(false);
  });
});
