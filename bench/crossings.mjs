// Where a call's overhead goes: the JS↔wasm crossings of one call of each kind, counted by
// wrapping every import the wasm calls and every export JS calls (the instance is created through
// a patched WebAssembly.Instance), with fetch answered locally (no network in the figures).
//
//   node bench/crossings.mjs [DIR]   DIR: a wasm-bindgen output with readable names (make bench
//                                    makes one); default pkg/ (minified names)
import { readFileSync } from "node:fs";
import { api } from "../pkg/entries/api.js";
import { pathToFileURL } from "node:url";

const dir = process.argv[2] ? pathToFileURL(`${process.argv[2].replace(/\/$/, "")}/`) : new URL("../pkg/", import.meta.url);

const counts = new Map();
const count = (name) => counts.set(name, (counts.get(name) ?? 0) + 1);
const Instance = WebAssembly.Instance;
WebAssembly.Instance = function (module, imports) {
  const wrapped = {};
  for (const [mod, fns] of Object.entries(imports)) {
    wrapped[mod] = {};
    for (const [name, fn] of Object.entries(fns)) {
      wrapped[mod][name] = typeof fn === "function" ? (...a) => { count(`${mod.includes("snippets") ? "io.js " : ""}${name.replace(/^__wbg_|_[0-9a-f]{16}$/g, "")}`); return fn(...a); } : fn;
    }
  }
  const real = new Instance(module, wrapped);
  const exports = {};
  for (const [name, v] of Object.entries(real.exports)) {
    exports[name] = typeof v === "function" ? (...a) => { count(`export ${name}`); return v(...a); } : v;
  }
  return { exports };
};
const glue = await import(new URL("trackingmore_wasm.js", dir));
glue.initSync({ module: new WebAssembly.Module(readFileSync(new URL("trackingmore_wasm_bg.wasm", dir))) });
const { TrackingMore } = api(glue);

const tracking = { id: "x", tracking_number: "RN123456789CN", carrier_code: "china-post", status: "transit", created_at: "2026-01-01T00:00:00+00:00", updated_at: null, order_create_time: 0, customer_email: "a@example.com", origin_info: { trackinfo: [] } };
const answers = {
  "/trackings/china-post/RN123456789CN": { meta: { code: 200 }, data: tracking },
  "/trackings/get": { meta: { code: 200 }, data: { page: 1, limit: 20, total: "20", items: Array.from({ length: 20 }, () => tracking) } },
  "/trackings/batch": { meta: { code: 201 }, data: { submitted: 40, added: 40, trackings: Array.from({ length: 40 }, (_, i) => ({ ...tracking, tracking_number: `N${i}` })), errors: [] } },
};
const fetch = async (url) => new Response(JSON.stringify(answers[new URL(url).pathname.replace("/v2", "").split("?")[0]]));
const tm = new TrackingMore({ apiKey: "k123", baseUrl: "http://local.invalid/v2", requestsPerSecond: 0, fetch });

const calls = {
  "getTracking": () => tm.getTracking("china-post", "RN123456789CN"),
  "listTrackings (20 items)": () => tm.listTrackings({ limit: 20 }),
  "createTrackings (40 items, 1 chunk)": () => tm.createTrackings(Array.from({ length: 40 }, (_, i) => ({ tracking_number: `N${i}`, carrier_code: "china-post" }))),
  "getTracking, invalid input": () => tm.getTracking("DHL", "x").catch(() => {}),
};
console.log("JS↔wasm crossings per call (after a warm-up call):");
for (const [name, fn] of Object.entries(calls)) {
  await fn();
  counts.clear();
  await fn();
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, v]) => `${k} ×${v}`).join(", ");
  console.log(`  ${name.padEnd(38)} ${String(total).padStart(4)}  (${top})`);
}
