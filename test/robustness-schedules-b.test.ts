// Robustness through the simulator, seeds 501–1000 (the other half is in robustness-schedules-a, so
// vitest plays both on separate cores): see test/support/robustness-run.ts.
import { robustnessTest } from "./support/robustness-run";

robustnessTest(501, 1000);
