# trackingmore-wasm — every build and test step. `make demo` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CRATE := trackingmore_wasm
NODE_BIN := tests/js/node_modules/.bin
export CARGO_TERM_COLOR ?= never

.PHONY: help setup setup-browser sandbox pkg www demo test lint test-rust test-wasm test-js bench size size-budget clean

help:
	@echo "make demo   build everything; run the sandbox, the Worker and the pages; a console tour"
	@echo "make test   everything: lint, native tests, sandbox tests, wasm tests (Node + Chromium), JS/package tests"
	@echo "make pkg    build the npm package into pkg/"
	@echo "make bench  benchmarks (print figures)"
	@echo "make size-budget  where the wasm's code comes from, by source file"
	@echo "make sandbox-run  run the sandbox on :8790 with demo data"

setup:
	@scripts/setup.sh

setup-browser:
	@scripts/setup.sh browser

sandbox:
	cargo build -p trackingmore-sandbox

sandbox-run: sandbox
	target/debug/trackingmore-sandbox --port 8790 --seed-demo

# The npm package: release wasm (size profile, std built for it: scripts/build-wasm.sh) → wasm-bindgen --target web →
# the table's dead closure shims dropped (scripts/prune-table.mjs) and a compact loader in the
# glue (scripts/slim-glue.mjs) → short names for the glue's imports and exports, and the exports
# nothing reads dropped (scripts/minify-imports.mjs; before wasm-opt, which then removes what
# only they kept) → wasm-opt -Oz → the JS glue bundled with src/io.js into one minified
# module by esbuild (one module less to load at start; the readable glue is generated code);
# then each runtime's entry (pkg/entries/) bundled with that glue into pkg/node.js, browser.js,
# workerd.js: one module per runtime (a page fetches one script, not two in a row; Node loads one
# module, ~0.7 ms less). The glue module itself stays in pkg/ for the tests and benchmarks that
# instantiate it directly; the package does not ship it.
# wasm-opt's --low-memory-unused holds for this module: Rust puts the stack first (addresses below
# 1 MiB, the stack pointer starting at 1 MiB and growing down), data after it, and the allocator
# (src/wasm_alloc.rs) only hands out pages grown above; the lowest 1 KiB would be reached only by a
# stack 1 MiB deep. --flatten --rereloop lets -Oz restructure the control flow.
# -ocimfs 75: a function with one caller is inlined into it only up to 75 bytes (binaryen's default
# inlines every such function, which merged the core into four giant exports): the functions kept
# apart compress better, -0.3 KB gzip (+0.9 KB raw); -aimfs 3: functions up to 3 bytes are always
# inlined (default 2). Swept 0..1000 and 0..6 on this module: these were the smallest gzip.
# --generate-global-effects --optimize-instructions after the converged -Oz: one more peephole
# round that knows each function's side effects: -0.03 KB (the same in two builds apart).
pkg: setup
	rm -rf pkg/snippets
	wasm-bindgen $$(scripts/build-wasm.sh) --target web --out-dir pkg
	node scripts/prune-table.mjs pkg/$(CRATE)_bg.wasm
	node scripts/slim-glue.mjs pkg/$(CRATE).js
	node scripts/minify-imports.mjs pkg/$(CRATE)_bg.wasm pkg/$(CRATE).js
	$(NODE_BIN)/wasm-opt --low-memory-unused --flatten --rereloop -Oz -Oz --converge -ocimfs 75 -aimfs 3 --generate-global-effects --optimize-instructions --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals pkg/$(CRATE)_bg.wasm -o pkg/$(CRATE)_bg.wasm
	$(NODE_BIN)/esbuild pkg/$(CRATE).js --bundle --minify --format=esm --outfile=pkg/$(CRATE).js --allow-overwrite --log-level=warning
	for e in node browser workerd; do \
	  $(NODE_BIN)/esbuild pkg/entries/$$e.js --bundle --minify --format=esm --external:./$(CRATE)_bg.wasm --outfile=pkg/$$e.js --log-level=warning || exit 1; \
	done
	rm -rf pkg/snippets
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

# Where the wasm's code comes from, by source file, inlined code included (DWARF line tables).
size-budget: setup
	@scripts/size-budget.sh

# The client crate compiles natively too, so the native clippy run lints all of it (the only
# wasm-only line is the allocator); its wasm build is checked by test-wasm and pkg.
lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

test-rust:
	cargo test --workspace

test-wasm: pkg setup-browser
	scripts/with-sandbox.sh scripts/test-wasm.sh

test-js: www setup-browser
	scripts/with-sandbox.sh node --test --test-concurrency=4 tests/js/

test: setup lint test-rust test-wasm test-js

# The whole stack: sandbox (the API), the Worker in workerd (wrangler dev) serving the pages, and a
# console tour through the Worker; serves until Ctrl-C (DEMO_EXIT=1: stop after the tour).
demo: www sandbox
	node scripts/demo.mjs

# Every figure side by side with a plain-JS client (bench/compare.mjs → bench/results.json and
# docs/bench.svg), then memory over 100,000 calls.
# The sandbox is the release build here: a benchmark should time the client, not a debug build of
# the emulator (whose 40-item batch takes ~7 ms, a round trip the arrival pacing must wait out).
bench: pkg sandbox
	[ -d bench/node_modules ] || (cd bench && npm ci --no-audit --no-fund --loglevel=error)
	cargo build --release -p trackingmore-sandbox
	TM_SANDBOX_BIN=target/release/trackingmore-sandbox node --expose-gc bench/compare.mjs
	TM_SANDBOX_BIN=target/release/trackingmore-sandbox node --expose-gc bench/memory.mjs --calls 100000
	t=$$(mktemp -d) && wasm-bindgen $$(scripts/build-wasm.sh) --target web --out-dir $$t && node bench/crossings.mjs $$t
	scripts/size-budget.sh

clean:
	cargo clean
	rm -rf pkg/$(CRATE)* pkg/snippets pkg/README.md pkg/LICENSE tests/js/node_modules worker/node_modules www/pkg
