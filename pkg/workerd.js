// Cloudflare Workers / workerd: the bundler hands us a compiled WebAssembly.Module
// (workerd forbids compiling wasm from bytes at run time).
import wasm from "./trackingmore_wasm_bg.wasm";
import { initSync, TrackingMore, verifyWebhook, __errorClass } from "./trackingmore_wasm.js";

initSync({ module: wasm });

export const TrackingMoreError = __errorClass();
export { TrackingMore, verifyWebhook };
