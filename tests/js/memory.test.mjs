// Memory stays flat: bench/memory.mjs, short (5,000 calls of every kind after a warm-up), with a
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
