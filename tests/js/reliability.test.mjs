// Reliability and security of the real package in real Node against the real sandbox: the key
// never leaks even when the server echoes it, pacing never trips the sandbox's real limiter (with
// jittered latency and the two-minute lockout on), waits are never silent, and many-item calls
// report every failed item.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook } from "../../pkg/node.js";
import { startSandbox, timedFetch, uniqueNumber } from "./sandbox.mjs";

const SECRET = "sk_live+Echo/Key-9f3a";

// One sandbox with the real limiter (1 req/s general, 3 req/s realtime, 1 req/s list) and the
// real two-minute lockout: a single 429 would stall a test for minutes, so none may happen.
let sb;
before(async () => {
  sb = await startSandbox(["--seed-demo", "--api-key", SECRET, "--api-key", "demo-key=demo@sandbox.example"]);
});
after(() => sb.stop());

const stats = async () => (await sb.control("GET", "stats")).data;

// The tests that meet sb's limiter share one client with default options (clients of one account
// in a process share its pacer anyway: tests/js/shared-pacer.test.mjs).
const waits = [];
let paced;
const pacedClient = () => (paced ??= new TrackingMore({ apiKey: SECRET, baseUrl: sb.baseUrl, onWait: (w) => waits.push(w) }));

/** Everything a user could print of an error. */
const everything = (e) => JSON.stringify({ ...e, message: e.message, stack: e.stack }) + String(e) + (e.cause ? String(e.cause) : "");

test("the key never appears in errors or per-item errors, even when the server echoes it", async () => {
  // Pacing off and no retries: these calls do not meet the limiter (every answer is a fault).
  const c = new TrackingMore({ apiKey: SECRET, baseUrl: sb.baseUrl, requestsPerSecond: 0, maxRetries: 0 });
  const encoded = encodeURIComponent(SECRET);
  const seen = [];
  const collect = async (p) => { try { return await p; } catch (e) { seen.push(e); } };

  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "meta", code: 4001, message: "Invalid key {key} (was {key})" } });
  await collect(c.userInfo());
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "meta", code: 503, message: `upstream quoted ?key=${encoded}` } });
  await collect(c.userInfo());
  await sb.fault({ path: "/v2/carriers", fault: { kind: "status", status: 502, body: "<html><p>proxy: header Trackingmore-Api-Key: {key}</p></html>" } });
  await collect(c.carriers());
  assert.equal(seen.length, 3);
  assert.equal(seen[0].code, "UNAUTHORIZED");
  assert.match(seen[0].message, /\[redacted\].*\[redacted\]/, "the message is kept, the key is not");
  for (const e of seen) {
    assert.ok(e instanceof TrackingMoreError);
    assert.ok(!everything(e).includes(SECRET) && !everything(e).includes(encoded), everything(e));
  }

  // Per-item messages of batch and many-item answers.
  const items = [{ tracking_number: "ECHO00001", carrier_code: "dhl" }, { tracking_number: "ECHO00002", carrier_code: "dhl" }];
  const itemErrors = items.map((i) => ({ ...i, code: 4016, message: "exists for key {key}" }));
  await sb.fault({ path: "/v2/trackings/batch", fault: { kind: "meta", code: 200, data: { submitted: 2, added: 0, trackings: [], errors: itemErrors } } });
  const created = await c.createTrackings(items);
  assert.equal(created.errors.length, 2);
  await sb.fault({ path: "/v2/trackings/delete", fault: { kind: "meta", code: 200, data: { submitted: 2, delete: 0, trackings: items.map((i) => ({ meta: { ...i, code: 4017, message: "no such tracking under {key}" } })) } } });
  const deleted = await c.deleteTrackings(items);
  assert.equal(deleted.errors.length, 2);
  await sb.fault({ path: "/v2/trackings/updatemore", fault: { kind: "meta", code: 200, data: { submitted: 2, updated: 0, trackings: [], errors: itemErrors } } });
  const updated = await c.updateTrackings(items);
  for (const e of [...created.errors, ...deleted.errors, ...updated.errors]) {
    assert.ok(e.message.includes("[redacted]"), e.message);
    assert.ok(!JSON.stringify(e).includes(SECRET), JSON.stringify(e));
  }
  // A chunk failing as a whole copies its (scrubbed) error onto each item.
  await sb.fault({ path: "/v2/trackings/batch", fault: { kind: "meta", code: 4001, message: "bad key {key}" } });
  const failed = await c.createTrackings(items);
  assert.equal(failed.errors.length, 2);
  assert.ok(failed.errors.every((e) => e.code === "UNAUTHORIZED" && !e.message.includes(SECRET)));
  assert.equal((await stats()).rate_limited, 0);
});

test("deleteTrackings, updateTrackings and stopUpdating all list failed items in errors", async () => {
  const c = pacedClient();
  const ghost = { tracking_number: uniqueNumber("GHOST"), carrier_code: "dhl" };
  const del = await c.deleteTrackings([ghost]);
  assert.equal(del.errors.length, 1, JSON.stringify(del));
  assert.deepEqual(
    { code: del.errors[0].code, metaCode: del.errors[0].metaCode, n: del.errors[0].tracking_number },
    { code: "TRACKING_NOT_FOUND", metaCode: 4017, n: ghost.tracking_number },
  );
  const up = await c.updateTrackings([{ ...ghost, title: "x" }]);
  assert.equal(up.errors[0].code, "TRACKING_NOT_FOUND");
  const stop = await c.stopUpdating([ghost]);
  assert.equal(stop.errors[0].code, "TRACKING_NOT_FOUND");
  assert.equal((await stats()).rate_limited, 0);
});

test("default pacing against the real 1 req/s limiter, with jittered latency: no 429, and every wait reported", async () => {
  const c = pacedClient();
  waits.length = 0;
  // Some requests are slow to arrive (like a TLS handshake): the next one must not catch up.
  await sb.fault({ path: "/v2/trackings/getuserinfo", count: 2, fault: { kind: "delay", ms: 150 } });
  await sb.fault({ path: "/v2/trackings/getstatusnumber", count: 2, fault: { kind: "delay", ms: 400 } });
  const before = await stats();
  const t0 = Date.now();
  for (let i = 0; i < 4; i++) await (i % 2 ? c.statusCounts() : c.userInfo());
  await Promise.all([c.userInfo(), c.statusCounts(), c.userInfo(), c.statusCounts()]);
  const took = Date.now() - t0;
  const after = await stats();
  assert.equal(after.rate_limited - before.rate_limited, 0, "the sandbox answered no 429");
  assert.ok(took >= 7000, `8 calls at 1 req/s take at least 7 s, took ${took}`);
  assert.ok(waits.length >= 7 && waits.every((w) => w.reason === "pacing" && w.ms > 0 && w.attempt === 1), JSON.stringify(waits));
});

test("faster pacing against an equally fast limiter: 30 sequential and 30 concurrent calls, jittered, no 429", async () => {
  const fast = await startSandbox(["--rate-limit", "8", "--list-rate-limit", "8"]);
  try {
    const c = new TrackingMore({ apiKey: "demo-key", baseUrl: fast.baseUrl, requestsPerSecond: 8 });
    // Jitter: every third request is delayed by 20..200 ms before the limiter sees it.
    for (let i = 0; i < 20; i++) {
      await fast.fault({ path: "/v2/trackings/getuserinfo", count: 1, fault: { kind: "delay", ms: 20 + ((i * 37) % 180) } });
      await fast.fault({ path: "/v2/trackings/getuserinfo", count: 2, fault: { kind: "delay", ms: 0 } });
    }
    for (let i = 0; i < 30; i++) await c.userInfo();
    const all = await Promise.all(Array.from({ length: 30 }, () => c.userInfo()));
    assert.equal(all.length, 30);
    assert.equal((await fast.control("GET", "stats")).data.rate_limited, 0);
  } finally {
    await fast.stop();
  }
});

test("no request leaves sooner than 1/R after the previous answer, to a fraction of a millisecond", async () => {
  // The limiter's tolerance hides an early send of a millisecond; timing each request where it
  // leaves and where its answer is handed back does not (a whole-millisecond clock sent up to
  // ~0.6 ms early: it read the answer's time as up to 1 ms earlier than it was).
  const sb2 = await startSandbox(["--no-rate-limit"]);
  try {
    const rate = 25, interval = 1000 / rate;
    const times = [];
    const c = new TrackingMore({ apiKey: "demo-key", baseUrl: sb2.baseUrl, requestsPerSecond: rate, fetch: timedFetch(times) });
    for (let i = 0; i < 25; i++) await c.userInfo();
    await Promise.all(Array.from({ length: 25 }, () => c.userInfo()));
    await c.createTrackings(Array.from({ length: 400 }, (_, i) => ({ tracking_number: `GAP${i}${uniqueNumber("")}`.slice(0, 40), carrier_code: "dhl" })), { concurrency: 2 });
    times.sort((a, b) => a[0] - b[0]);
    assert.equal(times.length, 60);
    const gaps = times.slice(1).map(([sent], i) => sent - times[i][1]);
    const early = gaps.filter((g) => g < interval);
    assert.deepEqual(early.map((g) => g.toFixed(3)), [], `sent sooner than ${interval} ms after the previous answer`);
  } finally {
    await sb2.stop();
  }
});

test("ten bulk imports in a row at R req/s against a limiter at R req/s: none stalls, none trips it", async () => {
  const rate = 10;
  const bulk = await startSandbox(["--rate-limit", String(rate)]);
  try {
    const c = new TrackingMore({ apiKey: "demo-key", baseUrl: bulk.baseUrl, requestsPerSecond: rate });
    const times = [];
    for (let run = 0; run < 10; run++) {
      const inputs = Array.from({ length: 400 }, (_, i) => ({ tracking_number: `BULK${run}X${i}${uniqueNumber("")}`.slice(0, 40), carrier_code: "dhl" }));
      const t0 = Date.now();
      const r = await c.createTrackings(inputs);
      const took = Date.now() - t0;
      assert.equal(r.trackings.length + r.errors.length, 400);
      assert.equal(r.errors.length, 0, JSON.stringify(r.errors.slice(0, 3)));
      times.push(took);
    }
    // 10 chunks at 10 req/s: ~1 s ideal (plus a round trip per chunk); a 429 would cost the
    // 120 s cooldown, and the cascade the issue saw made runs take minutes.
    assert.ok(times.every((t) => t < 2500), `runs took ${times.join(", ")} ms`);
    assert.equal((await bulk.control("GET", "stats")).data.rate_limited, 0);
  } finally {
    await bulk.stop();
  }
});

test("a 429 hold is reported, timed, and re-spaced; maxWaitMs refuses a long wait at once", async () => {
  // Injected 429s on a sandbox without a limiter (sb's real one would add its own).
  const sb = await startLocal();
  const waits = [];
  // Each client its own account (key): clients of one account share its pacer and its holds.
  const w = new TrackingMore({ apiKey: "hold-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, rateLimitCooldownMs: 1500, onWait: (x) => waits.push(x) });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "rate_limit" } });
  const t0 = Date.now();
  assert.ok((await w.userInfo()).email);
  const took = Date.now() - t0;
  assert.ok(took >= 1450 && took < 4000, `waited the 1.5 s cooldown, took ${took}`);
  // The hook tells the wait still ahead when the call goes to sleep: the cooldown less the
  // millisecond or two between the 429's answer and the next pacing step.
  assert.deepEqual(waits.map(({ reason, attempt, code }) => ({ reason, attempt, code })), [{ reason: "rate_limited", attempt: 2, code: "RATE_LIMITED" }]);
  assert.ok(waits[0].ms > 1450 && waits[0].ms <= 1500, `told ${waits[0].ms} ms`);

  // A Worker-style client: the default 120 s cooldown, but no single wait over 2 s.
  const worker = new TrackingMore({ apiKey: "worker-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, maxWaitMs: 2000 });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "rate_limit" } });
  const t1 = Date.now();
  await assert.rejects(worker.userInfo(), (e) => {
    assert.equal(e.code, "RATE_LIMITED");
    // The wait still ahead: the 120 s cooldown less the millisecond or two since the 429.
    assert.ok(e.retryAfterMs > 119000 && e.retryAfterMs <= 120000, `retryAfterMs ${e.retryAfterMs}`);
    return true;
  });
  assert.ok(Date.now() - t1 < 1000, "failed fast instead of sleeping two minutes");
  // Its own pacing queue refuses too: the third of three concurrent calls at 1 req/s would wait 2 s.
  const queue = new TrackingMore({ apiKey: "queue-key", baseUrl: sb.baseUrl, maxWaitMs: 1500 });
  const results = await Promise.allSettled([queue.carriers(), queue.carriers(), queue.carriers()]);
  assert.deepEqual(results.map((r) => r.status), ["fulfilled", "fulfilled", "rejected"]);
  assert.equal(results[2].reason.code, "RATE_LIMITED");
  assert.ok(results[2].reason.retryAfterMs > 1500);
  // A throwing hook never breaks a call.
  const throwing = new TrackingMore({ apiKey: "throwing-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, retryBaseDelayMs: 1, onWait: () => { throw new Error("hook"); } });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "status", status: 502 } });
  assert.ok((await throwing.userInfo()).email);
});

test("webhooks from the sandbox: parseWebhook verifies, bounds freshness and normalises like API answers", async () => {
  const received = [];
  const hooks = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => { body += c; });
    req.on("end", () => { received.push(body); res.end("ok"); });
  });
  await new Promise((r) => hooks.listen(0, "127.0.0.1", r));
  const wh = await startSandbox(["--no-rate-limit", "--webhook-url", `http://127.0.0.1:${hooks.address().port}/hook`]);
  try {
    const c = new TrackingMore({ apiKey: "demo-key", baseUrl: wh.baseUrl, requestsPerSecond: 0 });
    const number = uniqueNumber("WH");
    const created = await c.createTracking({ tracking_number: number, carrier_code: "dhl", customer_email: "" });
    // Webhooks go out when a status changes: move the sandbox's clock on by three days.
    await wh.control("POST", "clock", { advance_secs: 3 * 86400 });
    for (let i = 0; i < 100 && !received.some((b) => b.includes(number)); i++) await new Promise((r) => setTimeout(r, 50));
    const raw = received.find((b) => b.includes(number));
    assert.ok(raw, "the sandbox posted a webhook");
    // Signed with the account's e-mail (the default account's is demo@sandbox.example), at the
    // sandbox's clock: three days ahead, so a freshness bound refuses it.
    const email = "demo@sandbox.example";
    assert.equal(await verifyWebhook(raw, email), true);
    assert.equal(await verifyWebhook(raw, email, { maxAgeSeconds: 300 }), false, "three days in the future");
    assert.equal(await verifyWebhook(raw, email, { maxAgeSeconds: 4 * 86400 }), true);
    const t = await parseWebhook(raw, email, { maxAgeSeconds: 4 * 86400 });
    assert.equal(t.tracking_number, number);
    assert.deepEqual(t.customer_email, [], "normalised like API answers");
    assert.equal(t.order_create_time, created.order_create_time);
    const fromApi = await c.getTracking("dhl", number);
    assert.equal(t.status, fromApi.status);
    assert.deepEqual(fromApi.customer_email, t.customer_email);

    // A stale timeStr (a replay) or one from the future fails with the bound, and passes without it.
    const body = JSON.parse(raw);
    const info = body.verifyInfo ?? body.data.verifyInfo;
    const resign = async (timeStr) => {
      const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(email), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      const sig = Buffer.from(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(timeStr))).toString("hex");
      return { ...body, verifyInfo: { timeStr, signature: sig } };
    };
    const now = Math.floor(Date.now() / 1000);
    assert.equal((await parseWebhook(await resign(String(now)), email, { maxAgeSeconds: 300 })).tracking_number, number);
    const old = await resign(String(now - 3600));
    assert.equal(await verifyWebhook(old, email), true);
    assert.equal(await verifyWebhook(old, email, { maxAgeSeconds: 300 }), false);
    assert.equal(await verifyWebhook(await resign(String(now + 3600)), email, { maxAgeSeconds: 300 }), false);
    const invalid = async (p) => assert.rejects(p, (e) => {
      assert.ok(e instanceof TrackingMoreError);
      assert.equal(e.code, "INVALID_WEBHOOK");
      assert.ok(!e.message.includes(email), e.message);
      return true;
    });
    await invalid(parseWebhook(old, email, { maxAgeSeconds: 300 }));
    await invalid(parseWebhook(raw, "wrong@example.com"));
    await invalid(parseWebhook({ ...body, verifyInfo: { ...info, timeStr: String(Number(info.timeStr) + 1) } }, email));
    for (const bad of ["{not json", "", null, 42, {}, { verifyInfo: info }]) await invalid(parseWebhook(bad, email));
    await assert.rejects(parseWebhook(raw, email, { maxAgeSeconds: -1 }), (e) => e.code === "INVALID_INPUT");
  } finally {
    await wh.stop();
    hooks.close();
  }
});

test("a delete whose first attempt timed out after the server deleted resolves; a plain 4017 still fails", async () => {
  const sb = await startLocal();
  const c = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, timeoutMs: 300, retryBaseDelayMs: 1000 });
  const number = uniqueNumber("DEL");
  await c.createTracking({ tracking_number: number, carrier_code: "dhl" });
  await sb.fault({ path: `/v2/trackings/dhl/${number}`, method: "DELETE", fault: { kind: "delay", ms: 450 } });
  assert.equal(await c.deleteTracking("dhl", number), undefined);
  const reqs = (await sb.requests()).filter((r) => r.method === "DELETE" && r.path.includes(number));
  assert.equal(reqs.length, 2, "the timed-out attempt and the retry (4017)");
  await assert.rejects(c.deleteTracking("dhl", number), (e) => e.code === "TRACKING_NOT_FOUND");
});

test("a Retry-After of more than a day is ignored (it overflowed timers: found by the fuzz test)", async () => {
  const sb = await startLocal();
  const warnings = [];
  const onWarning = (w) => warnings.push(w.name);
  process.on("warning", onWarning);
  const waits = [];
  const c = new TrackingMore({ apiKey: "retry-after-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, rateLimitCooldownMs: 300, onWait: (w) => waits.push(w.ms) });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "rate_limit", retry_after: 4000000000 } });
  const t0 = Date.now();
  assert.ok((await c.userInfo()).email);
  assert.ok(Date.now() - t0 >= 290, "the cooldown applied, not an overflowed timer that fires at once");
  assert.equal(waits.length, 1);
  assert.ok(waits[0] > 250 && waits[0] <= 300, `told ${waits[0]} ms (the cooldown, not 4e9 s)`);
  process.off("warning", onWarning);
  assert.deepEqual(warnings, []);
});

test("onWait and maxWaitMs are checked", () => {
  for (const bad of [{ onWait: 5 }, { maxWaitMs: -1 }, { maxWaitMs: "soon" }]) {
    assert.throws(() => new TrackingMore({ apiKey: "k", ...bad }), (e) => e.code === "INVALID_INPUT");
  }
});

// A sandbox without the limiter, for the pacing-queue check (no other test shares it), with an
// account per client that must pace on its own.
let local;
async function startLocal() {
  const keys = ["demo-key", "hold-key", "worker-key", "queue-key", "throwing-key", "retry-after-key"];
  local ??= await startSandbox(["--no-rate-limit", ...keys.flatMap((k) => ["--api-key", k])]);
  return local;
}
after(() => local && local.stop());

test("a create whose first attempt timed out after the server created it resolves with the tracking", async () => {
  const sb = await startLocal();
  const c = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, timeoutMs: 300, retryBaseDelayMs: 1000 });
  const number = uniqueNumber("SAFE");
  // The server takes 450 ms (and creates it); the client gives up after 300 ms and retries
  // 500-1000 ms later.
  await sb.fault({ path: "/v2/trackings/post", fault: { kind: "delay", ms: 450 } });
  const t = await c.createTracking({ tracking_number: number, carrier_code: "dhl", title: "once" });
  assert.equal(t.tracking_number, number);
  assert.equal(t.title, "once");
  const reqs = (await sb.requests()).filter((r) => r.path.includes(number) || (r.body || "").includes(number));
  assert.deepEqual(reqs.map((r) => r.method), ["POST", "POST", "GET"], "create, retry (4016), then the GET");
  // A 4016 on a first attempt is still an error: the tracking existed before this call.
  await assert.rejects(c.createTracking({ tracking_number: number, carrier_code: "dhl" }), (e) => e.code === "TRACKING_EXISTS");
});
