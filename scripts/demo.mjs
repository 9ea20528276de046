// The demo: the real package (pkg/) against the sandbox at $TM_SANDBOX_URL, at the API's real
// pace (1 request/s, which the sandbox enforces too). Run it with `make demo`.
import { TrackingMore, TrackingMoreError } from "../pkg/node.js";

const baseUrl = process.env.TM_SANDBOX_URL;
if (!baseUrl) throw new Error("run through `make demo` (it starts the sandbox)");
const tm = new TrackingMore({ apiKey: "demo-key", baseUrl });
const say = (...a) => console.log(...a);

say(`trackingmore-wasm demo against the sandbox at ${baseUrl} (paced at 1 request/s)\n`);
const carriers = await tm.carriers();
say(`carriers: ${carriers.length} (e.g. ${carriers.slice(0, 4).map((c) => c.name).join(", ")})`);
const guess = await tm.detectCarrier("RN123456789CN");
say(`detectCarrier("RN123456789CN") → ${guess.map((g) => g.code).join(", ")}`);

const counts = await tm.statusCounts();
say(`status counts: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(", ")}`);

const page = await tm.listTrackings({ status: "transit", limit: 1 });
const t = page.items[0];
say(`\n${t.tracking_number} (${t.carrier_code}) is ${t.status}, last event: ${t.lastEvent}`);
for (const c of t.origin_info.trackinfo) say(`  ${c.Date}  ${c.StatusDescription} — ${c.Details}`);

const n = 100;
say(`\nimporting ${n} tracking numbers (chunks of 40, paced):`);
const inputs = Array.from({ length: n }, (_, i) => ({ tracking_number: `DEMO${Date.now() % 1e7}${String(i).padStart(3, "0")}`, carrier_code: "dhl" }));
inputs[7] = { tracking_number: t.tracking_number, carrier_code: t.carrier_code }; // already there
const r = await tm.createTrackings(inputs, { onProgress: (p) => say(`  ${p.done}/${p.total} done, ${p.added} added, ${p.failed} failed`) });
say(`  → added ${r.added}; errors: ${r.errors.map((e) => `${e.tracking_number} ${e.code} (${e.metaCode})`).join("; ")}`);

try {
  await tm.getTracking("dhl", "NOT-A-REAL-NUMBER");
} catch (e) {
  if (!(e instanceof TrackingMoreError)) throw e;
  say(`\ntyped error: ${e.code} (meta ${e.metaCode}): ${e.message}`);
}
try {
  await tm.listTrackings({ limit: 5000 });
} catch (e) {
  say(`checked before any request: ${e.code}: ${e.message}`);
}
say("\ndone.");
