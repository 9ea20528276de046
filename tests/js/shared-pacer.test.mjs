// Clients of one account share one pacer and one 429 hold, so the natural Worker code — a client
// made per request — paces exactly like one shared client: against the sandbox's real limiter,
// 20 requests 50 ms apart, each with its own client, and not one 429. In workerd a call that would
// wait out a 429 hold fails fast instead (the default maxWaitMs there). And one wait is one report.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TrackingMore } from "../../pkg/node.js";
import { startSandbox } from "./sandbox.mjs";
import { miniflare } from "./worker.mjs";

const RATE = 5;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// `n` requests `gap` ms apart, each running `one()`; their results in order.
const arriving = (n, gap, one) => Promise.all(Array.from({ length: n }, (_, i) => sleep(i * gap).then(one)));

test("Node: 20 requests 50 ms apart, each with its own client, against the real limiter: no 429", async () => {
  const sb = await startSandbox(["--rate-limit", String(RATE)]);
  try {
    const results = await arriving(20, 50, async () => {
      // maxWaitMs bounds the test: clients pacing apart would trip the limiter and then be held.
      const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: RATE, maxWaitMs: 8000 });
      try {
        await tm.userInfo();
        return "ok";
      } catch (e) {
        return e.code;
      } finally {
        tm.free();
      }
    });
    assert.deepEqual(results, Array(20).fill("ok"));
    assert.equal((await sb.control("GET", "stats")).data.rate_limited, 0, "the sandbox answered no 429");
  } finally {
    await sb.stop();
  }
});

test("workerd: a client per request paces as one, and a 429 hold fails fast with RATE_LIMITED", async () => {
  const sb = await startSandbox(["--rate-limit", String(RATE)]);
  const mf = await miniflare("shared-pacer-worker.mjs");
  try {
    const get = () => mf.dispatchFetch(`http://worker/?base=${encodeURIComponent(sb.baseUrl)}&rps=${RATE}`).then((r) => r.json());
    const results = await arriving(20, 50, get);
    assert.deepEqual(results.map((r) => r.ok), Array(20).fill(true), JSON.stringify(results));
    assert.equal((await sb.control("GET", "stats")).data.rate_limited, 0, "the sandbox answered no 429");
    // A 429 without Retry-After holds the account for the two-minute cooldown: the next request
    // is told so at once (the default maxWaitMs in workerd), not kept waiting.
    await sb.fault({ path: "/v2/trackings/getuserinfo", count: 1, fault: { kind: "rate_limit" } });
    const started = Date.now();
    const held = await get();
    assert.equal(held.code, "RATE_LIMITED", JSON.stringify(held));
    assert.ok(held.retryAfterMs > 100_000, JSON.stringify(held));
    const after = await get();
    assert.equal(after.code, "RATE_LIMITED", "the next client of the account sees the same hold");
    assert.ok(Date.now() - started < 15_000, "failed fast");
  } finally {
    await mf.dispose();
    await sb.stop();
  }
});

test("one pacing wait is one onWait report, with the whole wait", async () => {
  const sb = await startSandbox(["--no-rate-limit"]);
  try {
    const waits = [];
    const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 1, onWait: (w) => waits.push(w) });
    // The first answer takes 200 ms: the next request may leave 1 s after that answer, not 1 s
    // after the first request left.
    await sb.fault({ path: "/v2/trackings/getuserinfo", count: 1, fault: { kind: "delay", ms: 200 } });
    await tm.userInfo();
    await tm.userInfo();
    assert.equal(waits.length, 1, JSON.stringify(waits));
    assert.equal(waits[0].reason, "pacing");
    assert.ok(waits[0].ms > 950 && waits[0].ms <= 1000, JSON.stringify(waits));
    tm.free();
  } finally {
    await sb.stop();
  }
});
