// Regenerates the default scenario's traces from the project's own seeded hold model:
//   npx tsx tools/make-traces.ts [--help]
import fs from "node:fs";
import path from "node:path";
import { generateHold, holdToCsv } from "../model/holds";

const USAGE = `usage: make-traces [--help]
Regenerates scenarios/traces/steady.csv and bounce.csv (the default scenario's traces) from the
project's seeded hold model (model/holds.ts), overwriting them.`;

const args = process.argv.slice(2);
if (args.length > 0) {
  // Any argument stops before anything is overwritten: --help prints the usage, others are mistakes.
  const help = args[0] === "--help" || args[0] === "-h";
  (help ? process.stdout : process.stderr).write(
    (help ? "" : `make-traces: unknown argument ${args[0]}\n`) + USAGE + "\n",
  );
  process.exit(help ? 0 : 2);
}

const out = path.join(__dirname, "..", "scenarios", "traces");
fs.mkdirSync(out, { recursive: true });
// A steady hold, and a hold with one clear run of bouncing in its middle.
const steady = generateHold(21, { kind: "steady", fsHz: 50, durationMs: 30000 });
const bounce = generateHold(3, {
  kind: "bounce",
  fsHz: 50,
  durationMs: 30000,
  bounceHz: 1.2,
  bounceTugs: 8,
  tugMetres: 0.03,
});
fs.writeFileSync(path.join(out, "steady.csv"), holdToCsv(steady));
fs.writeFileSync(path.join(out, "bounce.csv"), holdToCsv(bounce));
console.log(`steady: ${steady.description}\nbounce: ${bounce.description}; bouts ${JSON.stringify(bounce.bouts)}`);
