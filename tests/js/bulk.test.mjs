// Bulk under pressure: 10,000 numbers through createTrackings against the sandbox's real limiter
// (at R req/s, the client paced at R), with 503s, 429s, meta 500s and connection resets injected
// throughout the run. Every input must be reported exactly once; the real limiter must never
// answer 429; running the same import again must be safe: every input comes back as
// TRACKING_EXISTS, none created twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { TrackingMore, TrackingMoreV4 } from "../../pkg/node.js";
import { startSandbox } from "./sandbox.mjs";

const RATE = 25;
const N = 10_000;
let sb;
before(async () => { sb = await startSandbox(["--rate-limit", String(RATE), "--v4-rate-limit", String(RATE)]); });
after(() => sb.stop());

test(`${N} numbers under injected faults at the limiter's own rate: each reported once, the re-run changes nothing`, async () => {
  const injected = [
    { every: 7, count: 10, fault: { kind: "status", status: 503 } },
    { every: 11, count: 8, fault: { kind: "rate_limit" } },
    { every: 13, count: 6, fault: { kind: "reset" } },
    { every: 17, count: 5, fault: { kind: "meta", code: 500 } },
  ];
  for (const rule of injected) await sb.fault({ path: "/v2/trackings/batch", method: "POST", ...rule });
  const waits = { pacing: 0, retry: 0, rate_limited: 0 };
  const tm = new TrackingMore({
    // Four kinds of fault, each spread out, can still meet one chunk's attempts back to back
    // (two chunks in flight interleave): six retries make losing one to them practically
    // impossible, which is what "loses none" asks of an import.
    apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: RATE, maxRetries: 6, retryBaseDelayMs: 50, rateLimitCooldownMs: 500,
    onWait: (w) => { waits[w.reason] += 1; },
  });
  const run = Date.now() % 1e6;
  const inputs = Array.from({ length: N }, (_, i) => ({ tracking_number: `BULK${run}N${i}`, carrier_code: i % 3 ? "dhl" : "ups" }));
  let last;
  const first = await tm.createTrackings(inputs, { onProgress: (p) => { last = p; } });
  const failedCodes = [...new Set(first.errors.map((e) => `${e.code} ${e.message}`))];
  assert.deepEqual(last, { done: N, total: N, added: N, failed: 0 }, failedCodes.join("; "));

  const seen = new Map();
  for (const t of first.trackings) seen.set(`${t.carrier_code}/${t.tracking_number}`, (seen.get(`${t.carrier_code}/${t.tracking_number}`) ?? 0) + 1);
  for (const e of first.errors) seen.set(`${e.carrier_code}/${e.tracking_number}`, (seen.get(`${e.carrier_code}/${e.tracking_number}`) ?? 0) + 1);
  assert.equal(seen.size, N, "every input reported");
  assert.ok([...seen.values()].every((c) => c === 1), "exactly once");
  assert.deepEqual(first.errors, [], "every injected fault was retried through");
  assert.equal(first.added, N);
  assert.equal((await sb.control("GET", "faults")).data.length, 0, "every injected fault was met");
  assert.ok(waits.retry >= 20 && waits.rate_limited >= 8, JSON.stringify(waits));
  assert.equal((await sb.control("GET", "stats")).data.rate_limited, 0, "the real limiter never answered 429");

  const again = await tm.createTrackings(inputs);
  assert.equal(again.trackings.length, 0, "nothing created twice");
  assert.equal(again.errors.length, N);
  assert.ok(again.errors.every((e) => e.code === "TRACKING_EXISTS" && e.metaCode === 4016));
  assert.equal((await tm.statusCounts()).total, N, "the account holds each number once");
  tm.free();
});

test("v4: 4,000 numbers under injected faults at the limiter's own rate: each reported once, the re-run changes nothing", async () => {
  const n = 4000;
  await sb.control("DELETE", "faults");
  const injected = [
    { every: 7, count: 5, fault: { kind: "status", status: 503 } },
    { every: 11, count: 4, fault: { kind: "rate_limit" } },
    { every: 13, count: 3, fault: { kind: "reset" } },
    { every: 17, count: 2, fault: { kind: "meta", code: 512 } },
  ];
  for (const rule of injected) await sb.fault({ path: "/v4/trackings/batch", method: "POST", ...rule });
  const limitedBefore = (await sb.control("GET", "stats")).data.rate_limited;
  const tm = new TrackingMoreV4({
    apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, requestsPerSecond: RATE, maxRetries: 6, retryBaseDelayMs: 50, rateLimitCooldownMs: 500,
  });
  const run = Date.now() % 1e6;
  const inputs = Array.from({ length: n }, (_, i) => ({ tracking_number: `BULK4${run}N${i}`, courier_code: i % 3 ? "dhl" : "ups" }));
  let last;
  const first = await tm.createTrackings(inputs, { onProgress: (p) => { last = p; } });
  assert.deepEqual(last, { done: n, total: n, added: n, failed: 0 }, [...new Set(first.errors.map((e) => e.message))].join("; "));
  const keys = new Set([...first.trackings, ...first.errors].map((t) => `${t.courier_code}/${t.tracking_number}`));
  assert.equal(keys.size, n, "every input reported, once");
  assert.equal(first.trackings.length, n);
  assert.ok(first.trackings.every((t) => /^[0-9a-f]{32}$/.test(t.id)));
  assert.equal((await sb.control("GET", "faults")).data.length, 0, "every injected fault was met");
  assert.equal((await sb.control("GET", "stats")).data.rate_limited, limitedBefore, "the real limiter never answered 429");
  const again = await tm.createTrackings(inputs);
  assert.equal(again.trackings.length, 0, "nothing created twice");
  assert.ok(again.errors.length === n && again.errors.every((e) => e.code === "TRACKING_EXISTS" && e.metaCode === 4101));
  tm.free();
});
