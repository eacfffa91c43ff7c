// detect-bounce PATH... [--sensitivity low|normal|high]
// Prints ONE JSON object: each trace's file name without ".csv" → warning times in ms.
// Folders are read one level deep (*.csv, except the labels.csv that sits next to shared traces).
// A bad file is reported on stderr with its file and line; the others are still processed and the
// exit code is 1.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { BounceDetector } from "../common/bounce";
import { Sensitivity } from "../common/routine";
import { warningTimes } from "../model/detector-run";
import { parseTraceCsv, traceName } from "../model/trace-csv";

const SENSITIVITIES: Sensitivity[] = ["low", "normal", "high"];

interface Arguments {
  paths: string[];
  sensitivity: Sensitivity;
}

function parseArguments(argv: string[]): Arguments {
  const paths: string[] = [];
  let sensitivity: Sensitivity = "normal";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--sensitivity") {
      const value = argv[++i] as Sensitivity;
      if (SENSITIVITIES.indexOf(value) < 0) throw new Error(`--sensitivity must be one of ${SENSITIVITIES.join(", ")}`);
      sensitivity = value;
    } else paths.push(arg);
  }
  if (paths.length === 0) throw new Error("usage: detect-bounce [--sensitivity low|normal|high] PATH...  (CSV files or folders of them)");
  return { paths, sensitivity };
}

/** CSV files named by the arguments, in a stable order; unreadable paths are reported through `fail`. */
function traceFiles(paths: string[], fail: (message: string) => void): string[] {
  const files: string[] = [];
  for (const path of paths) {
    let isFolder: boolean;
    try {
      isFolder = statSync(path).isDirectory();
    } catch {
      fail(`${path}: no such file or folder`);
      continue;
    }
    if (!isFolder) {
      files.push(path);
      continue;
    }
    const names = readdirSync(path)
      .filter((name) => /\.csv$/i.test(name) && name.toLowerCase() !== "labels.csv")
      .sort();
    for (const name of names) files.push(join(path, name));
  }
  return files;
}

function main(): number {
  let args: Arguments;
  try {
    args = parseArguments(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`detect-bounce: ${(error as Error).message}\n`);
    return 2;
  }
  let failed = false;
  const fail = (message: string) => {
    failed = true;
    process.stderr.write(`detect-bounce: ${message}\n`);
  };
  const detector = new BounceDetector(args.sensitivity);
  const result: { [name: string]: number[] } = {};
  for (const file of traceFiles(args.paths, fail)) {
    const name = traceName(file);
    if (Object.prototype.hasOwnProperty.call(result, name)) {
      fail(`${file}: another trace is already named "${name}"; skipped`);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (error) {
      fail(`${file}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      continue;
    }
    try {
      result[name] = warningTimes(parseTraceCsv(text, file), detector);
    } catch (error) {
      fail((error as Error).message);
    }
  }
  process.stdout.write(JSON.stringify(result) + "\n");
  return failed ? 1 : 0;
}

process.exitCode = main();
