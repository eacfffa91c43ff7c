// Builds the package for the older watches (legacy/build/app.fba) with this folder's own Fitbit
// SDK 4.3.2. Run by the root `npm run build` after the SDK 6.1 build. Installs this folder's
// dependencies from its lockfile first when they are missing or older than it or its SDK patch
// (patches/, applied at install), so a fresh clone needs nothing beyond the root's `npm ci`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

function run(command, args) {
  const result = spawnSync(command, args, { cwd: here, stdio: "inherit" });
  if (result.status !== 0) {
    console.error(`legacy build: ${command} ${args.join(" ")} failed (${result.error ?? "exit " + result.status})`);
    process.exit(1);
  }
}

const installed = join(here, "node_modules", ".package-lock.json");
const inputs = ["package-lock.json", ...readdirSync(join(here, "patches")).map((name) => join("patches", name))];
const newestInput = Math.max(...inputs.map((file) => statSync(join(here, file)).mtimeMs));
if (!existsSync(installed) || statSync(installed).mtimeMs < newestInput) {
  console.log("legacy build: installing SDK 4.3.2 from legacy/package-lock.json …");
  run("npm", ["ci", "--no-audit", "--no-fund"]);
}
run(join(here, "node_modules", ".bin", "fitbit-build"), []);
