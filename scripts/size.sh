#!/usr/bin/env bash
# What a page downloads of the package, raw and gzip -9: the wasm and the browser module
# (pkg/browser.js: the entry bundled with the JS glue), each compressed on its own as a server
# sends them. tests/js/size.test.mjs holds the sum to the budget.
set -euo pipefail
cd "$(dirname "$0")/../pkg"
gz() { gzip -9 < "$1" | wc -c; }
wasm=trackingmore_wasm_bg.wasm js=browser.js
printf 'package size: wasm %s B (%s B gzip), JS %s B (%s B gzip); %s B gzip in all\n' \
  "$(wc -c < $wasm)" "$(gz $wasm)" "$(wc -c < $js)" "$(gz $js)" "$(($(gz $wasm) + $(gz $js)))"
budget=$(sed -n 's/^export const BUDGET = \([0-9_]*\);/\1/p' ../tests/js/size.test.mjs | tr -d _)
printf 'budget: %s B (tests/js/size.test.mjs)\n' "$budget"
printf 'built with: %s\n' "$(cat ../target/wasm-build.txt 2>/dev/null || echo "unknown build")"
