// Builds the Bangle.js 2 app: wearables/bangle/src (TypeScript) + common/ → ONE file Espruino runs,
// wearables/bangle/steadyhold.app.js, committed like BangleApps' built apps.
//   npx tsx tools/build-bangle.ts           write the file, print its size
//   npx tsx tools/build-bangle.ts --check   fail if the committed file differs from a fresh build
// Steps: esbuild bundles into one function (ES2015); the TypeScript compiler lowers it to ES5, because
// Espruino 2v29 has no spread, destructuring or block scoping (checked in ../shared/bangle-emu);
// esbuild then minifies with an ES5 target (renames locals, drops comments and whitespace).
import esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
export const BANGLE_ENTRY = path.join(ROOT, "wearables", "bangle", "src", "main.ts");
export const BANGLE_APP_FILE = path.join(ROOT, "wearables", "bangle", "steadyhold.app.js");
const HEADER = "// Steady Hold for Bangle.js 2, built by tools/build-bangle.ts from wearables/bangle/src and common/ (do not edit)\n";

/** The built app's text. Deterministic: the same sources give the same bytes. */
export async function buildBangleApp(): Promise<string> {
  const bundled = await esbuild.build({
    entryPoints: [BANGLE_ENTRY],
    bundle: true,
    // CommonJS keeps require("Storage") a plain call (an IIFE would wrap it in a dynamic-require shim);
    // the bundle is wrapped in a function below so its names stay out of Espruino's global scope.
    format: "cjs",
    target: "es2015",
    platform: "neutral",
    write: false,
    charset: "ascii",
    external: ["Storage"], // Espruino's own module: require("Storage") stays a call
    logLevel: "silent",
  });
  const es2015 = "(function () {\n" + bundled.outputFiles[0].text + "\n})();\n";
  const lowered = ts.transpileModule(es2015, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, removeComments: true },
    reportDiagnostics: true,
  });
  const problems = (lowered.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (problems.length > 0) throw new Error("lowering to ES5 failed:\n" + problems.join("\n"));
  const minified = await esbuild.transform(lowered.outputText, { minify: true, target: "es5", charset: "ascii", logLevel: "silent" });
  return HEADER + minified.code;
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const built = await buildBangleApp();
  const rel = path.relative(process.cwd(), BANGLE_APP_FILE);
  if (check) {
    const committed = fs.existsSync(BANGLE_APP_FILE) ? fs.readFileSync(BANGLE_APP_FILE, "utf8") : "";
    if (committed !== built) {
      console.error(`${rel} is stale: run "npx tsx tools/build-bangle.ts" and commit it`);
      process.exit(1);
    }
    console.log(`${rel} is up to date (${Buffer.byteLength(built)} bytes)`);
    return;
  }
  fs.writeFileSync(BANGLE_APP_FILE, built);
  console.log(`${rel}: ${Buffer.byteLength(built)} bytes`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
