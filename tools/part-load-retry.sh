#!/usr/bin/env bash
# Does the entry's second load of a part that failed to load (app/index.ts, commit b78fb1d) ever
# succeed where the first failed? Measured in the 64 KB engine of tools/jerry-host.sh (JerryScript 3.0
# with loadModule): for each amount of live data (N small objects), a fresh engine parses the part
# being left (its code is then garbage, not collected: a parse makes bytecode, not objects, so the
# collector's low-pressure trigger does not fire) and parses the next part twice, as the entry's
# import and its retry do. Prints each N where the outcome of the two parses differs, then a count.
#
# Usage: tools/part-load-retry.sh [APP_FBA] [FROM] [TO] [STEP]   (after npm run build)
#   APP_FBA defaults to build/app.fba (its device-atlas.zip); N runs FROM..TO by STEP (1200..1500 by 10).
set -euo pipefail
fba=${1:-build/app.fba}
from=${2:-1200} to=${3:-1500} step=${4:-10}
engine=${STEADY_HOLD_JERRYSCRIPT_HOST:-$HOME/.cache/steady-hold/jerry-host}/jerry-host-64k
[ -x "$engine" ] || { echo "part-load-retry: no $engine (build it with tools/jerry-host.sh)" >&2; exit 2; }
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
unzip -q -o "$fba" device-atlas.zip -d "$dir"
unzip -q -o "$dir/device-atlas.zip" -d "$dir"
home=$(ls "$dir"/app/home-*.js)
session=$(ls "$dir"/app/session-runner-*.js)
for pair in "$session $home" "$home $session"; do
  set -- $pair
  declare -A seen=()
  for n in $(seq "$from" "$step" "$to"); do
    cat >"$dir/driver.js" <<JS
var live = [];
for (var i = 0; i < $n; i++) live.push({ a: i });
var before = loadModule("$1");
before = null;
var r = [];
try { loadModule("$2"); r.push("ok"); } catch (e) { r.push("fail"); }
try { loadModule("$2"); r.push("ok"); } catch (e) { r.push("fail"); }
print(r.join(" then "));
JS
    out=$("$engine" "$dir/driver.js" 2>&1 | tail -1 || true)
    case "$out" in *" then "*) ;; *) out="out of heap before the parses" ;; esac
    seen[$out]=$((${seen[$out]:-0} + 1))
    [ "$out" = "ok then ok" ] || [ "$out" = "fail then fail" ] || [ "$out" = "out of heap before the parses" ] \
      || echo "$(basename "$1" | sed 's/-[0-9a-f]*\.js$//') -> $(basename "$2" | sed 's/-[0-9a-f]*\.js$//'), N=$n: $out"
  done
  printf '%s -> %s:' "$(basename "$1" | sed 's/-[0-9a-f]*\.js$//')" "$(basename "$2" | sed 's/-[0-9a-f]*\.js$//')"
  for k in "ok then ok" "fail then ok" "ok then fail" "fail then fail" "out of heap before the parses"; do
    printf ' %s %s;' "$k" "${seen[$k]:-0}"
  done
  echo
  unset seen
done
