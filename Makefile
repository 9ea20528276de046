# trackingmore-wasm — every build and test step. `make demo` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CRATE := trackingmore_wasm
NODE_BIN := tests/js/node_modules/.bin
export CARGO_TERM_COLOR ?= never

.PHONY: help setup setup-browser sandbox sandbox-run pkg www demo test lint test-rust test-wasm test-js screenshots bench size size-report clean

help:
	@echo "make demo   build everything; run the sandbox, the Worker and the pages; a console tour"
	@echo "make test   everything: lint, native tests, sandbox tests, wasm tests (Node + Chromium), JS/package tests"
	@echo "make pkg    build the npm package into pkg/"
	@echo "make bench  benchmarks (print figures)"
	@echo "make screenshots  refresh docs/*.png from the end-to-end test of the pages"
	@echo "make size   the package's payload (wasm + JS, gzip) against its budget"
	@echo "make size-report  where the wasm's bytes come from (twiggy)"
	@echo "make sandbox-run  run the sandbox on :8790 with demo data"

setup:
	@scripts/setup.sh

setup-browser:
	@scripts/setup.sh browser

sandbox:
	cargo build -p trackingmore-sandbox

sandbox-run: sandbox
	target/debug/trackingmore-sandbox --port 8790 --seed-demo

# The npm package: the release wasm (scripts/build-wasm.sh) → wasm-bindgen --target web (its own
# loader and glue) → wasm-opt -Oz → each runtime's entry (pkg/entries/) bundled with the glue by
# esbuild into pkg/node.js, browser.js, workerd.js (one module per runtime). The public classes
# name themselves (api.js, io.js), so minifying their bindings changes no name a user sees.
pkg: setup
	rm -rf pkg/snippets
	wasm-bindgen $$(scripts/build-wasm.sh) --target web --out-dir pkg
	$(NODE_BIN)/wasm-opt -Oz --strip-producers --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue pkg/$(CRATE)_bg.wasm -o pkg/$(CRATE)_bg.wasm
	for e in node browser workerd; do \
	  $(NODE_BIN)/esbuild pkg/entries/$$e.js --bundle --minify --format=esm --external:./$(CRATE)_bg.wasm --outfile=pkg/$$e.js --log-level=warning || exit 1; \
	done
	cp README.md LICENSE pkg/
	node scripts/smoke.mjs
	@scripts/size.sh

# The sample pages import the package as plain ES modules from ./pkg/ next to them (the Worker
# serves www/ as its static assets): a copy of the built package, git-ignored like pkg's output.
www: pkg
	rm -rf www/pkg && mkdir -p www/pkg
	cp pkg/browser.js pkg/trackingmore_wasm_bg.wasm www/pkg/

size:
	@scripts/size.sh

# Where the wasm's bytes come from, largest first (twiggy; installed on first use).
size-report: setup
	@scripts/size-report.sh

# The client crate compiles natively too, so the native clippy run lints all of it (the only
# wasm-only line is the allocator); its wasm build is checked by test-wasm and pkg. ESLint's
# recommended rules cover every JS file (tests/js/eslint.config.mjs: each folder's runtime globals).
lint: setup
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings
	$(NODE_BIN)/eslint --config tests/js/eslint.config.mjs .

test-rust:
	cargo test --workspace

test-wasm: pkg setup-browser
	scripts/with-sandbox.sh scripts/test-wasm.sh

test-js: www setup-browser
	scripts/with-sandbox.sh node --test --test-concurrency=4 tests/js/

test: setup lint test-rust test-wasm test-js

# The screenshots in docs/, taken by the end-to-end tests of the pages, v2 and v4 (a test run writes its own
# to a temporary folder).
screenshots: www setup-browser
	SCREENSHOT_DIR=docs scripts/with-sandbox.sh node --test tests/js/edge.test.mjs tests/js/edge-v4.test.mjs

# The whole stack: sandbox (the API), the Worker in workerd (wrangler dev) serving the pages, and a
# console tour through the Worker; serves until Ctrl-C (DEMO_EXIT=1: stop after the tour).
demo: www sandbox
	node scripts/demo.mjs

# Every figure side by side with a plain-JS client (bench/compare.mjs → bench/results.json and
# docs/bench.svg), then memory over 100,000 calls, then the Worker under load beside a plain-JS
# Worker (bench/edge.mjs → bench/edge-results.json and docs/edge.svg).
# The sandbox is the release build here: a benchmark should time the client, not a debug build of
# the emulator (whose 40-item batch takes ~7 ms, a round trip the arrival pacing must wait out).
bench: pkg sandbox
	[ -d bench/node_modules ] || (cd bench && npm ci --no-audit --no-fund --loglevel=error)
	cargo build --release -p trackingmore-sandbox
	TM_SANDBOX_BIN=target/release/trackingmore-sandbox node --expose-gc bench/compare.mjs
	TM_SANDBOX_BIN=target/release/trackingmore-sandbox node --expose-gc bench/memory.mjs --calls 100000
	TM_SANDBOX_BIN=target/release/trackingmore-sandbox node bench/edge.mjs
	t=$$(mktemp -d) && wasm-bindgen $$(scripts/build-wasm.sh) --target web --out-dir $$t && node bench/crossings.mjs $$t
	scripts/size-report.sh 25

clean:
	cargo clean
	rm -rf pkg/$(CRATE)* pkg/snippets pkg/README.md pkg/LICENSE tests/js/node_modules worker/node_modules www/pkg
