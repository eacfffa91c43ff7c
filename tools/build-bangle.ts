// Builds the Bangle.js 2 app: wearables/bangle/src (TypeScript) + common/ → ONE file Espruino runs,
// wearables/bangle/steadyhold.app.js, committed like BangleApps' built apps.
//   npm run build-bangle                    write the app and its icons, print their sizes
//   npx tsx tools/build-bangle.ts --check   fail if a committed file differs from a fresh build
//                                           (npm run build runs this)
// Steps: esbuild bundles into one function (ES2015); the TypeScript compiler lowers it to ES5, because
// Espruino 2v29 has no spread, destructuring or block scoping (checked in ../shared/bangle-emu);
// esbuild then minifies with an ES5 target (renames locals, drops comments and whitespace).
import esbuild from "esbuild";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
export const BANGLE_ENTRY = path.join(ROOT, "wearables", "bangle", "src", "main.ts");
export const BANGLE_APP_FILE = path.join(ROOT, "wearables", "bangle", "steadyhold.app.js");
export const BANGLE_ICON_PNG = path.join(ROOT, "wearables", "bangle", "app.png");
export const BANGLE_ICON_JS = path.join(ROOT, "wearables", "bangle", "app-icon.js");
export const ICON_SIZE = 48;
const HEADER =
  "// Steady Hold for Bangle.js 2, built by tools/build-bangle.ts from wearables/bangle/src and common/ (do not edit)\n";

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
    // Float64Array → a plain array of numbers (why: wearables/bangle/build-shims/float64array.ts)
    inject: [path.join(ROOT, "wearables", "bangle", "build-shims", "float64array.ts")],
    logLevel: "silent",
  });
  const es2015 = "(function () {\n" + bundled.outputFiles[0].text + "\n})();\n";
  const lowered = ts.transpileModule(es2015, {
    compilerOptions: { target: ts.ScriptTarget.ES5, module: ts.ModuleKind.CommonJS, removeComments: true },
    reportDiagnostics: true,
  });
  const problems = (lowered.diagnostics ?? []).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
  if (problems.length > 0) throw new Error("lowering to ES5 failed:\n" + problems.join("\n"));
  const minified = await esbuild.transform(lowered.outputText, {
    minify: true,
    target: "es5",
    charset: "ascii",
    logLevel: "silent",
  });
  return HEADER + minified.code;
}

// ---------------------------------------------------------------- the icon
// One drawing, two forms: a 48×48 PNG for the App Loader and a 1-bit Espruino image for the
// launcher (app-icon.js, evaluated on the watch at install). A disc with a leg raised in a stretch.

/** True where the icon is drawn, for pixel centre (x, y) in a 48×48 square. */
function iconPixel(x: number, y: number): boolean {
  const c = ICON_SIZE / 2;
  const inDisc = (x - c) ** 2 + (y - c) ** 2 <= 22.5 ** 2;
  // The raised leg: a thick line from the hip (17, 37) up to the heel (31, 10), a foot across its end.
  const along = (px: number, py: number, ax: number, ay: number, bx: number, by: number, half: number) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - (ax + t * dx), py - (ay + t * dy)) <= half;
  };
  const leg = along(x, y, 17, 37, 31, 10, 3.2) || along(x, y, 29, 10, 37, 12, 2.4);
  const ground = along(x, y, 9, 38, 39, 38, 1.6);
  return inDisc && !(leg || ground);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(body) >>> 0);
  return Buffer.concat([length, body, crc]);
}

/** The 48×48 RGBA PNG: teal disc (the Fitbit app's wipe colour), the leg cut out transparent. */
export function buildIconPng(): Buffer {
  const rows: Buffer[] = [];
  for (let y = 0; y < ICON_SIZE; y++) {
    const row = Buffer.alloc(1 + ICON_SIZE * 4); // filter byte 0, then RGBA
    for (let x = 0; x < ICON_SIZE; x++) {
      if (iconPixel(x + 0.5, y + 0.5)) row.set([0x2e, 0xc4, 0xb6, 0xff], 1 + x * 4);
    }
    rows.push(row);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(ICON_SIZE, 0);
  header.writeUInt32BE(ICON_SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    pngChunk("IHDR", header),
    pngChunk("IDAT", zlib.deflateSync(Buffer.concat(rows), { level: 9 })),
    pngChunk("IEND", Buffer.alloc(0)),
  ]);
}

/** The launcher icon: an Espruino image string (width, height, 1 bpp, rows of bits, MSB first) as an expression. */
export function buildIconJs(): string {
  const bytes = [ICON_SIZE, ICON_SIZE, 1];
  for (let y = 0; y < ICON_SIZE; y++) {
    for (let x = 0; x < ICON_SIZE; x += 8) {
      let b = 0;
      for (let bit = 0; bit < 8; bit++) if (iconPixel(x + bit + 0.5, y + 0.5)) b |= 0x80 >> bit;
      bytes.push(b);
    }
  }
  return 'atob("' + Buffer.from(bytes).toString("base64") + '")\n';
}

/** Every generated file and its expected content. */
async function outputs(): Promise<{ file: string; content: string | Buffer }[]> {
  return [
    { file: BANGLE_APP_FILE, content: await buildBangleApp() },
    { file: BANGLE_ICON_PNG, content: buildIconPng() },
    { file: BANGLE_ICON_JS, content: buildIconJs() },
  ];
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { file, content } of await outputs()) {
    const rel = path.relative(process.cwd(), file);
    const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
    if (check) {
      const committed = fs.existsSync(file) ? fs.readFileSync(file) : Buffer.alloc(0);
      if (!committed.equals(bytes)) {
        console.error(`${rel} is stale: run "npm run build-bangle" and commit it`);
        stale++;
      } else console.log(`${rel} is up to date (${bytes.length} bytes)`);
    } else {
      fs.writeFileSync(file, bytes);
      console.log(`${rel}: ${bytes.length} bytes`);
    }
  }
  if (stale > 0) process.exit(1);
}

if (require.main === module) {
  main().catch((e) => {
    console.error((e as Error).message);
    process.exit(1);
  });
}
