// detect-bounce PATH... [--sensitivity low|normal|high]
// Prints ONE JSON object: each trace's file name without ".csv" → warning times in ms.
// Folders are read one level deep (*.csv, except the labels.csv that sits next to shared traces).
// Each file is streamed line by line straight into the detector, so a long recording never sits in
// memory. A bad file is reported on stderr with its file and line; the others are still processed
// and the exit code is 1. Nothing to read at all (no such path, a folder without CSV) is exit 2.
import { createReadStream, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { BounceDetector } from "../common/bounce";
import { Sensitivity } from "../common/routine";
import { TraceLineReader, traceName } from "../model/trace-csv";

const SENSITIVITIES: Sensitivity[] = ["low", "normal", "high"];

const USAGE = `usage: detect-bounce [--sensitivity low|normal|high] PATH...
  PATH          a trace CSV ("t_ms,x,y,z", m/s² with gravity, one sample a line) or a folder of them
                (its *.csv, one level deep, except labels.csv)
  --sensitivity the detector's sensitivity (default normal)
  --help        this text
Prints one JSON object: trace name (file name without .csv) → bounce warning times in ms.
Exit 0: every trace read; 1: some files were bad (each named on stderr with its line), the rest are
in the output; 2: bad arguments, or no trace to read at all.`;

class UsageError extends Error {}

interface Arguments {
  paths: string[];
  sensitivity: Sensitivity;
}

/** The parsed arguments, or null when the user asked for --help. */
function parseArguments(argv: string[]): Arguments | null {
  const paths: string[] = [];
  let sensitivity: Sensitivity = "normal";
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--help" || arg === "-h") return null;
    if (arg === "--sensitivity") {
      const value = argv[++i] as Sensitivity;
      if (SENSITIVITIES.indexOf(value) < 0)
        throw new UsageError(`--sensitivity must be one of ${SENSITIVITIES.join(", ")}`);
      sensitivity = value;
    } else if (arg.startsWith("--")) {
      throw new UsageError(`unknown option ${arg}`);
    } else paths.push(arg);
  }
  if (paths.length === 0) throw new UsageError("no PATH given");
  return { paths, sensitivity };
}

/** CSV files named by the arguments, in a stable order; missing paths and folders without CSV go to `fail`. */
export function traceFiles(paths: string[], fail: (message: string) => void): string[] {
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
    if (names.length === 0) fail(`${path}: no .csv trace in this folder`);
    for (const name of names) files.push(join(path, name));
  }
  return files;
}

/**
 * Streams one trace file through the detector and returns its warning times (ms). Throws a
 * TraceError (file:line: reason) for a malformed file, or the file system's error.
 */
export async function traceFileWarnings(file: string, detector: BounceDetector): Promise<number[]> {
  const reader = new TraceLineReader(file);
  const lines = createInterface({ input: createReadStream(file, { encoding: "utf8" }), crlfDelay: Infinity });
  detector.reset();
  const warnings: number[] = [];
  try {
    for await (const line of lines) {
      const s = reader.line(line);
      if (s !== null && detector.push(s.t, s.x, s.y, s.z)) warnings.push(s.t);
    }
  } finally {
    lines.close();
  }
  reader.end();
  return warnings;
}

/** Valid JSON with one trace a line: readable in a terminal, short in a diff. */
export function formatResult(result: { [name: string]: number[] }): string {
  const names = Object.keys(result);
  if (names.length === 0) return "{}";
  return "{\n" + names.map((name) => `  ${JSON.stringify(name)}: ${JSON.stringify(result[name])}`).join(",\n") + "\n}";
}

async function main(argv: string[]): Promise<number> {
  let args: Arguments | null;
  try {
    args = parseArguments(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`detect-bounce: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args === null) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  let failed = false;
  const fail = (message: string) => {
    failed = true;
    process.stderr.write(`detect-bounce: ${message}\n`);
  };
  const files = traceFiles(args.paths, fail);
  if (files.length === 0) {
    process.stderr.write("detect-bounce: no trace to read\n");
    return 2;
  }
  const detector = new BounceDetector(args.sensitivity);
  const result: { [name: string]: number[] } = {};
  for (const file of files) {
    const name = traceName(file);
    if (Object.prototype.hasOwnProperty.call(result, name)) {
      fail(`${file}: another trace is already named "${name}"; skipped`);
      continue;
    }
    try {
      result[name] = await traceFileWarnings(file, detector);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      fail(code !== undefined ? `${file}: cannot read (${code})` : (error as Error).message);
    }
  }
  process.stdout.write(formatResult(result) + "\n");
  return failed ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
