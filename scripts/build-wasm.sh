#!/usr/bin/env bash
# Builds the release wasm of the npm package and prints its path.
#
# The preferred build compiles the standard library for the package (`-Z build-std`, on the pinned
# nightly NIGHTLY below; scripts/setup.sh installs it with rust-src and the wasm target), optimised
# for size with the crate, with the `immediate-abort` panic strategy (a panic traps at once, as
# `panic = "abort"` already does in wasm, without the panic-message formatting machinery) and no
# panic locations or `Debug` formatting (`-Zlocation-detail=none -Zfmt-debug=none`: the JS path
# formats neither). Reference types are off: wasm-bindgen keeps JS values in its JS-side heap, and
# every crossing in the wasm is an i32 index. `-inline-threshold=8` is the middle of the plateau
# of smallest sizes of a sweep (docs/performance.md). Every test, lint and the Rust API build stay
# on the machine's stable toolchain.
#
# Without that nightly (or with TM_PLAIN_BUILD=1) the plain stable release build is used: same
# behaviour, larger wasm. The build taken is written to target/wasm-build.txt (the size report
# prints it). Under CI, a failing nightly build is an error, not a silent fallback.
set -euo pipefail
cd "$(dirname "$0")/.."
crate=trackingmore_wasm
NIGHTLY=nightly-2026-10-29
note=target/wasm-build.txt
mkdir -p target

have_nightly() {
  rustup toolchain list 2>/dev/null | grep -q "^$NIGHTLY" &&
    rustup component list --toolchain "$NIGHTLY" --installed 2>/dev/null | grep -q "^rust-src"
}

if [ "${TM_PLAIN_BUILD:-}" = 1 ]; then
  reason="TM_PLAIN_BUILD=1"
elif have_nightly; then
  if CARGO_TARGET_DIR=target/pkg RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort -Ctarget-feature=-reference-types -Zlocation-detail=none -Zfmt-debug=none -Cllvm-args=-inline-threshold=8" \
    cargo "+$NIGHTLY" build --release --lib --target wasm32-unknown-unknown -Z build-std=std,panic_abort >&2; then
    echo "build-std with $NIGHTLY (std compiled for the package, panic=immediate-abort)" >"$note"
    echo "target/pkg/wasm32-unknown-unknown/release/$crate.wasm"
    exit 0
  fi
  if [ "${CI:-}" = true ]; then
    echo "build-wasm: the $NIGHTLY build failed although the toolchain is installed: not falling back under CI" >&2
    exit 1
  fi
  reason="the $NIGHTLY build failed"
else
  reason="$NIGHTLY with rust-src is not installed (scripts/setup.sh installs it)"
fi
echo "build-wasm: plain stable build, larger wasm: $reason" >&2
cargo build --release --lib --target wasm32-unknown-unknown >&2
echo "plain stable release build ($reason)" >"$note"
echo "target/wasm32-unknown-unknown/release/$crate.wasm"
