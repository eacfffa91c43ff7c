// The watch app in two parts (app/parts.ts, issue 13): the entry loads home or the session part on
// demand, and only one is in the heap at a time. These checks read the built packages: the entry
// loads exactly the two parts and no file requires the entry back (Fitbit OS has no module cache, so
// that would run the entry again); the session part, with the chunk it shares with home, carries
// none of home's modules (the protocol, results, files from the phone, day stats), and home carries
// no engine: it stores finished sessions as they are and hands unfinished ones to the session part.
import AdmZip from "adm-zip";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deviceFiles, loadBundle, packagePath, partsOf, requiredFiles } from "../sim/bundle";

const ROOT = path.resolve(__dirname, "..");
const HOME_ONLY = [
  "common/protocol.ts",
  "common/daily.ts",
  "app/results.ts",
  "app/inbox.ts",
  "app/routine-store.ts",
  "app/stats-store.ts",
  "app/session-store.ts",
  "app/home.ts",
];
const SESSION_ONLY = [
  "common/session.ts",
  "common/bounce.ts",
  "common/screen-text.ts",
  "app/motion.ts",
  "app/haptics.ts",
  "app/saved-check.ts",
  "app/session-runner.ts",
];

/** The file and every file it requires, transitively. */
function closure(file: string, code: Record<string, string>): string[] {
  const seen: string[] = [];
  const visit = (f: string) => {
    if (seen.indexOf(f) >= 0) return;
    seen.push(f);
    requiredFiles(code[f]).forEach(visit);
  };
  visit(file);
  return seen;
}

for (const target of ["atlas", "mira"]) {
  describe("device bundle of " + target, () => {
    const fba = packagePath(ROOT, target);
    const load = () => {
      if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build" (npm test does it first)`);
      const code: Record<string, string> = {};
      for (const f of deviceFiles(loadBundle(fba, target))) code[f.file] = f.code;
      const zip = new AdmZip(fba);
      /** The source modules a device file was built from (its source map). */
      const sources = (file: string): string[] => {
        const map = zip.getEntry(`sourceMaps/device/${target}/app/${file}.map`);
        if (map === null) throw new Error(`no source map for app/${file}`);
        return (JSON.parse(map.getData().toString("utf8")) as { sources: string[] }).sources.map((s) =>
          s.replace(/^.*?((app|common)\/[\w.-]+\.ts)$/, "$1"),
        );
      };
      return { code, sources };
    };

    it("loads home and the session part from the entry, and nothing requires the entry", () => {
      const { code } = load();
      const parts = requiredFiles(code["index.js"]).sort();
      expect(parts).toHaveLength(2);
      expect(parts[0]).toMatch(/^home-\w+\.js$/);
      expect(parts[1]).toMatch(/^session-runner-\w+\.js$/);
      for (const file of Object.keys(code)) expect(requiredFiles(code[file])).not.toContain("index.js");
    });

    it("loads each file once on a part's way in, and no part loads the other (no module cache on the watch)", () => {
      const { code } = load();
      const parts = requiredFiles(code["index.js"]);
      for (const { part, files } of partsOf(loadBundle(packagePath(ROOT, target), target))) {
        // Every require runs its file again: a file reached twice would run, and sit in the heap, twice.
        expect(files.filter((f, i) => files.indexOf(f) !== i)).toEqual([]);
        expect(files.filter((f) => f !== part && parts.indexOf(f) >= 0)).toEqual([]);
      }
    });

    it("keeps home's modules out of the session part and the session's out of home", () => {
      const { code, sources } = load();
      const [home, session] = requiredFiles(code["index.js"]).sort();
      const modulesOf = (part: string) => closure(part, code).flatMap(sources);
      const inSession = modulesOf(session);
      const inHome = modulesOf(home);
      expect(inSession).toContain("common/session.ts");
      expect(inHome).toContain("common/saved-session.ts"); // home reads finished sessions, without the engine
      expect(inSession.filter((m) => HOME_ONLY.indexOf(m) >= 0)).toEqual([]);
      expect(inHome.filter((m) => SESSION_ONLY.indexOf(m) >= 0)).toEqual([]);
    });
  });
}
