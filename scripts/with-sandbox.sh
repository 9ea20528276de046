#!/usr/bin/env bash
# Runs a command with a sandbox listening on a free loopback port, unless TM_SANDBOX_URL is set
# already (then that one is used). Exports TM_SANDBOX_URL=http://127.0.0.1:PORT/v2.
#   scripts/with-sandbox.sh [sandbox flags --] command...
set -euo pipefail
cd "$(dirname "$0")/.."
flags=(--no-rate-limit --cors-origin "*")
if [[ " $* " == *" -- "* ]]; then
  flags=()
  while [ "$1" != "--" ]; do flags+=("$1"); shift; done
  shift
fi
if [ -n "${TM_SANDBOX_URL:-}" ]; then
  exec "$@"
fi
cargo build -q -p trackingmore-sandbox
out=$(mktemp)
target/debug/trackingmore-sandbox --port 0 --quiet "${flags[@]}" >"$out" &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$out"' EXIT
for _ in $(seq 100); do [ -s "$out" ] && break; sleep 0.05; done
addr=$(head -n1 "$out" | awk '{print $NF}')
[ -n "$addr" ] || { echo "sandbox did not start" >&2; exit 1; }
export TM_SANDBOX_URL="$addr/v2"
"$@"
