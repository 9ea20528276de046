// Source of pkg/browser.js (`make pkg` bundles it with the glue into that one module).
// Browsers (bundlers such as Vite, or a plain <script type="module">): fetches and instantiates
// the wasm next to this file, once, before the module resolves.
import * as glue from "../trackingmore_wasm.js";
import { api } from "./api.js";

await glue.default({ module_or_path: new URL("./trackingmore_wasm_bg.wasm", import.meta.url) });

export const {
  TrackingMore,
  TrackingMoreV4,
  TrackingMoreError,
  verifyWebhook,
  parseWebhook,
  verifyWebhookV4,
  parseWebhookV4,
} = api(glue);
