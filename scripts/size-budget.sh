#!/usr/bin/env bash
# Where the package's wasm code comes from, by source file (scripts/size-budget.mjs): the
# package's build (scripts/build-wasm.sh's nightly and flags) with DWARF line tables, through
# wasm-bindgen and the table pruning. Needs llvm-dwarfdump (Debian: llvm).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v llvm-dwarfdump >/dev/null; then
  echo "size-budget: llvm-dwarfdump is not installed (Debian package llvm): skipped"
  exit 0
fi
NIGHTLY=$(sed -n 's/^NIGHTLY=//p' scripts/build-wasm.sh)
flags=$(sed -n 's/.*RUSTFLAGS="\([^"]*\)".*/\1/p' scripts/build-wasm.sh | head -n1)
CARGO_PROFILE_RELEASE_DEBUG=line-tables-only CARGO_PROFILE_RELEASE_STRIP=none CARGO_TARGET_DIR=target/size-budget RUSTFLAGS="$flags" \
  cargo "+$NIGHTLY" build -q --release --lib --target wasm32-unknown-unknown -Z build-std=std,panic_abort
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen target/size-budget/wasm32-unknown-unknown/release/trackingmore_wasm.wasm --target web --keep-debug --out-dir "$out"
node scripts/prune-table.mjs "$out/trackingmore_wasm_bg.wasm" >/dev/null
node scripts/size-budget.mjs "$out/trackingmore_wasm_bg.wasm" "$@"
