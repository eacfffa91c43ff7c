// The names behind the watch bundle's property mangling (app/mangled-names.json, docs/watches.md
// "Property names mangled"): which names the app's compile-time APIs declare, which its sources
// spell as strings, and which property names a built bundle still spells out.
import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

const ROOT = path.resolve(__dirname, "..", "..");

/** The allow-list the patched SDKs read (both packages). */
export const MANGLED_NAMES_FILE = path.join(ROOT, "app", "mangled-names.json");

export function mangledNames(): string[] {
  return (JSON.parse(fs.readFileSync(MANGLED_NAMES_FILE, "utf8")) as { names: string[] }).names;
}

function filesUnder(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  if (!fs.existsSync(dir)) return out;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) filesUnder(p, keep, out);
    } else if (keep(p)) out.push(p);
  }
  return out;
}

/** The watch app's own sources: app/, common/ and the legacy package's entry. */
export function watchSources(): string[] {
  const ts = (f: string) => f.endsWith(".ts") && !f.endsWith(".d.ts");
  return [
    ...filesUnder(path.join(ROOT, "app"), ts),
    ...filesUnder(path.join(ROOT, "common"), ts),
    ...filesUnder(path.join(ROOT, "legacy", "app"), ts),
  ];
}

/**
 * Every declaration file the device code compiles against, in both packages: the Fitbit device and
 * shared types, TypeScript's ES libraries (all of them, not only the SDKs' es5 + es2015.promise),
 * and every .d.ts of the project (outside node_modules).
 */
export function declarationFiles(): string[] {
  const dts = (f: string) => f.endsWith(".d.ts");
  const out: string[] = [];
  for (const modules of [path.join(ROOT, "node_modules"), path.join(ROOT, "legacy", "node_modules")]) {
    for (const part of ["device", "shared"])
      filesUnder(path.join(modules, "fitbit-sdk-types", "types", part), dts, out);
    const lib = path.join(modules, "typescript", "lib");
    if (fs.existsSync(lib))
      for (const f of fs.readdirSync(lib)) if (/^lib\.(es|decorators).*\.d\.ts$/.test(f)) out.push(path.join(lib, f));
  }
  for (const dir of fs.readdirSync(ROOT))
    if (dir !== "node_modules" && !dir.startsWith(".") && fs.statSync(path.join(ROOT, dir)).isDirectory())
      filesUnder(path.join(ROOT, dir), dts, out);
  return out;
}

/**
 * Every identifier and string literal in those files (comments aside) — a superset of the names they
 * declare — plus `on<name>` for each: Fitbit's event targets declare their handlers through a mapped
 * type (`on${EventName}`), so `onchange` is an API name although no file spells it.
 */
export function declaredNames(): Set<string> {
  const names = new Set<string>();
  for (const file of declarationFiles()) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node) || ts.isStringLiteralLike(node) || ts.isPrivateIdentifier(node)) {
        names.add(node.text);
        names.add("on" + node.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

/** Every string literal (and template part) in the watch app's sources. */
export function sourceStrings(): Set<string> {
  const strings = new Set<string>();
  for (const file of watchSources()) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) strings.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return strings;
}

/** Property names a script spells out: `a.name`, `a["name"]`, `{ name: … }`, methods and accessors of literals. */
export function propertyNames(code: string): Set<string> {
  const names = new Set<string>();
  const source = ts.createSourceFile("bundle.js", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node)) names.add(node.name.text);
    else if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression))
      names.add(node.argumentExpression.text);
    else if (
      (ts.isPropertyAssignment(node) ||
        ts.isMethodDeclaration(node) ||
        ts.isGetAccessor(node) ||
        ts.isSetAccessor(node)) &&
      (ts.isIdentifier(node.name) || ts.isStringLiteral(node.name))
    )
      names.add(node.name.text);
    else if (ts.isShorthandPropertyAssignment(node)) names.add(node.name.text);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return names;
}

/**
 * The property names the watch app's sources spell (accesses, object literals, interface members)
 * and their strings: every key a file or message of the watch can have, unless it was mangled.
 */
export function sourcePropertyNames(): Set<string> {
  const names = sourceStrings();
  for (const file of watchSources()) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isPropertyAccessExpression(node)) names.add(node.name.text);
      else if (
        (ts.isPropertyAssignment(node) ||
          ts.isShorthandPropertyAssignment(node) ||
          ts.isPropertySignature(node) ||
          ts.isMethodSignature(node)) &&
        ts.isIdentifier(node.name)
      )
        names.add(node.name.text);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return names;
}

/** The strings inside the sources' `obj[…]` lookups: whole keys, or pieces of keys put together there. */
export function lookupPieces(): Set<string> {
  const pieces = new Set<string>();
  for (const file of watchSources()) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    const strings = (node: ts.Node): void => {
      if (ts.isStringLiteralLike(node) || ts.isTemplateLiteralToken(node)) pieces.add(node.text);
      ts.forEachChild(node, strings);
    };
    const visit = (node: ts.Node): void => {
      if (ts.isElementAccessExpression(node)) strings(node.argumentExpression);
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  return pieces;
}
