// Source of pkg/workerd.js: `make pkg` bundles it with the glue into that one module (one module
// to load, not two). Paths to the wasm are the built file's, which sits beside it in pkg/.
// Cloudflare Workers / workerd: the bundler hands us a compiled WebAssembly.Module
// (workerd forbids compiling wasm from bytes at run time).
import wasm from "./trackingmore_wasm_bg.wasm";
import { initSync, __api } from "../trackingmore_wasm.js";
import { exported } from "./exports.js";

initSync({ module: wasm });

export const { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook } = __api(exported);
