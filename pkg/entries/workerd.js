// Source of pkg/workerd.js (`make pkg` bundles it with the glue into that one module).
// Cloudflare Workers / workerd: the bundler hands us a compiled WebAssembly.Module (workerd
// forbids compiling wasm from bytes at run time).
import wasm from "./trackingmore_wasm_bg.wasm";
import * as glue from "../trackingmore_wasm.js";
import { api } from "./api.js";

glue.initSync({ module: wasm });

// A Worker request must not outlive its client's patience: by default a call that would wait
// longer than 10 s (a deep pacing queue, a 429's two-minute hold) fails at once with
// RATE_LIMITED and `retryAfterMs` instead of holding the request open.
export const {
  TrackingMore,
  TrackingMoreV4,
  TrackingMoreError,
  verifyWebhook,
  parseWebhook,
  verifyWebhookV4,
  parseWebhookV4,
} = api(glue, { maxWaitMs: 10_000 });
