// Node >= 18: read the wasm next to this file and instantiate it synchronously.
import { readFileSync } from "node:fs";
import { initSync, Engine, __api } from "./trackingmore_wasm.js";

initSync({ module: readFileSync(new URL("./trackingmore_wasm_bg.wasm", import.meta.url)) });

export const { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook } = __api(Engine);
