#!/usr/bin/env bash
# Installs what builds and tests need; idempotent, and quick when everything is already there.
#   scripts/setup.sh          Rust wasm target, rust-src + wasm-bindgen-cli + npm deps
#   scripts/setup.sh browser  also Debian's chromium + chromedriver (browser tests)
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[setup] %s\n' "$*" >&2; }

if ! rustup target list --installed 2>/dev/null | grep -q '^wasm32-unknown-unknown$'; then
  log "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi
for comp in clippy rustfmt; do
  rustup component list --installed 2>/dev/null | grep -q "^$comp" || rustup component add "$comp"
done
# The package's wasm is built with std compiled for it, on a pinned nightly (scripts/build-wasm.sh
# names it and falls back to the plain stable build, with a larger wasm, when it can not be had).
nightly=$(sed -n 's/^NIGHTLY=//p' scripts/build-wasm.sh)
if ! rustup toolchain list 2>/dev/null | grep -q "^$nightly" ||
  ! rustup component list --toolchain "$nightly" --installed 2>/dev/null | grep -q "^rust-src" ||
  ! rustup target list --toolchain "$nightly" --installed 2>/dev/null | grep -q "^wasm32-unknown-unknown$"; then
  log "installing $nightly with rust-src and the wasm target (the package's size build)"
  rustup toolchain install "$nightly" --profile minimal --component rust-src --target wasm32-unknown-unknown ||
    log "$nightly unavailable: the package's wasm will be the larger plain stable build"
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly. No --locked: its
# lockfile pins a crate version the registry no longer serves.
want=$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')
have=$(wasm-bindgen --version 2>/dev/null | awk '{print $2}' || true)
if [ -n "$want" ] && [ "$want" != "$have" ]; then
  log "installing wasm-bindgen-cli $want (have: ${have:-none}; takes ~2.5 min)"
  cargo install wasm-bindgen-cli --version "$want"
fi

if [ ! -d tests/js/node_modules ] || [ tests/js/package-lock.json -nt tests/js/node_modules/.package-lock.json ]; then
  log "npm ci in tests/js"
  (cd tests/js && npm ci --no-audit --no-fund --loglevel=error)
fi

# The Worker's own dependencies (wrangler, and the package itself as file:../pkg).
if [ ! -d worker/node_modules ] || [ worker/package-lock.json -nt worker/node_modules/.package-lock.json ]; then
  log "npm ci in worker"
  (cd worker && npm ci --no-audit --no-fund --loglevel=error)
fi

if [ "${1:-}" = browser ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    log "installing Debian's chromium and chromium-driver"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
