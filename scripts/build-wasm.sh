#!/usr/bin/env bash
# Builds the release wasm of the npm package and prints its path.
#
# The package's wasm is built with the standard library compiled from source for it (`-Z build-std`)
# and the `immediate-abort` panic strategy: a panic traps at once (as `panic = "abort"` already
# does in wasm) without the panic-message formatting machinery, and std is optimised for size with
# the crate. That is ~4 KB gzip of the package. Both are unstable cargo/rustc features, enabled on
# the machine's stable toolchain with RUSTC_BOOTSTRAP=1 (as projects such as the Linux kernel do)
# and used only for this one artifact: every test, lint and the Rust API build stay plain stable.
# Needs the `rust-src` component (scripts/setup.sh adds it). Without it, if that build fails (a
# toolchain whose unstable flags differ), or with TM_PLAIN_BUILD=1, the plain stable release build
# is used: same behaviour, larger wasm (the size report says which).
set -euo pipefail
cd "$(dirname "$0")/.."
crate=trackingmore_wasm
if [ "${TM_PLAIN_BUILD:-}" != 1 ] && [ -d "$(rustc --print sysroot)/lib/rustlib/src/rust/library/std" ]; then
  if CARGO_TARGET_DIR=target/pkg RUSTC_BOOTSTRAP=1 \
    RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort" \
    cargo build --release --lib --target wasm32-unknown-unknown -Z build-std=std,panic_abort >&2; then
    echo "target/pkg/wasm32-unknown-unknown/release/$crate.wasm"
    exit 0
  fi
  echo "build-wasm: the build with std compiled for it failed; plain stable build (larger wasm)" >&2
else
  echo "build-wasm: rust-src missing or TM_PLAIN_BUILD=1: plain stable build (larger wasm)" >&2
fi
cargo build --release --lib --target wasm32-unknown-unknown >&2
echo "target/wasm32-unknown-unknown/release/$crate.wasm"
