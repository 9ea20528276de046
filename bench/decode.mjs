// Benchmarks that print figures (run with `make bench`): decoding a 2,000-item list page against
// bare JSON.parse, cold import + instantiation, and the package size. No pass/fail thresholds:
// the targets live in the README next to the figures.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { TrackingMore } from "../pkg/node.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const base = process.env.TM_SANDBOX_URL;
if (!base) throw new Error("run through `make bench` (it starts the sandbox)");

// A realistic 2,000-item page: the sandbox's own items (all quirks included), repeated.
const seed = await (await fetch(`${base}/trackings/get?limit=40`, { headers: { "Trackingmore-Api-Key": "demo-key" } })).json();
const src = seed.data.items;
const items = Array.from({ length: 2000 }, (_, i) => ({ ...src[i % src.length], tracking_number: `BENCH${i}` }));
const text = JSON.stringify({ meta: { code: 200, type: "Success", message: "Success" }, data: { page: 1, limit: 2000, total: "2000", count: 2000, items } });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const gc = globalThis.gc ?? (() => {});

// The same work both ways (a Response holding the body, read and parsed), interleaved, with a GC
// before each run so that one side does not pay for the other's garbage.
const tm = new TrackingMore({ apiKey: "k", baseUrl: "http://bench.invalid/v2", requestsPerSecond: 0, fetch: async () => new Response(text) });
const sides = { bare: async () => JSON.parse(await new Response(text).text()), client: () => tm.listTrackings({ limit: 2000 }) };
const times = { bare: [], client: [] };
for (let i = 0; i < 45; i++) {
  for (const [name, fn] of Object.entries(sides)) {
    gc();
    const t = performance.now();
    await fn();
    if (i >= 5) times[name].push(performance.now() - t);
  }
}
const bare = median(times.bare);
const client = median(times.client);
console.log(`list page, 2000 items, ${(text.length / 1e6).toFixed(1)} MB: bare Response.text()+JSON.parse ${bare.toFixed(1)} ms, client.listTrackings ${client.toFixed(1)} ms → ${(client / bare).toFixed(2)}× (median of 40; target ≤ 1.2×)`);

// Cold start, in fresh Node processes: compile the module, then instantiate it (initSync).
const runs = [];
for (let i = 0; i < 7; i++) {
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", `
        import { readFileSync } from "node:fs";
    const glue = await import(${JSON.stringify(root + "pkg/trackingmore_wasm.js")});
    const bytes = readFileSync(${JSON.stringify(root + "pkg/trackingmore_wasm_bg.wasm")});
    const t0 = performance.now();
    const module = new WebAssembly.Module(bytes);
    const t1 = performance.now();
    glue.initSync({ module });
    const t2 = performance.now();
    console.log(JSON.stringify([t1 - t0, t2 - t1]));`], { encoding: "utf8" });
  runs.push(JSON.parse(out));
}
console.log(`cold start: compile ${median(runs.map((r) => r[0])).toFixed(2)} ms, instantiate ${median(runs.map((r) => r[1])).toFixed(2)} ms (median of 7; target ≤ 3 ms)`);
console.log(execFileSync("bash", [root + "scripts/size.sh"], { encoding: "utf8" }).trim() + " (target ≤ 30 KB gzip)");
