// Source of pkg/node.js (`make pkg` bundles it with the glue into that one module).
// Node (^20.16 or >= 22.3): reads the wasm next to this file and instantiates it synchronously
// (no top-level await, so `require()` of this ES module works where Node allows it). `fs` comes
// from `process.getBuiltinModule`: the ES-module facade of node:fs loads Node's stream stack.
import * as glue from "../trackingmore_wasm.js";
import { api } from "./api.js";

if (typeof process.getBuiltinModule !== "function") {
  throw new Error(`trackingmore-wasm needs Node ^20.16 or >= 22.3 (process.getBuiltinModule); this is ${process.version}`);
}
const { readFileSync } = process.getBuiltinModule("node:fs");
glue.initSync({ module: readFileSync(new URL("./trackingmore_wasm_bg.wasm", import.meta.url)) });

export const {
  TrackingMore,
  TrackingMoreV4,
  TrackingMoreError,
  verifyWebhook,
  parseWebhook,
  verifyWebhookV4,
  parseWebhookV4,
} = api(glue);
