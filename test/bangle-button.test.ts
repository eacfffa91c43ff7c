// The Bangle app's button acts on a short press, at its release; holding it is the firmware's way
// out of any app (btnLoadTimeout, 1.5 s). What the fake's press()/buttonDown()/buttonUp() deliver is
// checked against the real firmware by tools/bangle-emu-button.ts. Review 20's
// test/review20-home-exit-starts-session.test.ts covers leaving from home and while paused.
import { describe, expect, it } from "vitest";
import { loadBangleApp } from "../sim/bangle/runtime";
import { BANGLE_APP_FILE } from "../tools/build-bangle";
import { storageWith } from "./support/bangle-central";

describe("the Bangle app's button", () => {
  it("starts a session on a short press at home", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith({ getReadySeconds: 5 }) });
    bangle.press();
    expect(bangle.screenText()[0]).toBe("Get ready");
    expect(bangle.errors).toEqual([]);
  });

  it("does nothing when held a second or more and released before the firmware's long press", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith({ getReadySeconds: 0 }) });
    bangle.buttonDown();
    bangle.advance(1200);
    bangle.buttonUp();
    expect(bangle.isRunning()).toBe(true);
    expect(bangle.screenText()).toContain("Tap to start");
    expect(bangle.storage.has("steadyhold.session.json")).toBe(false);
    expect(bangle.errors).toEqual([]);
  });

  it("is left by the firmware's long press, with nothing started", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith({ getReadySeconds: 0 }) });
    bangle.buttonDown();
    bangle.advance(1500);
    expect(bangle.isRunning()).toBe(false);
    expect(bangle.exits).toEqual(["long press"]);
    expect([...bangle.storage.keys()].filter((k) => /^steadyhold\.(session|r|u|x)/.test(k))).toEqual([]);
    expect(bangle.errors).toEqual([]);
  });

  it("ignores a release whose press came before the app was launched", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith({ getReadySeconds: 0 }) });
    bangle.leave();
    bangle.buttonDown();
    bangle.launch();
    bangle.advance(100);
    bangle.buttonUp();
    expect(bangle.screenText()).toContain("Tap to start");
    expect(bangle.errors).toEqual([]);
  });

  it("pauses on a short press and ends the session on the next, kept as partial", () => {
    const bangle = loadBangleApp(BANGLE_APP_FILE, { storage: storageWith({ getReadySeconds: 0 }) });
    bangle.touch();
    bangle.advance(3000);
    bangle.press();
    expect(bangle.screenText()).toContain("Paused");
    bangle.buttonDown();
    bangle.advance(1100);
    bangle.buttonUp(); // held too long to be the app's
    expect(bangle.screenText()).toContain("Paused");
    bangle.press();
    expect(bangle.screenText()[0]).toBe("Ended");
    expect(bangle.errors).toEqual([]);
  });
});
