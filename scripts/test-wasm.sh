#!/usr/bin/env bash
# wasm-bindgen-test: the same suite (tests/wasm.rs) in Node, headless Chromium and a dedicated
# worker, against the sandbox at $TM_SANDBOX_URL.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${TM_SANDBOX_URL:?run through scripts/with-sandbox.sh}"
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
echo "== wasm tests in Node"
cargo test --target wasm32-unknown-unknown --test wasm
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
echo "== wasm tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --test wasm
echo "== wasm tests in a dedicated worker (Chromium)"
WASM_BINDGEN_USE_DEDICATED_WORKER=1 cargo test --target wasm32-unknown-unknown --test wasm
