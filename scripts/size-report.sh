#!/usr/bin/env bash
# Where the package's wasm bytes come from: twiggy's largest items of the package's build
# (scripts/build-wasm.sh), through wasm-bindgen and wasm-opt with the function names kept.
#   scripts/size-report.sh [N]   (the N largest items; default 40)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v twiggy >/dev/null || cargo install twiggy
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen "$(scripts/build-wasm.sh)" --target web --out-dir "$out"
tests/js/node_modules/.bin/wasm-opt -g -Oz --detect-features "$out/trackingmore_wasm_bg.wasm" -o "$out/named.wasm"
twiggy top -n "${1:-40}" "$out/named.wasm"
