// Robustness through the simulator, seeds 1–500 (the other half is in robustness-schedules-b, so
// vitest plays both on separate cores): see test/support/robustness-run.ts.
import { robustnessTest } from "./support/robustness-run";

robustnessTest(1, 500);
