#!/usr/bin/env bash
# Builds the engines that measure a device bundle split into chunks loaded on demand (issue 13):
# JerryScript 3.0 (commit 50200152, the shared engine's release) with tools/jerry-host.patch, which
# adds host globals to the command line (jerry-main/main-desktop.c):
#   loadModule(path)  reads the file outside the JS heap and parses it with jerry_parse and
#                     JERRY_PARSE_HAS_ARGUMENT_LIST ("exports, require, module") into a function, a
#                     CommonJS module wrapper; throws on a read or parse error.
#   runJobs()         jerry_run_jobs(): the pending promise jobs, so a dynamic import resolves
#                     between a driver's steps (the stock CLI runs them only after the last script).
#   heapProbe()       only when the environment has STEADY_HOLD_HEAP_PROBE (other runs' heap stays
#                     the same): a full collection, then [bytes allocated, of bytecode, of literal
#                     strings, literal strings] (test/heap/breakdown.js, numbers-heap.md).
# Two builds, same options as tools/jerry-roomy.sh (--gc-limit=2048: a 64 KB heap's default, 1/32):
#   OUT_DIR/jerry-host-64k   the budget engine for chunked bundles (the watch's 64 KB heap)
#   OUT_DIR/jerry-host-256k  the roomy one: what a run that does not fit 64 KB needs
# The checkout is never modified: its commit is exported with `git archive` into OUT_DIR/src and
# patched there.
#
# Usage: tools/jerry-host.sh JERRYSCRIPT_CHECKOUT [OUT_DIR]
#   OUT_DIR defaults to ~/.cache/steady-hold/jerry-host, where `npm run heap` looks for the engines
#   (or set STEADY_HOLD_JERRYSCRIPT_HOST=OUT_DIR).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
src=${1:?usage: tools/jerry-host.sh JERRYSCRIPT_CHECKOUT [OUT_DIR]}
out=${2:-$HOME/.cache/steady-hold/jerry-host}
commit=50200152
if [ "$(git -C "$src" rev-parse --short=8 HEAD 2>/dev/null)" != "$commit" ]; then
  echo "jerry-host: $src is not JerryScript at $commit (the release the shared engine was built from)" >&2
  exit 2
fi
mkdir -p "$out"
rm -rf "$out/src"
mkdir "$out/src"
git -C "$src" archive "$commit" | tar -x -C "$out/src"
(cd "$out/src" && patch -p1 --quiet <"$here/jerry-host.patch")
for heap_kb in 64 256; do
  python3 "$out/src/tools/build.py" --builddir="$out/build-$heap_kb" --mem-heap="$heap_kb" --gc-limit=2048 \
    --profile=es.next --mem-stats=on --line-info=on --error-messages=on --jerry-cmdline=on --logging=on \
    >"$out/build-$heap_kb.log" 2>&1 || { tail -20 "$out/build-$heap_kb.log" >&2; exit 1; }
  cp "$out/build-$heap_kb/bin/jerry" "$out/jerry-host-${heap_kb}k"
  echo "$out/jerry-host-${heap_kb}k"
done
