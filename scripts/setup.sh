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
# rust-src: the package's wasm is built with std compiled for it (scripts/build-wasm.sh, which
# falls back to the plain build, with a larger wasm, when it can not be had).
if ! rustup component list --installed 2>/dev/null | grep -q "^rust-src"; then
  log "adding the rust-src component"
  rustup component add rust-src || log "rust-src unavailable: the package's wasm will be larger"
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
