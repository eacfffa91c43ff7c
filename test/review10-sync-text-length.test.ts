// Review 10: the home screen's sync line is a <text id="sync-text" text-length="40"> in every view
// (resources/index.view, legacy/resources/index.gui and index~348x250.gui). On Fitbit OS
// `text-length` is the size of the element's text buffer: longer text is cut. With a damaged result
// set aside and a result waiting for the phone, app/index.ts syncText() writes
// "⚠ 1 damaged kept · Waiting for phone · 1 to send" (48 characters), so the watch shows
// "⚠ 1 damaged kept · Waiting for phone · " and the user never sees how many sessions are
// still to send — exactly the line meant to tell them a session has not reached the phone.
// The line is now at most 30 characters (the bottom of the screen has no room for more at 22 px):
// with damaged files the count to send drops "Waiting for phone".
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { encodeResultMessage } from "../common/protocol";
import { encodeCbor } from "../sim/cbor";
import { loadBundle, packagePath } from "../sim/bundle";
import { DEFAULT_START_TIME, Simulation } from "../sim/simulation";
import { completedSession } from "./support/builders";

const ROOT = path.resolve(__dirname, "..");
const GARBAGE = new Uint8Array([0xff, 0x00, 0x13, 0x9f, 0xbf]);

/** The `text-length` the packaged view gives the element `id`. */
function textLengthOf(source: string, id: string): number {
  const tag = new RegExp(`<text[^>]*\\bid="${id}"[^>]*>`).exec(source);
  const length = tag && /\btext-length="(\d+)"/.exec(tag[0]);
  if (!length) throw new Error(`no text-length on #${id}`);
  return Number(length[1]);
}

describe("the home screen's sync line fits its text buffer and one line", () => {
  const cases = [
    { damaged: 1, waiting: 1, shows: "⚠ 1 damaged · 1 to send" },
    { damaged: 12, waiting: 0, shows: "⚠ 12 damaged · Not synced yet" },
    { damaged: 0, waiting: 10, shows: "Waiting for phone · 10 to send" },
  ];
  for (const target of ["mira", "higgs", "atlas"])
    for (const c of cases)
      it(`on ${target}, with ${c.damaged} damaged result(s) kept and ${c.waiting} waiting for the phone`, async () => {
        const fba = packagePath(ROOT, target);
        if (!fs.existsSync(fba)) throw new Error(`${fba} is missing: run "npm run build"`);
        const bundle = loadBundle(fba, target);
        const sim = new Simulation({ bundle, jitterMs: 40, seed: 3 });
        for (let i = 0; i < c.waiting; i++) {
          const id = "mkq3x1a" + i + "-ab12";
          sim.watchState.files.set(
            `pending-${id}.cbor`,
            encodeCbor(encodeResultMessage(completedSession(id, DEFAULT_START_TIME - 3600000 * (i + 1)))),
          );
        }
        for (let i = 0; i < c.damaged; i++) sim.watchState.files.set(`pending-mkq2w0z${i}-cd34.cbor.bad`, GARBAGE); // set aside by an earlier run
        sim.setPhoneInReach(false);
        await sim.act(() => sim.launchWatch());
        await sim.advance(1000);
        const shown = sim.element("sync-text").text;
        expect(shown).toBe(c.shows);
        expect(shown.length).toBeLessThanOrEqual(30);
        // The SDK packs each target's own layout as its main view (Ionic's is index~348x250.gui).
        const view = bundle.views.views[bundle.views.main!];
        expect(shown.length).toBeLessThanOrEqual(textLengthOf(view, "sync-text"));
      });
});
