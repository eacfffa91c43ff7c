#!/usr/bin/env bash
# Builds the "roomier" JerryScript for `npm run heap`: the engine of ../shared/jerryscript (JerryScript
# 3.0, commit 50200152, same build options) with a 256 KB heap instead of 64 KB, so a run that does
# not fit the watch still finishes and shows what it needs. Objects keep their layout (16-bit
# compressed pointers up to 512 KB) and the collector its trigger (--gc-limit=2048 is what a 64 KB
# heap gets by default, 1/32 of it), so runs that fit 64 KB peak alike in both (npm run heap prints
# the comparison). Neither engine is on a package registry: this needs a JerryScript checkout.
#
# Usage: tools/jerry-roomy.sh JERRYSCRIPT_CHECKOUT [OUT_DIR] [HEAP_KB]
#   then: STEADY_HOLD_JERRYSCRIPT_ROOMY=OUT_DIR/jerry npm run heap
# HEAP_KB (default 256) builds the same engine with another heap, e.g. 65 or 66 for
# tools/heap-margin.ts: how far a run gets a little above 64 KB.
# A device bundle with chunks loaded on demand needs the engines of tools/jerry-host.sh instead (the same
# build with the host globals loadModule and runJobs, at 64 and 256 KB; docs/heap-chunks.md).
set -euo pipefail
src=${1:?usage: tools/jerry-roomy.sh JERRYSCRIPT_CHECKOUT [OUT_DIR] [HEAP_KB]}
out=${2:-$HOME/.cache/steady-hold/jerry-roomy}
heap_kb=${3:-256}
commit=50200152
if [ "$(git -C "$src" rev-parse --short=8 HEAD 2>/dev/null)" != "$commit" ]; then
  echo "jerry-roomy: $src is not JerryScript at $commit (the release the shared engine was built from)" >&2
  exit 2
fi
mkdir -p "$out"
python3 "$src/tools/build.py" --builddir="$out/build" --mem-heap="$heap_kb" --gc-limit=2048 --profile=es.next \
  --mem-stats=on --line-info=on --error-messages=on --jerry-cmdline=on --logging=on >"$out/build.log" 2>&1 \
  || { tail -20 "$out/build.log" >&2; exit 1; }
cp "$out/build/bin/jerry" "$out/jerry"
echo "$out/jerry"
