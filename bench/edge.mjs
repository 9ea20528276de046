// `make bench`'s edge section: the Worker (worker/, the package inside) and a plain-JS Worker with
// the same routes, cache, pacer and trimming (bench/plain-worker) in workerd through `wrangler
// dev`, each in front of its own sandbox with the real limiter (v2 1 req/s; v4 10/s per endpoint,
// creates 3/s), under the same shopper load from autocannon. Prints, per side:
//
// - CPU per cache hit and per miss (workerd's process CPU over a run of only those);
// - steps of 10, 100 and 1,000 concurrent shoppers over a realistic mix: requests/s; p50/p95/p99
//   latency of cache hits and of misses; upstream 429s (must be 0); 503s with Retry-After; other
//   errors (must be 0); CPU per request;
// - the Worker alone: 1,000 shoppers for 60 s — every request answered (200, or 503 with
//   Retry-After), zero upstream 429s, the pacer's queue bounded, workerd's memory flat, the daily
//   creation budget held;
// - the start of each (import + first answer) in workerd, through Miniflare, in paired rounds.
//
// Writes bench/edge-results.json and docs/edge.svg; exits 1 when a "must" above fails.
//   node bench/edge.mjs [--quick]
import autocannon from "autocannon";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TrackingMore, TrackingMoreV4 } from "../pkg/node.js";
import { startSandbox } from "../tests/js/sandbox.mjs";
import { freePort, startWorker } from "../tests/js/worker.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const QUICK = process.argv.includes("--quick");
const STEP_SECONDS = QUICK ? 3 : 10;
const HOLD_SECONDS = Number(process.env.HOLD_SECONDS) || (QUICK ? 10 : 60);
const KEY = "edge-bench-key-0f3a";
const ADMIN = "edge-bench-admin";
const BUDGET = 100;
const HOT_V4 = 250;
const HOT_V2 = 30;
const MISSES = QUICK ? 30 : 100;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const failures = [];
const must = (ok, what) => {
  if (!ok) failures.push(what);
  return ok ? "ok" : "FAILED";
};

// ---- workerd's process: CPU and memory ----

/** The workerd process that runs the Worker under wrangler's process `pid`. (`wrangler dev` runs
 * two: one for its own dev proxy, which listens on the Worker's port, and the Worker's own, with
 * the inspector; only the second is the Worker's cost.) */
function workerdPids(pid) {
  const table = execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" }).split("\n").filter(Boolean)
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l)).map(([, p, pp, args]) => ({ pid: Number(p), ppid: Number(pp), args }));
  const under = new Set([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const p of table) {
      if (under.has(p.ppid) && !under.has(p.pid)) {
        under.add(p.pid);
        grew = true;
      }
    }
  }
  return table.filter((p) => under.has(p.pid) && /workerd serve/.test(p.args) && p.args.includes("--inspector-addr")).map((p) => p.pid);
}
const TICK_MS = 1000 / Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim());
/** CPU time (ms) the processes have used so far. */
const cpuMs = (pids) => pids.reduce((sum, p) => {
  const fields = readFileSync(`/proc/${p}/stat`, "utf8").split(") ")[1].split(" ");
  return sum + (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}, 0);
/** Resident memory (MB) of the processes. */
const rssMb = (pids) => pids.reduce((sum, p) => sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, "utf8"))[1]) / 1024, 0);

// ---- The two sides ----

async function startSide(name, dir) {
  const sb = await startSandbox(["--api-key", KEY]);
  const port = await freePort();
  const wk = await startWorker({
    port,
    dir,
    vars: {
      TRACKINGMORE_BASE_URL: sb.baseUrl,
      TRACKINGMORE_API_KEY: KEY,
      ADMIN_TOKEN: ADMIN,
      DAILY_CREATE_BUDGET: String(BUDGET),
      CACHE_TTL_SECONDS: "900",
    },
  });
  // The numbers shoppers ask about: created upstream beforehand (the package paces itself there).
  const tag = `${name === "package" ? "P" : "J"}${Date.now() % 100000}`;
  const hotV4 = Array.from({ length: HOT_V4 }, (_, i) => `EB${tag}H${i}`);
  const hotV2 = Array.from({ length: HOT_V2 }, (_, i) => `EB${tag}W${i}`);
  const cold = Array.from({ length: MISSES }, (_, i) => `EB${tag}M${i}`);
  const v4 = new TrackingMoreV4({ apiKey: KEY, baseUrl: sb.origin + "/v4" });
  const v2 = new TrackingMore({ apiKey: KEY, baseUrl: sb.baseUrl });
  await v4.createTrackings([...hotV4, ...cold].map((n) => ({ tracking_number: n, courier_code: "dhl" })));
  await v2.createTrackings(hotV2.map((n) => ({ tracking_number: n, carrier_code: "ups" })));
  v4.free();
  v2.free();
  return { name, sb, wk, pids: workerdPids(wk.pid), hot: [...hotV4.map((n) => ["v4", n]), ...hotV2.map((n) => ["v2", n])], cold, tag, unknown: 0 };
}

const lookupPath = ([version, number]) =>
  version === "v4" ? `/v4/trackings/get?tracking_numbers=${number}&courier_code=dhl` : `/v2/trackings/ups/${number}`;
// Shoppers come from 20,000 addresses, in turn (each well under the Worker's 60 lookups a minute).
let visitorSeq = 0;
const visitor = () => {
  visitorSeq = (visitorSeq + 1) % 20000;
  return `10.${(visitorSeq >> 16) & 255}.${(visitorSeq >> 8) & 255}.${visitorSeq & 255}`;
};

/** Looks each of `paths` up until it is answered 200 (a busy answer is asked again), `width` at once. */
async function warm(side, paths, width) {
  const queue = [...paths];
  await Promise.all(Array.from({ length: width }, async () => {
    while (queue.length) {
      const path = queue.shift();
      for (;;) {
        const r = await fetch(side.wk.origin + path, { headers: { "CF-Connecting-IP": visitor() } });
        await r.arrayBuffer();
        if (r.status === 200) break;
        await sleep(1000);
      }
    }
  }));
}

// ---- The load ----

/** A seeded random source (the same sequence for both sides). */
function random(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The shoppers' mix: 92 % lookups of the known numbers, Zipf-distributed (s = 1: the first
 * tenth of them takes about two thirds of the lookups); 3 % numbers the API has never seen (each
 * would be created); 5 % carrier detections of 20 numbers. v4 and v2 routes as the numbers are. */
function mix(side, seed) {
  const rnd = random(seed);
  const weights = side.hot.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const cumulative = [];
  weights.reduce((acc, w, i) => (cumulative[i] = acc + w / total), 0);
  return () => {
    const r = rnd();
    if (r < 0.05) {
      const n = `1Z999AA1${1012345670 + Math.floor(rnd() * 20)}`;
      const v4 = rnd() < 0.75;
      return { kind: "detect", method: "POST", path: v4 ? "/v4/couriers/detect" : "/v2/carriers/detect", body: JSON.stringify({ tracking_number: n }) };
    }
    if (r < 0.08) {
      side.unknown += 1;
      return { kind: "lookup", method: "GET", path: lookupPath([rnd() < 0.75 ? "v4" : "v2", `EB${side.tag}U${side.unknown}`]) };
    }
    const x = rnd();
    let i = cumulative.findIndex((c) => c >= x);
    if (i < 0) i = side.hot.length - 1;
    return { kind: "lookup", method: "GET", path: lookupPath(side.hot[i]) };
  };
}

const percentile = (xs, p) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** What a response was: hit, miss, stale, busy (503 with Retry-After), refused (the API's or the
 * Worker's answer that this number is not tracked and will not be created now, or a creation limit
 * with Retry-After), or other. */
function classify(status, headers, body) {
  const header = (name) => Object.entries(headers).find(([k]) => k.toLowerCase() === name)?.[1];
  const cache = header("x-cache");
  if (status === 200 && cache) return { HIT: "hit", WEBHOOK: "hit", MISS: "miss", STALE: "stale" }[cache] ?? "other";
  if (status === 503) return header("retry-after") ? "busy" : "other";
  if (status === 429) return header("retry-after") ? "refused" : "other";
  let code = null;
  try {
    code = JSON.parse(body)?.meta?.code;
  } catch {
    // not JSON: other
  }
  if ([4031, 4102].includes(code) && (status === 200 || status === 400 || status === 404)) return "refused";
  return "other";
}

/** `connections` shoppers for `seconds` against a side, requests from `next()`. */
async function load(side, connections, seconds, next) {
  const latencies = { hit: [], miss: [], stale: [], busy: [], refused: [], other: [], detect: [] };
  const counts = Object.fromEntries(Object.keys(latencies).map((k) => [k, 0]));
  const others = [];
  const unanswered = [];
  const contexts = new Set();
  const upstream0 = (await side.sb.control("GET", "stats")).data;
  const cpu0 = cpuMs(side.pids);
  const t0 = performance.now();
  const instance = autocannon({
    url: side.wk.origin,
    connections,
    duration: seconds,
    timeout: 30,
    requests: [{
      setupRequest(req, context) {
        const r = next();
        contexts.add(context);
        context.pending = { at: performance.now(), what: `${r.method} ${r.path}` };
        context.kind = r.kind;
        return { ...req, method: r.method, path: r.path, body: r.body, headers: { "CF-Connecting-IP": visitor(), ...(r.body ? { "Content-Type": "application/json" } : {}) } };
      },
      onResponse(status, body, context, headers) {
        context.pending = null;
        const c = classify(status, headers, body);
        if (c === "other" && others.length < 10) others.push([status, headers, String(body).slice(0, 200)]);
        context.last = context.kind === "detect" && c !== "busy" && c !== "other" ? "detect" : c;
      },
    }],
  });
  const errors = {};
  instance.on("reqError", (e) => {
    for (const c of contexts) {
      if (c.pending && performance.now() - c.pending.at > 29000) {
        unanswered.push(`${((c.pending.at - t0) / 1000).toFixed(1)}s ${c.pending.what}`);
        c.pending = null;
      }
    }
    errors[e.code ?? e.message] = (errors[e.code ?? e.message] ?? 0) + 1;
  });
  instance.on("response", (client, _status, _bytes, ms) => {
    const c = client.requestIterator.context.last;
    latencies[c].push(ms);
    counts[c] += 1;
  });
  const result = await new Promise((resolve, reject) => instance.once("done", resolve).once("error", reject));
  if (unanswered.length) console.log(`  unanswered: ${unanswered.slice(0, 20).join("; ")}`);
  if (others.length) console.log(`  other answers, for example: ${JSON.stringify(others.slice(0, 3))}`);
  const wall = (performance.now() - t0) / 1000;
  const cpu = cpuMs(side.pids) - cpu0;
  const upstream = (await side.sb.control("GET", "stats")).data;
  const answered = Object.values(counts).reduce((a, b) => a + b, 0);
  return {
    connections,
    requests: answered,
    perSecond: answered / wall,
    counts,
    // (autocannon counts a timeout as an error too)
    notAnswered: result.errors,
    errors,
    p: Object.fromEntries(["hit", "miss"].map((k) => [k, [50, 95, 99].map((q) => percentile(latencies[k], q))])),
    upstream429: upstream.rate_limited - upstream0.rate_limited,
    upstreamRequests: upstream.admitted - upstream0.admitted,
    cpuPerRequestMs: cpu / Math.max(1, answered),
  };
}

/** CPU per request of `paths` alone, `width` at once, each asked once: `{ ms, n }`. */
async function cpuPer(side, paths, width) {
  const cpu0 = cpuMs(side.pids);
  const queue = [...paths];
  let n = 0;
  await Promise.all(Array.from({ length: width }, async () => {
    while (queue.length) {
      const r = await fetch(side.wk.origin + queue.shift(), { headers: { "CF-Connecting-IP": visitor() } });
      await r.arrayBuffer();
      n += 1;
    }
  }));
  return { ms: (cpuMs(side.pids) - cpu0) / n, n };
}

// ---- Start: import + first answer, through Miniflare, paired rounds ----

async function startTimes(rounds) {
  const { Miniflare } = await import(join(root, "tests/js/node_modules/miniflare/dist/src/index.js"));
  // Each Worker as `wrangler deploy` would upload it.
  const bundles = {};
  for (const [name, dir, pacer] of [["package", "worker", "AccountPacer"], ["plain", "bench/plain-worker", "PlainPacer"]]) {
    const out = mkdtempSync(join(tmpdir(), "tm-edge-"));
    execFileSync(join(root, "worker/node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", out], { cwd: join(root, dir), stdio: "ignore", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
    // The entry first, then the modules it imports (the wasm).
    const files = ["index.js", ...readdirSync(out).filter((f) => f.endsWith(".wasm"))];
    const modules = files.map((f) => ({ type: f.endsWith(".wasm") ? "CompiledWasm" : "ESModule", path: join(out, f), contents: readFileSync(join(out, f)) }));
    bundles[name] = { modules, pacer, root: out };
  }
  const times = { package: [], plain: [] };
  for (let i = 0; i < rounds; i++) {
    for (const name of i % 2 ? ["plain", "package"] : ["package", "plain"]) {
      const { modules, pacer, root: modulesRoot } = bundles[name];
      const t0 = performance.now();
      const mf = new Miniflare({
        modules,
        modulesRoot,
        compatibilityDate: "2025-04-01",
        durableObjects: { PACER: pacer },
        kvNamespaces: ["TRACKINGS"],
        ratelimits: { VISITORS: { simple: { limit: 60, period: 60 } }, CREATIONS: { simple: { limit: 5, period: 60 } } },
        bindings: { TRACKINGMORE_API_KEY: KEY },
      });
      // A shopper route that needs no upstream: the answer is the Worker's own (403).
      await (await mf.dispatchFetch("http://worker/v2/trackings/get")).text();
      times[name].push(performance.now() - t0);
      await mf.dispose();
    }
  }
  const median = (xs) => percentile(xs, 50);
  const paired = median(times.package.map((x, i) => x - times.plain[i]));
  return { package: median(times.package), plain: median(times.plain), paired, rounds, sizes: Object.fromEntries(Object.entries(bundles).map(([k, b]) => [k, b.modules.reduce((s, m) => s + m.contents.length, 0)])) };
}

// ---- The run ----

const fmt = (v, d = 1) => (v === null || v === undefined ? "—" : v.toFixed(d));
const results = { when: new Date().toISOString(), quick: QUICK, machine: `${process.platform} ${process.arch}, node ${process.version}`, sides: {}, steps: [], hold: null, start: null };

console.log(`\nEdge: the Worker (package) against a plain-JS Worker, in workerd (wrangler dev), each before its own sandbox with the real limiter`);
const sides = [await startSide("package", "worker"), await startSide("plain", "bench/plain-worker")];
try {
  // Warm: every known number cached once (v4 at 10/s, v2 at 1/s), detections too.
  const t0 = performance.now();
  await Promise.all(sides.map((s) => warm(s, [...s.hot.map(lookupPath), "/v2/carriers", "/v4/couriers/all"], 8)));
  console.log(`warmed ${sides[0].hot.length} numbers a side in ${((performance.now() - t0) / 1000).toFixed(0)} s`);

  // CPU per hit and per miss, each side in turn.
  for (const side of sides) {
    const hits = await cpuPer(side, Array.from({ length: QUICK ? 500 : 3000 }, (_, i) => lookupPath(side.hot[i % side.hot.length])), 10);
    const misses = await cpuPer(side, side.cold.map((n) => lookupPath(["v4", n])), 2);
    results.sides[side.name] = { cpuPerHitMs: hits.ms, cpuPerMissMs: misses.ms, hits: hits.n, misses: misses.n };
  }
  const [pk, pl] = [results.sides.package, results.sides.plain];
  console.log(`\n${"CPU per request (workerd process)".padEnd(40)} ${"package".padStart(10)} ${"plain".padStart(10)}   ratio  target`);
  console.log(`${`cache hit (${pk.hits} lookups)`.padEnd(40)} ${fmt(pk.cpuPerHitMs, 3).padStart(7)} ms ${fmt(pl.cpuPerHitMs, 3).padStart(7)} ms   ${(pk.cpuPerHitMs / pl.cpuPerHitMs).toFixed(2)}×  ≤ 1.2×`);
  console.log(`${`miss, from the API (${pk.misses} v4 lookups)`.padEnd(40)} ${fmt(pk.cpuPerMissMs, 3).padStart(7)} ms ${fmt(pl.cpuPerMissMs, 3).padStart(7)} ms   ${(pk.cpuPerMissMs / pl.cpuPerMissMs).toFixed(2)}×  ≤ 1.3×`);

  console.log(`\n${"shoppers".padEnd(9)}${"side".padEnd(9)}${"req/s".padStart(8)}  ${"hit p50/95/99 ms".padStart(18)}  ${"miss p50/95/99 ms".padStart(20)}  ${"hits".padStart(6)} ${"miss".padStart(5)} ${"busy".padStart(6)} ${"refus".padStart(5)} ${"other".padStart(5)} ${"lost".padStart(4)} ${"429".padStart(4)} ${"CPU/req".padStart(9)}`);
  for (const connections of [10, 100, 1000]) {
    for (const side of connections === 100 ? [...sides].reverse() : sides) {
      const r = await load(side, connections, STEP_SECONDS, mix(side, connections));
      r.side = side.name;
      results.steps.push(r);
      const ps = (k) => r.p[k].map((v) => fmt(v, 0)).join("/");
      console.log(`${String(connections).padEnd(9)}${side.name.padEnd(9)}${fmt(r.perSecond, 0).padStart(8)}  ${ps("hit").padStart(18)}  ${ps("miss").padStart(20)}  ${String(r.counts.hit).padStart(6)} ${String(r.counts.miss).padStart(5)} ${String(r.counts.busy).padStart(6)} ${String(r.counts.refused).padStart(5)} ${String(r.counts.other).padStart(5)} ${String(r.notAnswered).padStart(4)} ${String(r.upstream429).padStart(4)} ${fmt(r.cpuPerRequestMs, 3).padStart(6)} ms`);
      must(r.upstream429 === 0, `${side.name}, ${connections} shoppers: upstream 429s`);
      must(r.counts.other === 0 && r.notAnswered === 0, `${side.name}, ${connections} shoppers: other errors or unanswered requests`);
    }
  }

  // 1,000 shoppers for HOLD_SECONDS against each side in turn, workerd's memory sampled.
  const admin = (side, path) => fetch(`${side.wk.origin}${path}`, { headers: { Authorization: `Bearer ${ADMIN}` } }).then((r) => r.json()).then((j) => j.data);
  // The queue's bound: a request is queued only when its slot is within SHOPPER_MAX_WAIT_MS
  // (3 s), so a lane holds at most 3 s of its rate and one in flight. The lanes this mix uses:
  // v2's general lane (1/s), and v4's get, detect, couriers (10/s each) and create (3/s).
  const bound = [1, 10, 10, 10, 3].reduce((sum, rate) => sum + 3 * rate + 1, 0);
  results.hold = {};
  for (const side of sides) {
    const memory = [rssMb(side.pids)];
    const sampler = setInterval(() => memory.push(rssMb(side.pids)), 5000);
    const hold = await load(side, 1000, HOLD_SECONDS, mix(side, 7));
    clearInterval(sampler);
    memory.push(rssMb(side.pids));
    const stats = await admin(side, "/v4/_proxy/pacer");
    results.hold[side.name] = { ...hold, memoryMb: memory, pacer: stats, queueBound: bound };
    console.log(`\nHeld: 1,000 shoppers for ${HOLD_SECONDS} s, ${side.name}: ${hold.requests} answered (${fmt(hold.perSecond, 0)}/s; ${hold.counts.hit} hits, ${hold.counts.miss} misses, ${hold.counts.busy} busy 503s with Retry-After, ${hold.counts.refused} refused)`);
    console.log(`  every request answered with 200 or 503 + Retry-After: ${must(hold.notAnswered === 0 && hold.counts.other === 0, `hold, ${side.name}: unanswered or other answers`)} (${hold.notAnswered} unanswered${hold.notAnswered ? ` ${JSON.stringify(hold.errors)}` : ""}, ${hold.counts.other} other)`);
    console.log(`  upstream 429s: ${hold.upstream429} ${must(hold.upstream429 === 0, `hold, ${side.name}: upstream 429s`)}`);
    console.log(`  lanes held by a request that never landed: ${stats.lost}`);
    console.log(`  pacer queue at most ${stats.maxQueued} requests (bound ${bound}): ${must(stats.maxQueued <= bound, `hold, ${side.name}: pacer queue over its bound`)}; ${stats.lookups} lookups run, ${stats.coalesced} joined one under way`);
    console.log(`  workerd memory every 5 s: ${memory.map((m) => m.toFixed(0)).join(" → ")} MB`);
  }
  const growth = (name) => results.hold[name].memoryMb.at(-1) - results.hold[name].memoryMb[1];
  console.log(`  memory over the hold (from 5 s in): package ${growth("package").toFixed(0)} MB, plain ${growth("plain").toFixed(0)} MB: ${must(growth("package") <= Math.max(32, 1.5 * growth("plain")), "hold: the Worker's memory grew beyond the plain Worker's")}`);
  const made = await admin(sides[0], "/v4/_proxy/creations");
  // What the API holds: every tracking the shoppers' new numbers created, read from the sandbox.
  const v4 = new TrackingMoreV4({ apiKey: KEY, baseUrl: sides[0].sb.origin + "/v4" });
  let created = 0;
  for await (const t of v4.allTrackings({ items_amount: 2000 })) if (t.tracking_number.startsWith(`EB${sides[0].tag}U`)) created += 1;
  v4.free();
  results.hold.creations = { ...made, upstream: created };
  console.log(`  the Worker's shopper creations: ${made.used} counted of the daily budget ${made.limit}, ${created} trackings at the API: ${must(made.used <= made.limit && created <= made.used, "hold: creation budget overdrawn, or a creation not counted")}`);

  // The start.
  results.start = await startTimes(QUICK ? 4 : 21);
  const st = results.start;
  console.log(`\nStart in workerd (Miniflare: start + import + first answer), medians of ${st.rounds} rounds a side: package ${fmt(st.package)} ms, plain ${fmt(st.plain)} ms; paired difference ${fmt(st.paired)} ms (target ≤ +5 ms); uploads ${(st.sizes.package / 1024).toFixed(0)} KB and ${(st.sizes.plain / 1024).toFixed(0)} KB`);
} finally {
  for (const s of sides) {
    await s.wk.stop();
    await s.sb.stop();
  }
}

if (!QUICK) {
  writeFileSync(join(root, "bench/edge-results.json"), JSON.stringify(results, null, 2) + "\n");
  writeFileSync(join(root, "docs/edge.svg"), chart(results));
}
if (failures.length) {
  console.log(`\nFAILED: ${failures.join("; ")}`);
  for (const s of sides) {
    const errors = s.wk.log().split("\n").filter((l) => /error|overloaded|exception/i.test(l));
    if (errors.length) console.log(`${s.name}'s Worker said:\n${[...new Set(errors)].slice(0, 20).join("\n")}`);
  }
  process.exit(1);
}

/** Hit and miss latency (p50, p95, p99) per step, both sides, as grouped bars on a log scale. */
function chart(r) {
  const W = 760, H = 300, left = 60, top = 30, bottom = 60, plotH = H - top - bottom;
  const groups = r.steps.filter((s) => s.p.hit[0] !== null);
  const order = (s) => [10, 100, 1000].indexOf(s.connections) * 2 + (s.side === "package" ? 0 : 1);
  groups.sort((a, b) => order(a) - order(b));
  const max = Math.max(...groups.flatMap((s) => [...s.p.hit, ...s.p.miss].filter((v) => v !== null)), 10);
  const y = (v) => top + plotH - (Math.log10(Math.max(v, 1)) / Math.log10(max * 1.2)) * plotH;
  const gw = (W - left - 20) / groups.length;
  const bars = [];
  const colors = { hit: ["#9ecae1", "#4292c6", "#08519c"], miss: ["#fdae6b", "#f16913", "#a63603"] };
  groups.forEach((s, g) => {
    ["hit", "miss"].forEach((k, j) => s.p[k].forEach((v, q) => {
      if (v === null) return;
      const x = left + g * gw + 6 + (j * 3 + q) * ((gw - 12) / 6);
      bars.push(`<rect x="${x.toFixed(1)}" y="${y(v).toFixed(1)}" width="${((gw - 12) / 6 - 1).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${colors[k][q]}"><title>${s.side}, ${s.connections} shoppers, ${k} p${[50, 95, 99][q]}: ${v.toFixed(0)} ms</title></rect>`);
    }));
    bars.push(`<text x="${(left + g * gw + gw / 2).toFixed(1)}" y="${H - bottom + 16}" text-anchor="middle">${s.connections} · ${s.side}</text>`);
  });
  const ticks = [1, 10, 100, 1000, 10000].filter((t) => t <= max * 1.2).map((t) => `<text x="${left - 6}" y="${y(t) + 4}" text-anchor="end">${t}</text><line x1="${left}" x2="${W - 20}" y1="${y(t)}" y2="${y(t)}" stroke="#ddd"/>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">
<text x="${left}" y="18" font-size="13">Shopper latency (ms, log scale) by concurrent shoppers: cache hits p50/p95/p99 (blue), misses (orange)</text>
${ticks.join("\n")}
${bars.join("\n")}
<text x="${left}" y="${H - 14}">package = worker/ (this package inside); plain = bench/plain-worker. No orange bar: every miss was told to come back (503). ${r.machine}; ${r.when.slice(0, 10)}.</text>
</svg>
`;
}
