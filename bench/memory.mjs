// Memory over many calls: JS heap and wasm memory after a warm-up, then after N more calls of
// every kind (reads, creates, API errors, client-side validation errors, batches), against the
// sandbox with pacing off. Flat is the goal: a leak per call shows as growth here.
//
//   node --expose-gc bench/memory.mjs [--calls 100000] [--json]
// `make bench` runs 100,000 calls; tests/js/memory.test.mjs runs a short version with a bound.
import { readFileSync } from "node:fs";
import { api } from "../pkg/entries/api.js";
import * as glue from "../pkg/trackingmore_wasm.js";
import { startSandbox } from "../tests/js/sandbox.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const CALLS = Number(arg("--calls", 100_000));
const JSON_OUT = process.argv.includes("--json");
if (typeof globalThis.gc !== "function") throw new Error("run with node --expose-gc");

// The package's Node module is its entry bundled with this glue; set up here the way that entry
// does it, so that the instance whose memory is read is the one the client runs on.
const wasm = glue.initSync({ module: readFileSync(new URL("../pkg/trackingmore_wasm_bg.wasm", import.meta.url)) });
const { TrackingMore, TrackingMoreV4 } = api(glue);
const sb = await startSandbox(["--no-rate-limit", "--seed-demo"]);
const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, realtimeRequestsPerSecond: 0, maxRetries: 0 });
const tm4 = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, requestsPerSecond: 0, createRequestsPerSecond: 0, maxRetries: 0 });
const seeded = (await tm.listTrackings({ limit: 5 })).items;
const prefix = `MEM${Date.now() % 1e7}`;

let i = 0;
async function one() {
  i += 1;
  const t = seeded[i % seeded.length];
  switch (i % 12) {
    case 0: return tm.getTracking(t.carrier_code, t.tracking_number);
    case 1: return tm.listTrackings({ limit: 5, page: 1 + (i % 3) });
    case 2: return tm.userInfo();
    case 3: return tm.createTracking({ tracking_number: t.tracking_number, carrier_code: t.carrier_code }).catch((e) => e.code); // 4016
    case 4: return tm.getTracking("dhl", "").catch((e) => e.code); // invalid input, no request
    case 5: return tm.getTracking("dhl", `${prefix}NONE${i}`).catch((e) => e.code); // 4031
    // A batch of existing numbers (per-item 4016s): the account does not grow over the run.
    case 6: return tm.createTrackings([seeded[(i + 1) % seeded.length], t].map((x) => ({ tracking_number: x.tracking_number, carrier_code: x.carrier_code })));
    case 7: return tm.statusCounts();
    // v4: the same kinds of call through TrackingMoreV4.
    case 8: return tm4.getTracking(t.carrier_code, t.tracking_number);
    case 9: return tm4.listTrackings({ items_amount: 5, pages_amount: 1 + (i % 3) });
    case 10: return tm4.createTrackings([seeded[(i + 1) % seeded.length], t].map((x) => ({ tracking_number: x.tracking_number, courier_code: x.carrier_code })));
    default: return tm4.getTracking("dhl", `${prefix}NONE${i}`).catch((e) => e.code); // not found
  }
}

function measure() {
  globalThis.gc();
  globalThis.gc();
  const m = process.memoryUsage();
  return { heapUsed: m.heapUsed, rss: m.rss, wasm: wasm.memory.buffer.byteLength };
}

// Warm-up: allocator pages, caches and JIT settle.
const warm = Math.min(2000, Math.max(200, CALLS / 10));
for (let k = 0; k < warm; k++) await one();
const before = measure();
const t0 = performance.now();
for (let k = 0; k < CALLS; k++) await one();
const ms = performance.now() - t0;
const after = measure();
tm.free();
tm4.free();
await sb.stop();

const result = {
  calls: CALLS,
  msPerCall: ms / CALLS,
  heapBefore: before.heapUsed, heapAfter: after.heapUsed, heapGrowth: after.heapUsed - before.heapUsed,
  wasmBefore: before.wasm, wasmAfter: after.wasm, wasmGrowth: after.wasm - before.wasm,
  rssBefore: before.rss, rssAfter: after.rss,
};
if (JSON_OUT) {
  process.stdout.write(JSON.stringify(result));
} else {
  const kb = (b) => `${(b / 1024).toFixed(0)} KB`;
  console.log(`memory over ${CALLS} calls (${result.msPerCall.toFixed(3)} ms/call, after ${warm} warm-up calls):`);
  console.log(`  JS heap    ${kb(before.heapUsed)} → ${kb(after.heapUsed)}  (${result.heapGrowth >= 0 ? "+" : ""}${kb(result.heapGrowth)})`);
  console.log(`  wasm       ${kb(before.wasm)} → ${kb(after.wasm)}  (+${kb(result.wasmGrowth)})`);
  console.log(`  RSS        ${kb(before.rss)} → ${kb(after.rss)}`);
}
