#!/usr/bin/env bash
# Prints the package's wasm + JS glue size, raw and gzip -9.
set -euo pipefail
cd "$(dirname "$0")/../pkg"
files=(trackingmore_wasm_bg.wasm trackingmore_wasm.js)
mapfile -t snippets < <(find snippets -name '*.js' 2>/dev/null)
raw=$(cat "${files[@]}" "${snippets[@]}" | wc -c)
gz=$(cat "${files[@]}" "${snippets[@]}" | gzip -9 | wc -c)
printf 'package size: wasm %s B, glue %s B; wasm+glue %s B raw, %s B gzip\n' \
  "$(wc -c < trackingmore_wasm_bg.wasm)" "$(cat trackingmore_wasm.js "${snippets[@]}" | wc -c)" "$raw" "$gz"
build=$(cat ../target/wasm-build.txt 2>/dev/null || echo "unknown build")
printf 'built with: %s\n' "$build"
