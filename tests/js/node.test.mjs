// The real package (pkg/node.js → wasm) in real Node, over real HTTP to the real sandbox.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { TrackingMore, TrackingMoreError, verifyWebhook } from "../../pkg/node.js";
import { startSandbox, uniqueNumber } from "./sandbox.mjs";

let sb;
let tm;
before(async () => {
  sb = await startSandbox(["--no-rate-limit", "--seed-demo"]);
  tm = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, realtimeRequestsPerSecond: 0, retryBaseDelayMs: 10, rateLimitCooldownMs: 50 });
});
after(() => sb.stop());

const rejects = async (promise, code, extra = {}) => {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof TrackingMoreError, `not a TrackingMoreError: ${e}`);
    assert.ok(e instanceof Error);
    assert.equal(e.name, "TrackingMoreError");
    assert.equal(e.code, code, e.message);
    for (const [k, v] of Object.entries(extra)) assert.equal(e[k], v, k);
    return true;
  });
};

test("carriers and detectCarrier", async () => {
  const list = await tm.carriers({ lang: "cn" });
  assert.ok(list.length > 600);
  assert.ok(list.some((c) => c.code === "dhl" && c.name === "DHL"));
  const lang = (await sb.requests()).find((r) => r.path === "/v2/carriers");
  assert.equal(lang.headers.lang, "cn");
  assert.deepEqual(await tm.detectCarrier("1Z999AA10123456784"), [{ name: "UPS", code: "ups" }]);
  await rejects(tm.detectCarrier("hello"), "CARRIER_NOT_DETECTED", { metaCode: 4032 });
});

test("create, get, update, changeCarrier, delete", async () => {
  const number = uniqueNumber("LK");
  const created = await tm.createTracking({ tracking_number: number, carrier_code: "china-post", title: "Shoes", order_id: "#7", customer_email: "a@example.com" });
  assert.equal(created.tracking_number, number);
  assert.equal(created.status, "pending");
  assert.deepEqual(created.customer_email, ["a@example.com"], "customer_email is always a list");
  await rejects(tm.createTracking({ tracking_number: number, carrier_code: "china-post" }), "TRACKING_EXISTS", { metaCode: 4016, status: 200, retryable: false });

  const got = await tm.getTracking("china-post", number, { lang: "en" });
  assert.equal(got.order_id, "#7");
  assert.deepEqual(got.sandbox_unknown_field, { kept: true, why: "clients must keep fields they do not know" }, "unknown fields are kept");
  assert.ok(Array.isArray(got.origin_info.trackinfo));

  const updated = await tm.updateTracking("china-post", number, { title: "Boots", status: 4 });
  assert.equal(updated.title, "Boots");
  assert.equal(updated.status, "delivered");

  assert.equal(await tm.changeCarrier("china-post", number, "china-ems"), undefined);
  await rejects(tm.getTracking("china-post", number), "TRACKING_NOT_FOUND", { metaCode: 4031 });
  assert.equal((await tm.getTracking("china-ems", number)).carrier_code, "china-ems");

  assert.equal(await tm.deleteTracking("china-ems", number), undefined);
  await rejects(tm.deleteTracking("china-ems", number), "TRACKING_NOT_FOUND", { metaCode: 4017 });
});

test("odd tracking numbers are percent-encoded and GET/DELETE carry no body", async () => {
  const number = `A B#${uniqueNumber("x")}/?&`;
  await tm.createTracking({ tracking_number: number, carrier_code: "dhl" });
  const got = await tm.getTracking("dhl", number);
  assert.equal(got.tracking_number, number);
  await tm.deleteTracking("dhl", number);
  const reqs = await sb.requests();
  const get = reqs.findLast((r) => r.method === "GET" && r.path.startsWith("/v2/trackings/dhl/"));
  assert.match(get.path, /A%20B%23.*%2F%3F%26$/);
  for (const r of reqs.filter((r) => r.method === "GET" || r.method === "DELETE")) assert.equal(r.body, "");
});

test("realtimeTracking resolves with the first item", async () => {
  const t = await tm.realtimeTracking({ tracking_number: "1Z999AA10123456784", carrier_code: "ups", order: "#1" });
  assert.equal(t.tracking_number, "1Z999AA10123456784");
  assert.ok(t.origin_info && t.destination_info);
});

test("listTrackings decodes the quirks and allTrackings pages through", async () => {
  const page = await tm.listTrackings({ page: 1, limit: 5 });
  assert.equal(typeof page.total, "number");
  assert.ok(page.total >= 32);
  assert.equal(page.items.length, 5);
  for (const t of page.items) assert.ok(Array.isArray(t.customer_email));
  const all = await tm.listTrackings({ limit: 2000 });
  assert.ok(all.items.some((t) => t.order_create_time === null), "0 and null become null");
  assert.ok(all.items.some((t) => typeof t.order_create_time === "string"));
  const delivered = await tm.listTrackings({ status: "delivered", limit: 100 });
  assert.ok(delivered.items.every((t) => t.status === "delivered"));
  const orders = await tm.listTrackings({ orders: "#1000,#1001" });
  assert.equal(orders.total, 2, "# is encoded in query values");

  const seen = [];
  for await (const t of tm.allTrackings({ limit: 7 })) seen.push(t.tracking_number);
  assert.equal(seen.length, all.total);
  assert.equal(new Set(seen).size, seen.length);
  let n = 0;
  for await (const _ of tm.allTrackings({ limit: 3 })) if (++n === 4) break;
  assert.equal(n, 4);
});

test("createTrackings chunks by 40 and accounts for every input", async () => {
  const existing = uniqueNumber("EX");
  await tm.createTracking({ tracking_number: existing, carrier_code: "dhl" });
  const inputs = Array.from({ length: 95 }, (_, i) => ({ tracking_number: `${uniqueNumber("B")}${i}`, carrier_code: "dhl" }));
  inputs[10] = { tracking_number: existing, carrier_code: "dhl" };
  inputs[50] = { tracking_number: `${uniqueNumber("B")}X`, carrier_code: "not-a-carrier" };
  const progress = [];
  const r = await tm.createTrackings(inputs, { onProgress: (p) => progress.push(p), concurrency: 2 });
  assert.equal(r.submitted, 95);
  assert.equal(r.added, 93);
  assert.equal(r.trackings.length + r.errors.length, 95);
  const exists = r.errors.find((e) => e.tracking_number === existing);
  assert.deepEqual({ code: exists.code, metaCode: exists.metaCode }, { code: "TRACKING_EXISTS", metaCode: 4016 });
  assert.equal(r.errors.find((e) => e.carrier_code === "not-a-carrier").code, "BAD_REQUEST");
  assert.equal(progress.length, 3);
  assert.deepEqual(progress.at(-1), { done: 95, total: 95, added: 93, failed: 2 });
  const sizes = (await sb.requests()).filter((r) => r.path === "/v2/trackings/batch").slice(-3).map((r) => JSON.parse(r.body).length).sort();
  assert.deepEqual(sizes, [15, 40, 40]);
});

test("a chunk that fails as a whole still accounts for its inputs", async () => {
  await sb.fault({ path: "/v2/trackings/batch", count: 3, fault: { kind: "status", status: 503 } });
  const inputs = Array.from({ length: 45 }, (_, i) => ({ tracking_number: `${uniqueNumber("F")}${i}`, carrier_code: "dhl" }));
  const r = await tm.createTrackings(inputs, { concurrency: 1 });
  assert.equal(r.trackings.length + r.errors.length, 45);
  assert.equal(r.errors.length, 40);
  assert.ok(r.errors.every((e) => e.code === "SERVER_ERROR"));
});

test("a batch aborted mid-way, or stopped by a fatal error, still accounts for every input", async () => {
  const paced = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 10 });
  const make = (p, n) => Array.from({ length: n }, (_, i) => ({ tracking_number: `${uniqueNumber(p)}${i}`, carrier_code: "dhl" }));
  const before = (await sb.requests()).filter((r) => r.path === "/v2/trackings/batch").length;
  const ac = new AbortController();
  const progress = [];
  const r = await paced.createTrackings(make("AB", 200), {
    signal: ac.signal,
    concurrency: 2,
    onProgress: (p) => { progress.push(p); if (p.done === 40) ac.abort(); },
  });
  assert.equal(r.trackings.length + r.errors.length, 200, "every input once");
  assert.equal(new Set([...r.trackings, ...r.errors].map((t) => t.tracking_number)).size, 200);
  assert.ok(r.errors.some((e) => e.code === "ABORTED"));
  const sent = (await sb.requests()).filter((r) => r.path === "/v2/trackings/batch").length - before;
  assert.ok(sent <= 2, `chunks after the abort were not sent (sent ${sent})`);
  assert.deepEqual(progress.at(-1).done, 200, "progress reaches the total");

  await sb.fault({ path: "/v2/trackings/batch", count: 1, fault: { kind: "meta", code: 4001 } });
  const u = await tm.createTrackings(make("UN", 120), { concurrency: 1 });
  assert.equal(u.errors.length, 120, "an invalid key stops the rest: their inputs carry that error");
  assert.ok(u.errors.every((e) => e.code === "UNAUTHORIZED"));
  paced.free();
});

// The wasm holds clients and calls by number; a running call is taken out of its list while it
// steps and put back after. A hook runs inside a step: calls it starts there (on the same client,
// on another, or freeing the client) find the list whole, and the outer call still finishes.
test("hooks that call the client, or free it, while a call is stepping", async () => {
  const c = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0 });
  const other = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0 });
  const inner = [];
  const inputs = Array.from({ length: 81 }, (_, i) => ({ tracking_number: `${uniqueNumber("RE")}${i}`, carrier_code: "dhl" }));
  const r = await c.createTrackings(inputs, {
    concurrency: 2,
    onProgress: (p) => {
      inner.push(c.userInfo(), other.getTracking("dhl", inputs[0].tracking_number).catch((e) => e.code));
      if (p.done === p.total) c.free();
    },
  });
  assert.equal(r.trackings.length + r.errors.length, 81);
  assert.equal(r.added, 81);
  const got = await Promise.all(inner);
  assert.equal(got.length, 6);
  assert.ok(got.filter((_, i) => i % 2 === 0).every((u) => typeof u === "object" && u !== null), "userInfo from inside the hook");
  assert.throws(() => c.userInfo(), /freed/, "freed from inside the hook");
  other.free();
});

test("updateTrackings, stopUpdating, deleteTrackings merge their chunks", async () => {
  const refs = Array.from({ length: 45 }, (_, i) => ({ tracking_number: `${uniqueNumber("U")}${i}`, carrier_code: "dhl" }));
  await tm.createTrackings(refs);
  const up = await tm.updateTrackings([...refs.map((r) => ({ ...r, title: "t", status: 7 })), { tracking_number: "NOPE0000", carrier_code: "dhl", title: "x" }]);
  assert.equal(up.submitted, 46);
  assert.equal(up.updated, 45, "counters are summed over chunks");
  assert.equal(up.errors[0].code, "TRACKING_NOT_FOUND");
  assert.equal(up.errors[0].metaCode, 4017);
  const st = await tm.stopUpdating(refs.slice(0, 3));
  assert.equal(st.change, 3);
  const del = await tm.deleteTrackings(refs);
  assert.equal(del.delete, 45);
  assert.equal(del.trackings.length, 45);
});

test("userInfo, statusCounts, checkRemote, transitTimes, airCargo", async () => {
  const u = await tm.userInfo();
  assert.equal(typeof u.phone, "string", "phone is a string even when the API sends a number");
  assert.equal(typeof u.track_number, "number");
  const c = await tm.statusCounts({ created_at_min: 0 });
  for (const k of ["pending", "notfound", "transit", "pickup", "delivered", "undelivered", "exception", "expired"]) assert.equal(typeof c[k], "number");
  const r = await tm.checkRemote([{ country: "Japan", postcode: "7621094" }, { country: "US", postcode: "10001" }]);
  assert.equal(r.submitted, 2);
  assert.ok(r.remote.length >= 1);
  const tt = await tm.transitTimes([{ carrier_code: "dhl", original: "CN", destination: "US" }]);
  assert.equal(tt[0].carrier_code, "dhl");
  const air = await tm.airCargo(["172-28891936"]);
  assert.equal(air[0].track_number, "172-28891936");
});

test("bad input is rejected before any request", async () => {
  const before = (await sb.requests()).length;
  const cases = [
    () => tm.getTracking("dhl", ""),
    () => tm.getTracking("dhl", "   "),
    () => tm.getTracking("dhl", "x".repeat(101)),
    () => tm.getTracking("dhl", "a\nb"),
    () => tm.getTracking("dhl", ".."),
    () => tm.getTracking("DHL", "123456"),
    () => tm.getTracking("", "123456"),
    () => tm.getTracking("d/h", "123456"),
    () => tm.createTracking({ carrier_code: "dhl" }),
    () => tm.createTracking({ tracking_number: "123456" }),
    () => tm.createTrackings([]),
    () => tm.createTrackings([{ tracking_number: "1", carrier_code: "dhl" }, { tracking_number: "2" }]),
    () => tm.updateTrackings([]),
    () => tm.deleteTrackings([]),
    () => tm.stopUpdating([]),
    () => tm.listTrackings({ limit: 0 }),
    () => tm.listTrackings({ limit: 2001 }),
    () => tm.listTrackings({ page: 0 }),
    () => tm.listTrackings({ numbers: Array.from({ length: 41 }, (_, i) => `N${i}`).join(",") }),
    () => tm.listTrackings({ orders: Array.from({ length: 41 }, (_, i) => `#${i}`).join(",") }),
    () => tm.updateTracking("dhl", "123456", { status: 5 }),
    () => tm.updateTrackings([{ tracking_number: "123456", carrier_code: "dhl", status: "3" }]),
  ];
  for (const c of cases) await rejects(c(), "INVALID_INPUT");
  assert.throws(() => tm.allTrackings({ limit: 5000 }), (e) => e instanceof TrackingMoreError && e.code === "INVALID_INPUT");
  assert.equal((await sb.requests()).length, before, "no request was sent");
});

test("constructor options are checked", () => {
  const bad = [{}, { apiKey: "" }, { apiKey: 5 }, { apiKey: "sk live" }, { apiKey: "sk-ü" }, { apiKey: "k", timeoutMs: -1 }, { apiKey: "k", maxRetries: 1.5 }, { apiKey: "k", fetch: "no" }, { apiKey: "k", headers: { "Trackingmore-Api-Key": "x" } }];
  for (const o of bad) assert.throws(() => new TrackingMore(o), (e) => e instanceof TrackingMoreError && e.code === "INVALID_INPUT", JSON.stringify(o));
  assert.ok(new TrackingMore({ baseUrl: sb.baseUrl }), "proxy mode: baseUrl without a key");
});

test("proxy mode sends no key; extra headers are sent", async () => {
  const proxy = new TrackingMore({ baseUrl: sb.baseUrl, requestsPerSecond: 0, headers: { "X-Shop": "42" } });
  await rejects(proxy.userInfo(), "UNAUTHORIZED", { metaCode: 401 });
  const r = (await sb.requests()).at(-1);
  assert.equal(r.headers["trackingmore-api-key"], undefined);
  assert.equal(r.headers["x-shop"], "42");
});

test("API errors map to codes whatever the HTTP status", async () => {
  const wrongKey = new TrackingMore({ apiKey: "wrong-secret-key", baseUrl: sb.baseUrl, requestsPerSecond: 0 });
  await rejects(wrongKey.userInfo(), "UNAUTHORIZED", { metaCode: 4001 });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "meta", code: 4021 } });
  await rejects(tm.userInfo(), "QUOTA_EXCEEDED", { metaCode: 4021 });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "non_json" } });
  await rejects(tm.userInfo(), "DECODE", { retryable: false });
});

test("retries: 5xx then success; spent retries give SERVER_ERROR", async () => {
  await sb.fault({ path: "/v2/trackings/getuserinfo", count: 2, fault: { kind: "status", status: 502 } });
  assert.ok((await tm.userInfo()).email, "two failures, then the third attempt succeeds");
  await sb.fault({ path: "/v2/trackings/getuserinfo", count: 3, fault: { kind: "status", status: 503 } });
  await rejects(tm.userInfo(), "SERVER_ERROR", { status: 503, retryable: true });
  const noRetry = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, maxRetries: 0 });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "status", status: 500 } });
  await rejects(noRetry.userInfo(), "SERVER_ERROR");
  assert.ok((await noRetry.userInfo()).email);
});

test("429: Retry-After is honoured; without it the cooldown applies", async () => {
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "rate_limit", retry_after: 1 } });
  const t0 = Date.now();
  assert.ok((await tm.userInfo()).email);
  assert.ok(Date.now() - t0 >= 950, "waited for Retry-After: 1");
  await sb.fault({ path: "/v2/trackings/getuserinfo", count: 3, fault: { kind: "rate_limit" } });
  await rejects(tm.userInfo(), "RATE_LIMITED", { metaCode: 429, status: 429 });
});

test("network faults: reset and truncated bodies are retried, then NETWORK", async () => {
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "reset" } });
  assert.ok((await tm.userInfo()).email);
  await sb.fault({ path: "/v2/trackings/getuserinfo", count: 3, fault: { kind: "truncate" } });
  await rejects(tm.userInfo(), "NETWORK", { retryable: true });
  const dead = new TrackingMore({ apiKey: "k", baseUrl: "http://127.0.0.1:9/v2", requestsPerSecond: 0, maxRetries: 1, retryBaseDelayMs: 1 });
  await rejects(dead.userInfo(), "NETWORK");
});

test("timeout per attempt, and caller abort", async () => {
  const quick = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0, timeoutMs: 200, maxRetries: 1, retryBaseDelayMs: 1 });
  await sb.fault({ path: "/v2/trackings/getuserinfo", count: 2, fault: { kind: "delay", ms: 1000 } });
  await rejects(quick.userInfo(), "TIMEOUT", { retryable: true });
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "delay", ms: 1000 } });
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await rejects(tm.userInfo({ signal: ac.signal }), "ABORTED", { retryable: false });
  await rejects(tm.userInfo({ signal: AbortSignal.abort() }), "ABORTED");
  await sb.control("DELETE", "faults");
});

test("large bodies decode", async () => {
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "large", bytes: 5_000_000 } });
  const d = await tm.userInfo();
  assert.equal(d.padding.length, 5_000_000);
});

test("the API key never appears in errors", async () => {
  const secret = "sk-live-VERY-SECRET-123";
  const c = new TrackingMore({ apiKey: secret, baseUrl: sb.baseUrl, requestsPerSecond: 0, maxRetries: 0 });
  const errors = [];
  for (const call of [() => c.userInfo(), () => c.getTracking("dhl", "x\u0000"), () => new TrackingMore({ apiKey: secret, timeoutMs: -5 })]) {
    try { await call(); } catch (e) { errors.push(e); }
  }
  await sb.fault({ path: "/v2", fault: { kind: "status", status: 500 } });
  try { await c.userInfo(); } catch (e) { errors.push(e); }
  assert.equal(errors.length, 4);
  for (const e of errors) {
    const all = JSON.stringify({ ...e, message: e.message, stack: e.stack }) + String(e);
    assert.ok(!all.includes(secret), all);
  }
});

test("pacing: requestsPerSecond spaces requests", async () => {
  const paced = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 5 });
  const t0 = Date.now();
  await Promise.all([paced.userInfo(), paced.userInfo(), paced.userInfo(), paced.userInfo()]);
  assert.ok(Date.now() - t0 >= 580, `4 calls at 5/s take >= 600 ms, took ${Date.now() - t0}`);
});

test("verifyWebhook", async () => {
  const email = "shop@example.com";
  const timeStr = "1488249109";
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(email), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const sig = Buffer.from(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(timeStr))).toString("hex");
  const body = { meta: { code: 200 }, data: { tracking_number: "1" }, verifyInfo: { timeStr: Number(timeStr), signature: sig } };
  assert.equal(await verifyWebhook(body, email), true);
  assert.equal(await verifyWebhook(JSON.stringify(body), email), true);
  assert.equal(await verifyWebhook({ data: { verifyInfo: { timeStr, signature: sig } } }, email), true, "inside data");
  assert.equal(await verifyWebhook(body, "other@example.com"), false);
  assert.equal(await verifyWebhook(body, ""), false, "no account e-mail");
  assert.equal(await verifyWebhook({ verifyInfo: { timeStr, signature: sig.toUpperCase() } }, email), true, "hex in either case");
  assert.equal(await verifyWebhook({ verifyInfo: { timeStr, signature: "zz" + sig.slice(2) } }, email), false, "not hex");
  assert.equal(await verifyWebhook({ ...body, verifyInfo: { timeStr, signature: sig.replace(/.$/, "0") } }, email), false);
  for (const bad of ["{not json", "", null, 42, {}, { verifyInfo: {} }, { verifyInfo: { timeStr: {}, signature: sig } }]) {
    assert.equal(await verifyWebhook(bad, email), false);
  }
});

test("the class: methods on the prototype, free() releases the wasm core", async () => {
  const client = new TrackingMore({ apiKey: "k", baseUrl: "http://127.0.0.1:9/v2" });
  for (const name of ["carriers", "getTracking", "createTrackings", "allTrackings", "airCargo", "free"]) {
    assert.equal(typeof TrackingMore.prototype[name], "function", name);
  }
  assert.deepEqual(Object.keys(client), [], "no enumerable state: the key lives in the wasm");
  assert.equal(TrackingMore.prototype.getTracking.name, "getTracking");
  client.free();
  assert.throws(() => client.userInfo(), TypeError);
  client.free();
});

