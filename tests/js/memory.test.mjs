// Memory stays flat: bench/memory.mjs, short (5,000 calls of every kind, v2 and v4, after a warm-up), with a
// generous bound. `make bench` runs it over 100,000 calls and prints the figures.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

test("5,000 calls keep the JS heap and the wasm memory flat", () => {
  const script = fileURLToPath(new URL("../../bench/memory.mjs", import.meta.url));
  const out = execFileSync(process.execPath, ["--expose-gc", script, "--calls", "5000", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const r = JSON.parse(out);
  assert.equal(r.calls, 5000);
  // A leak of a few hundred bytes a call would pass 4 MB; the figures here are noise-level.
  assert.ok(r.heapGrowth < 4 * 1024 * 1024, `JS heap grew ${r.heapGrowth} B`);
  // wasm memory only grows, in 64 KiB pages: two pages is the allowance.
  assert.ok(r.wasmGrowth <= 128 * 1024, `wasm memory grew ${r.wasmGrowth} B`);
});

// Clients dropped without `free()`, and `allTrackings` iterators never finished, are let go when
// they are collected (wasm-bindgen's finalizers of the wasm classes they hold).
// Three rounds of 10,000 such clients (every fourth with an unstarted iterator): a leak grows the
// wasm memory by megabytes each round; let go, the later rounds reuse the first one's memory.
test("clients and iterators dropped without free() are let go once collected", () => {
  const glue = new URL("../../pkg/trackingmore_wasm.js", import.meta.url).href;
  const script = `
    import { readFileSync } from "node:fs";
    import * as glue from ${JSON.stringify(glue)};
    const wasm = glue.initSync({ module: readFileSync(new URL("./trackingmore_wasm_bg.wasm", ${JSON.stringify(glue)})) });
    const { api } = await import(${JSON.stringify(new URL("../../pkg/entries/api.js", import.meta.url).href)});
    const { TrackingMore, TrackingMoreV4 } = api(glue);
    const sizes = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10000; i++) {
        const v4 = i % 2 === 1;
        const tm = new (v4 ? TrackingMoreV4 : TrackingMore)({ apiKey: "k" + i, headers: { "X-Shop": "s".repeat(50) } });
        if (i % 4 === 0) tm.allTrackings({ limit: 5 });
        if (i % 4 === 1) tm.allTrackings({ items_amount: 5 });
      }
      for (let k = 0; k < 5; k++) { globalThis.gc(); await new Promise((r) => setTimeout(r, 10)); }
      sizes.push(wasm.memory.buffer.byteLength);
    }
    process.stdout.write(JSON.stringify(sizes));`;
  const out = execFileSync(process.execPath, ["--expose-gc", "--input-type=module", "-e", script], { encoding: "utf8" });
  const [first, , last] = JSON.parse(out);
  assert.ok(last - first <= 128 * 1024, `wasm memory grew ${last - first} B over two more rounds of dropped clients`);
});
