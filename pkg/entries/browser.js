// Source of pkg/browser.js: `make pkg` bundles it with the glue into that one module (one module
// to load, not two). Paths to the wasm are the built file's, which sits beside it in pkg/.
// Browsers (bundlers such as Vite, or a plain <script type="module"> with an import map):
// fetch and instantiate the wasm next to this file, once, before the module resolves.
import init, { __api } from "../trackingmore_wasm.js";
import { exported } from "./exports.js";

await init({ module_or_path: new URL("./trackingmore_wasm_bg.wasm", import.meta.url) });

export const { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook } = __api(exported);
