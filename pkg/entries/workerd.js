// Source of pkg/workerd.js (`make pkg` bundles it with the glue into that one module).
// Cloudflare Workers / workerd: the bundler hands us a compiled WebAssembly.Module (workerd
// forbids compiling wasm from bytes at run time).
import wasm from "./trackingmore_wasm_bg.wasm";
import * as glue from "../trackingmore_wasm.js";
import { api } from "./api.js";

glue.initSync({ module: wasm });

export const { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook } = api(glue);
