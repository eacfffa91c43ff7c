// Robustness through the simulator, seeds 1–500 (the other half is in robustness-schedules-b, so
// vitest plays both on separate cores): see test/support/robustness-run.ts.
import { expect, it } from "vitest";
import { runSchedules } from "./support/robustness-run";

it("500 random schedules of phone away, kills and faulty transfers lose and double no result", async () => {
  const totals = await runSchedules(1, 500);
  console.log("robustness schedules 1–500: " + JSON.stringify(totals));
  expect(totals.schedules).toBe(500);
  expect(totals.withBounceWarnings).toBeGreaterThan(0);
  expect(totals.duplicatesSuppressed).toBeGreaterThan(0);
});
