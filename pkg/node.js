// Node >= 18: read the wasm next to this file and instantiate it synchronously.
import { readFileSync } from "node:fs";
import { initSync, TrackingMore, verifyWebhook, __errorClass } from "./trackingmore_wasm.js";

initSync({ module: readFileSync(new URL("./trackingmore_wasm_bg.wasm", import.meta.url)) });

export const TrackingMoreError = __errorClass();
export { TrackingMore, verifyWebhook };
