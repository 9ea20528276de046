// Source of pkg/node.js: `make pkg` bundles it with the glue into that one module (one module
// to load, not two). Paths to the wasm are the built file's, which sits beside it in pkg/.
// Node (^20.16 or >= 22.3): read the wasm next to this file and instantiate it synchronously (no
// top-level await, so `require()` of this ES module works where Node allows it). `fs` comes from
// `process.getBuiltinModule`, not `import "node:fs"`: the ES-module facade of node:fs loads
// Node's whole stream stack (~2 ms of a cold start).
import { initSync, __api } from "../trackingmore_wasm.js";
import { exported } from "./exports.js";

if (typeof process.getBuiltinModule !== "function") {
  throw new Error(`trackingmore-wasm needs Node ^20.16 or >= 22.3 (process.getBuiltinModule); this is ${process.version}`);
}
const { readFileSync } = process.getBuiltinModule("node:fs");
initSync({ module: readFileSync(new URL("./trackingmore_wasm_bg.wasm", import.meta.url)) });

// `turn`: the last millisecond of a wait passes in event-loop turns, not a timer (src/io.js sleep).
// `setImmediate` is looked up at each turn, as `setTimeout` and `performance.now` are: a test's
// fake timers then replace all three or none.
export const { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook } = __api({ ...exported, turn: (f) => setImmediate(f) });
