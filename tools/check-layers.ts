// check-layers: fails when an import points up the layers.
//   npm run check-layers            exit 0 and one summary line, or one line per wrong import and exit 1
//   npm run check-layers -- --help
//
// The layers, bottom to top (each may import its own folder and anything below it):
//   common/ → model/ → sim/ → tools/ → test/
// Device and web shells (app/, companion/, settings/, web/, wearables/, legacy/) sit beside the
// simulator: each may import its own folder, common/ and model/ only — never another shell, the
// simulator, the tools or the tests (legacy/, the same watch app built for older watches, may also
// use app/, companion/, settings/ and resources/). A source file in a folder that is in no layer is reported too,
// so a new folder gets its place on purpose.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/** Rank of each core layer: a file may import a layer of the same or a lower rank. */
const CORE_RANK: { [folder: string]: number } = { common: 0, model: 1, sim: 2, tools: 3, test: 4 };
const SHELLS = ["app", "companion", "settings", "web", "wearables", "legacy"];
const SHELL_MAY_IMPORT = ["common", "model"];
/** legacy/ builds the same watch app for older watches with an older SDK, so it may use the Fitbit shells too. */
const SHELL_EXTRA: { [shell: string]: string[] } = { legacy: ["app", "companion", "settings", "resources"] };

/** Folders with no source of ours (data, build output, installed packages). */
const SKIPPED_DIRECTORIES = new Set(["node_modules", "build", "coverage", "artifacts", ".git"]);
const SOURCE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** Generated or installed code that is not ours to layer. */
const SKIPPED_FILES = [/^wearables\/bangle\/[^/]*\.app\.js$/];

export interface LayerViolation {
  file: string;
  line: number;
  specifier: string;
  reason: string;
}

/** The top folder a repository-relative path lives in ("" for a file at the root). */
function topFolder(relativePath: string): string {
  const parts = relativePath.split("/");
  return parts.length > 1 ? parts[0] : "";
}

/** Why `fromFolder` must not import `toFolder`, or null when the import points down (or sideways within a folder). */
export function layerViolation(fromFolder: string, toFolder: string): string | null {
  if (fromFolder === toFolder) return null;
  if (SHELLS.indexOf(fromFolder) >= 0) {
    const allowed = SHELL_MAY_IMPORT.concat(SHELL_EXTRA[fromFolder] ?? []);
    if (allowed.indexOf(toFolder) >= 0) return null;
    return `the ${fromFolder}/ shell may import only ${allowed.map((f) => f + "/").join(", ")}`;
  }
  const fromRank = CORE_RANK[fromFolder];
  if (fromRank === undefined) return `${fromFolder}/ is in no layer (add it to tools/check-layers.ts)`;
  if (SHELLS.indexOf(toFolder) >= 0) {
    // Tests drive the shells' pure modules (e.g. companion/phone-sync.ts with fakes); nothing else may.
    return fromFolder === "test" ? null : `${fromFolder}/ must not import the ${toFolder}/ shell`;
  }
  const toRank = CORE_RANK[toFolder];
  if (toRank === undefined) return `${toFolder}/ is in no layer`;
  if (toRank > fromRank) return `${fromFolder}/ is below ${toFolder}/ (common → model → sim → tools → test)`;
  return null;
}

/** Every module specifier in a source text, with its 1-based line: imports, re-exports, import() and require(). */
export function importsOf(text: string): { specifier: string; line: number }[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map((ref) => ({
    specifier: ref.fileName,
    line: text.slice(0, ref.pos).split("\n").length,
  }));
}

/** Source files under `root`, as repository-relative paths with "/" separators, sorted. */
export function sourceFiles(root: string): string[] {
  const found: string[] = [];
  const walk = (relativeDir: string): void => {
    for (const entry of fs.readdirSync(path.join(root, relativeDir), { withFileTypes: true })) {
      const relative = relativeDir === "" ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name) && !entry.name.startsWith(".")) walk(relative);
      } else if (SOURCE_FILE.test(entry.name) && relativeDir !== "" && !SKIPPED_FILES.some((p) => p.test(relative))) {
        found.push(relative);
      }
    }
  };
  walk("");
  return found.sort();
}

/** Every import under `root` that points up the layers (relative imports only: packages are no layer). */
export function checkLayers(root: string): LayerViolation[] {
  const violations: LayerViolation[] = [];
  for (const file of sourceFiles(root)) {
    const from = topFolder(file);
    const unplaced =
      from in CORE_RANK || SHELLS.indexOf(from) >= 0
        ? null
        : `${from}/ is in no layer (add it to tools/check-layers.ts)`;
    if (unplaced !== null) {
      violations.push({ file, line: 1, specifier: "", reason: unplaced });
      continue;
    }
    const text = fs.readFileSync(path.join(root, file), "utf8");
    for (const { specifier, line } of importsOf(text)) {
      if (!specifier.startsWith(".")) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
      if (target.startsWith("../")) {
        violations.push({ file, line, specifier, reason: "imports from outside the repository" });
        continue;
      }
      const reason = layerViolation(from, topFolder(target) || target);
      if (reason !== null) violations.push({ file, line, specifier, reason });
    }
  }
  return violations;
}

const USAGE = `usage: check-layers [--help]
Fails (exit 1) when an import points up the layers: common/ → model/ → sim/ → tools/ → test/;
the shells app/, companion/, settings/, web/, wearables/ and legacy/ may import common/ and model/ only.`;

function main(argv: string[]): number {
  if (argv.indexOf("--help") >= 0 || argv.indexOf("-h") >= 0) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (argv.length > 0) {
    process.stderr.write(`check-layers: unknown argument ${argv[0]}\n${USAGE}\n`);
    return 2;
  }
  const root = path.resolve(__dirname, "..");
  const violations = checkLayers(root);
  for (const v of violations) {
    const what = v.specifier === "" ? "" : ` imports "${v.specifier}":`;
    process.stderr.write(`${v.file}:${v.line}:${what} ${v.reason}\n`);
  }
  if (violations.length > 0) {
    process.stderr.write(`check-layers: ${violations.length} import(s) point up the layers\n`);
    return 1;
  }
  process.stdout.write(`check-layers: ${sourceFiles(root).length} files, no import points up the layers\n`);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
