// The watch app in two parts (app/parts.ts, issue 13): the entry loads home or the session part on
// demand, and only one is in the heap at a time. These checks read the built packages: the entry
// loads exactly the two parts and no file requires the entry back (Fitbit OS has no module cache, so
// that would run the entry again); the session part, with the chunk it shares with home, carries
// none of home's modules (the protocol, results, routine limits, files from the phone, day stats).
import AdmZip from "adm-zip";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deviceFiles, loadBundle, packagePath } from "../sim/bundle";

const ROOT = path.resolve(__dirname, "..");
const HOME_ONLY = [
  "common/protocol.ts",
  "common/routine.ts",
  "common/daily.ts",
  "app/results.ts",
  "app/inbox.ts",
  "app/routine-store.ts",
  "app/stats-store.ts",
  "app/session-store.ts",
  "app/home.ts",
];
const SESSION_ONLY = ["common/bounce.ts", "app/motion.ts", "app/haptics.ts", "app/session-runner.ts"];

/** Relative files `code` requires ("./x.js" → "x.js"). */
function requiredFiles(code: string): string[] {
  return [...code.matchAll(/require\("\.\/([^"]+)"\)/g)].map((m) => m[1]);
}

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

    it("keeps home's modules out of the session part and the session's out of home", () => {
      const { code, sources } = load();
      const [home, session] = requiredFiles(code["index.js"]).sort();
      const modulesOf = (part: string) => closure(part, code).flatMap(sources);
      const inSession = modulesOf(session);
      const inHome = modulesOf(home);
      expect(inSession).toContain("common/session.ts");
      expect(inHome).toContain("common/session.ts"); // home closes saved sessions with the engine
      expect(inSession.filter((m) => HOME_ONLY.indexOf(m) >= 0)).toEqual([]);
      expect(inHome.filter((m) => SESSION_ONLY.indexOf(m) >= 0)).toEqual([]);
    });
  });
}
