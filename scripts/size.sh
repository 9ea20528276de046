#!/usr/bin/env bash
# Prints what a page downloads of the package, raw and gzip -9: the wasm and the browser module
# (pkg/browser.js: the entry bundled with the JS glue; the Node and workerd modules are the same
# glue with their own few lines).
set -euo pipefail
cd "$(dirname "$0")/../pkg"
files=(trackingmore_wasm_bg.wasm browser.js)
raw=$(cat "${files[@]}" | wc -c)
gz=$(cat "${files[@]}" | gzip -9 | wc -c)
printf 'package size: wasm %s B, JS %s B (browser.js: entry + glue); wasm+JS %s B raw, %s B gzip\n' \
  "$(wc -c < trackingmore_wasm_bg.wasm)" "$(wc -c < browser.js)" "$raw" "$gz"
build=$(cat ../target/wasm-build.txt 2>/dev/null || echo "unknown build")
printf 'built with: %s\n' "$build"
