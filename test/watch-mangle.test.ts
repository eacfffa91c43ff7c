// The watch bundle's own property names are mangled (app/mangled-names.json, read by the patched
// Fitbit SDKs; docs/watches.md, "Property names mangled"). Terser renames a listed name wherever it
// appears as a property, whatever the object: a listed name that is also an API name, a string the
// code looks a property up by, or a key of a file or message would break the watch — while every
// test through the V8 simulator could still pass. These checks keep the list to names that are ours,
// and check the built bundles really have them mangled (an option silently skipped shows here).
import fs from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { deviceFiles, loadBundle, packagePath } from "../sim/bundle";
import { decodeCbor } from "../sim/cbor";
import { Simulation } from "../sim/simulation";
import {
  declaredNames,
  lookupPieces,
  mangledNames,
  propertyNames,
  sourcePropertyNames,
  sourceStrings,
} from "./support/watch-names";

const ROOT = path.resolve(__dirname, "..");
const NAMES = mangledNames();

describe("app/mangled-names.json", () => {
  it("lists property names, each once", () => {
    expect(NAMES.length).toBeGreaterThan(0);
    for (const name of NAMES) expect(name).toMatch(/^[A-Za-z_$][\w$]*$/);
    expect(new Set(NAMES).size).toBe(NAMES.length);
  });

  it("lists no name that a declaration the app compiles against spells (Fitbit types, TS libraries, the project's .d.ts)", () => {
    const declared = declaredNames();
    // The check knows the API names it must: a Fitbit transfer's handler (a mapped `on${event}`), a builtin.
    for (const api of ["onchange", "readyState", "enqueueFile", "indexOf", "getTimezoneOffset"])
      expect(declared.has(api), api).toBe(true);
    expect(NAMES.filter((name) => declared.has(name))).toEqual([]);
  });

  it("lists no name that the watch's sources spell as a string (a key looked up by name, in a key list, or pieced together)", () => {
    const strings = [...sourceStrings()];
    expect(strings).toContain("phaseStartedAt"); // STATE_KEYS: the check reads the key lists
    expect(NAMES.filter((name) => strings.indexOf(name) >= 0)).toEqual([]);
    // A key pieced together in a lookup (`routine[phase + "Seconds"]`): no listed name starts or ends with a piece.
    const pieces = [...lookupPieces()].filter((p) => p !== "");
    expect(pieces).toContain("Seconds");
    expect(NAMES.filter((name) => pieces.some((p) => name.startsWith(p) || name.endsWith(p)))).toEqual([]);
  });
});

for (const target of ["atlas", "mira"]) {
  describe(`device bundle of ${target}`, () => {
    const fba = packagePath(ROOT, target);
    let files: Array<{ file: string; code: string }> = [];
    beforeAll(() => {
      if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build" (npm test does it first)`);
      files = deviceFiles(loadBundle(fba, target)); // the entry and any chunks split off at an import()
    });

    it("spells none of the listed names: terser mangled them all", () => {
      const spelled = new Set(files.flatMap(({ code }) => [...propertyNames(code)]));
      expect(spelled.has("getTimezoneOffset")).toBe(true); // the parse sees property names
      expect(NAMES.filter((name) => spelled.has(name))).toEqual([]);
    });

    it("writes and sends only keys its sources spell, none of them mangled (files and messages keep their layout)", async () => {
      const sim = new Simulation({ bundle: loadBundle(fba, target), jitterMs: 40, seed: 5 });
      const sent: Array<{ name: string; bytes: Uint8Array }> = [];
      const inbox = sim.phoneState.inbox;
      const deliver = inbox.push.bind(inbox);
      inbox.push = (...files) => {
        sent.push(...files);
        return deliver(...files);
      };
      const keys = new Set<string>();
      const collect = (value: unknown): void => {
        if (Array.isArray(value)) value.forEach(collect);
        else if (value !== null && typeof value === "object")
          for (const [key, inner] of Object.entries(value)) {
            keys.add(key);
            collect(inner);
          }
      };
      const collectFiles = () => {
        for (const [name, bytes] of sim.watchState.files) if (name.endsWith(".cbor")) collect(decodeCbor(bytes));
      };
      // Phone out of reach: the session's saves, its stored result and the day stats stay on the watch.
      await sim.act(() => {
        sim.setPhoneInReach(false);
        sim.launchWatch();
      });
      await sim.advance(1000);
      await sim.act(() => sim.tap("start-button"));
      await sim.advance(25000); // in the first hold: session.cbor
      collectFiles();
      await sim.runUntil(300000); // the default session has ended
      collectFiles();
      await sim.act(() => sim.setPhoneInReach(true));
      await sim.advance(20000); // results sent and acknowledged: the sync time is stored
      collectFiles();
      for (const file of sent) collect(decodeCbor(file.bytes));

      expect(sent.length).toBeGreaterThan(0);
      for (const key of ["savedAt", "state", "days", "baseDay", "baseStreak", "counted", "lastSyncAt"])
        expect(keys.has(key), key).toBe(true);
      const spelled = sourcePropertyNames();
      for (const name of NAMES) spelled.delete(name);
      expect([...keys].filter((key) => !spelled.has(key))).toEqual([]);
    });
  });
}

describe("companion", () => {
  it("is not mangled: it still spells `revision`, a listed name its routine code uses", () => {
    const companion = loadBundle(packagePath(ROOT, "atlas"), "atlas").companionCode ?? "";
    expect(NAMES).toContain("revision");
    expect(propertyNames(companion).has("revision")).toBe(true);
  });
});
