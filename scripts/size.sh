#!/usr/bin/env bash
# Prints what a page downloads of the package, raw and gzip -9: the wasm and the browser module
# (pkg/browser.js: the entry bundled with the JS glue; the Node and workerd modules are the same
# glue with their own few lines). The page fetches them as two files, each compressed on its own:
# the gzip figure is the sum of the two (the two concatenated into one stream compress worse, as
# binary and text share one Huffman table per block: also printed, for comparison with older
# figures, which were that).
set -euo pipefail
cd "$(dirname "$0")/../pkg"
files=(trackingmore_wasm_bg.wasm browser.js)
raw=$(cat "${files[@]}" | wc -c)
gz_wasm=$(gzip -9 < trackingmore_wasm_bg.wasm | wc -c)
gz_js=$(gzip -9 < browser.js | wc -c)
one=$(cat "${files[@]}" | gzip -9 | wc -c)
printf 'package size: wasm %s B, JS %s B (browser.js: entry + glue); wasm+JS %s B raw, %s B gzip (wasm %s + JS %s, each file on its own as served; %s B as one stream)\n' \
  "$(wc -c < trackingmore_wasm_bg.wasm)" "$(wc -c < browser.js)" "$raw" "$((gz_wasm + gz_js))" "$gz_wasm" "$gz_js" "$one"
build=$(cat ../target/wasm-build.txt 2>/dev/null || echo "unknown build")
printf 'built with: %s\n' "$build"
