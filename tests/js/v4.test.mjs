// TrackingMoreV4: the real package in real Node, over real HTTP to the real sandbox's /v4.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { TrackingMore, TrackingMoreV4, TrackingMoreError, verifyWebhookV4, parseWebhookV4 } from "../../pkg/node.js";
import { startSandbox, uniqueNumber } from "./sandbox.mjs";

let sb;
let tm;
const fast = { retryBaseDelayMs: 10, rateLimitCooldownMs: 50, requestsPerSecond: 0, createRequestsPerSecond: 0 };
before(async () => {
  sb = await startSandbox(["--no-rate-limit", "--seed-demo"]);
  tm = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, ...fast });
});
after(() => sb.stop());

const rejects = async (promise, code, extra = {}) => {
  await assert.rejects(promise, (e) => {
    assert.ok(e instanceof TrackingMoreError, `not a TrackingMoreError: ${e}`);
    assert.equal(e.code, code, e.message);
    for (const [k, v] of Object.entries(extra)) assert.equal(e[k], v, k);
    return true;
  });
};
const v4Requests = async () => (await sb.requests()).filter((r) => r.path.startsWith("/v4"));

test("couriers and detectCourier, with the v4 key header", async () => {
  const list = await tm.couriers();
  assert.ok(list.length > 600);
  assert.ok(list.some((c) => c.courier_code === "dhl" && c.courier_name === "DHL"));
  const detected = await tm.detectCourier("1Z999AA10123456784");
  assert.equal(detected[0].courier_code, "ups");
  await rejects(tm.detectCourier("hello"), "CARRIER_NOT_DETECTED", { metaCode: 4121, status: 400 });
  const sent = (await v4Requests()).find((r) => r.path === "/v4/couriers/all");
  assert.equal(sent.headers["tracking-api-key"], "[redacted]", "the key goes in Tracking-Api-Key");
  assert.equal(sent.headers["trackingmore-api-key"], undefined);
});

test("create, get, update, retrack, delete by id", async () => {
  const number = uniqueNumber("LK");
  const created = await tm.createTracking({ tracking_number: number, courier_code: "china-post", order_number: "#7", note: "gift" });
  assert.match(created.id, /^[0-9a-f]{32}$/);
  assert.equal(created.courier_code, "china-post");
  assert.equal(created.archived, "tracking");
  assert.equal(created.note, "gift");
  const got = await tm.getTracking("china-post", number);
  assert.equal(got.id, created.id);
  const get = (await v4Requests()).findLast((r) => r.path === "/v4/trackings/get");
  assert.equal(get.query, `tracking_numbers=${number}&courier_code=china-post`);
  await rejects(tm.getTracking("dhl", number), "TRACKING_NOT_FOUND", { metaCode: undefined });
  await rejects(tm.createTracking({ tracking_number: number, courier_code: "china-post" }), "TRACKING_EXISTS", { metaCode: 4101, status: 400 });
  const updated = await tm.updateTracking(created.id, { title: "Shoes", archived_status: "archived", courier_code_new: "ups" });
  assert.equal(updated.title, "Shoes");
  assert.equal(updated.archived_status, "archived");
  assert.equal(updated.courier_code, "ups");
  await rejects(tm.retrack(created.id), "BAD_REQUEST", { metaCode: 4113 });
  const deleted = await tm.deleteTracking(created.id);
  assert.equal(deleted.id, created.id);
  await rejects(tm.deleteTracking(created.id), "TRACKING_NOT_FOUND", { metaCode: 4112 });
  await rejects(tm.updateTracking(created.id, { note: "x" }), "TRACKING_NOT_FOUND", { metaCode: 4112 });
});

test("listTrackings and allTrackings page through bare arrays", async () => {
  const page = await tm.listTrackings({ items_amount: 3, pages_amount: 1 });
  assert.ok(Array.isArray(page) && page.length === 3);
  const since = new Date(Date.now() - 400 * 86_400_000);
  const all = [];
  for await (const t of tm.allTrackings({ items_amount: 7, created_date_min: since })) all.push(t.id);
  assert.ok(all.length > 7, `${all.length} trackings`);
  assert.equal(new Set(all).size, all.length, "no tracking twice");
  const sent = (await v4Requests()).filter((r) => r.path === "/v4/trackings/get" && r.query?.includes("items_amount=7"));
  assert.ok(sent.length >= 2);
  assert.match(sent[0].query, /created_date_min=\d{4}-\d\d-\d\dT\d\d%3A\d\d%3A\d\d\.\d{3}Z/, "a Date is sent as ISO text, encoded");
});

test("createTrackings accounts for every input across chunks, faults and refusals", async () => {
  const inputs = Array.from({ length: 95 }, (_, i) => ({ tracking_number: uniqueNumber(`B${i}X`), courier_code: "dhl" }));
  inputs[5].courier_code = "no-such-courier";
  const dup = uniqueNumber("DUP");
  await tm.createTracking({ tracking_number: dup, courier_code: "dhl" });
  inputs[10] = { tracking_number: dup, courier_code: "dhl" };
  await sb.fault({ path: "/v4/trackings/batch", every: 2, count: 1, fault: { kind: "meta", code: 4190 } });
  const progress = [];
  const r = await tm.createTrackings(inputs, { onProgress: (p) => progress.push(p), concurrency: 1 });
  assert.equal(r.submitted, 95);
  assert.equal(r.added, r.trackings.length);
  assert.equal(r.trackings.length + r.errors.length, 95, "every input exactly once");
  const bad = r.errors.find((e) => e.tracking_number === inputs[5].tracking_number);
  assert.deepEqual([bad.code, bad.metaCode, bad.courier_code], ["BAD_REQUEST", 4120, "no-such-courier"]);
  assert.equal(r.errors.find((e) => e.tracking_number === dup).code, "TRACKING_EXISTS");
  const quota = r.errors.filter((e) => e.metaCode === 4190);
  // The chunk answered 4190 as a whole, and a batch stops at an exhausted quota: each item of
  // that chunk and of the chunks after it is in `errors` with the cause.
  assert.deepEqual(quota.map((e) => inputs.findIndex((x) => x.tracking_number === e.tracking_number)), Array.from({ length: 55 }, (_, i) => 40 + i));
  assert.ok(r.trackings.every((t) => /^[0-9a-f]{32}$/.test(t.id) && t.courier_code === "dhl"));
  assert.equal(progress.at(-1).done, 95);
  await rejects(tm.createTrackings([{ tracking_number: "X1", carrier_code: "dhl" }]), "INVALID_INPUT");
});

test("a retried create answered 4101 resolves with the tracking; a retried delete answered 4112 is done", async () => {
  const number = uniqueNumber("RT");
  const slow = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, ...fast, timeoutMs: 300, retryBaseDelayMs: 800 });
  await sb.fault({ path: "/v4/trackings/create", count: 1, fault: { kind: "delay", ms: 600 } });
  const t = await slow.createTracking({ tracking_number: number, courier_code: "dhl" });
  assert.equal(t.tracking_number, number);
  assert.match(t.id, /^[0-9a-f]{32}$/);
  await sb.fault({ path: "/v4/trackings/delete", count: 1, fault: { kind: "delay", ms: 600 } });
  assert.deepEqual(await slow.deleteTracking(t.id), { id: t.id });
});

test("bad input is INVALID_INPUT before any request", async () => {
  const before = (await v4Requests()).length;
  await rejects(tm.updateTracking("ABC", {}), "INVALID_INPUT");
  await rejects(tm.deleteTracking("../../get123"), "INVALID_INPUT");
  await rejects(tm.retrack(42), "INVALID_INPUT");
  await rejects(tm.airWaybill("235-6903043"), "INVALID_INPUT");
  await rejects(tm.createTracking({ tracking_number: "X1" }), "INVALID_INPUT");
  await rejects(tm.listTrackings({ items_amount: 0 }), "INVALID_INPUT");
  await rejects(tm.listTrackings({ pages_amount: 0 }), "INVALID_INPUT");
  await rejects(tm.listTrackings({ created_date_min: "2024-01-01" }), "INVALID_INPUT");
  await rejects(tm.listTrackings({ tracking_numbers: Array.from({ length: 41 }, (_, i) => `N${i}`).join(",") }), "INVALID_INPUT");
  await rejects(tm.createTrackings([]), "INVALID_INPUT");
  assert.throws(() => tm.allTrackings({ items_amount: 5000 }), TrackingMoreError);
  assert.throws(() => new TrackingMoreV4({ apiKey: "k123", realtimeRequestsPerSecond: 1 }), /v2 option/);
  assert.throws(() => new TrackingMore({ apiKey: "k123", createRequestsPerSecond: 1 }), /v4 option/);
  assert.equal((await v4Requests()).length, before, "nothing was sent");
});

test("airWaybill", async () => {
  const awb = await tm.airWaybill("020-12345675");
  assert.equal(awb.awb_number, "020-12345675");
  assert.ok(Object.keys(awb.flight_info).length === 1);
  await rejects(tm.airWaybill("235-69030430"), "BAD_REQUEST", { metaCode: 4161 });
});

test("faults: 5xx retried, garbage is DECODE, 429 holds, the key never leaks", async () => {
  await sb.fault({ path: "/v4/couriers/all", count: 2, fault: { kind: "status", status: 503 } });
  assert.ok((await tm.couriers()).length > 600);
  await sb.fault({ path: "/v4/couriers/all", fault: { kind: "non_json" } });
  await rejects(tm.couriers(), "DECODE");
  await sb.fault({ path: "/v4/couriers/all", count: 3, fault: { kind: "meta", code: 512, message: "boom {key}" } });
  await assert.rejects(tm.couriers(), (e) => e.code === "SERVER_ERROR" && e.status === 500 && !e.message.includes("demo-key") && e.message.includes("[redacted]"));
  const waits = [];
  const held = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, ...fast, rateLimitCooldownMs: 120, onWait: (w) => waits.push(w) });
  await sb.fault({ path: "/v4/awb", count: 1, fault: { kind: "rate_limit" } });
  assert.equal((await held.airWaybill("020-12345675")).awb_number, "020-12345675");
  assert.ok(waits.some((w) => w.reason === "rate_limited" && w.code === "RATE_LIMITED"));
  assert.ok((await tm.couriers()).length > 600, "the instance survives");
});

test("the sandbox's own limiter: no 429 with the default pacing, each endpoint on its lane", async () => {
  const limited = await startSandbox(["--seed-demo"]);
  try {
    const c = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${limited.origin}/v4` });
    const creates = Array.from({ length: 6 }, () => c.createTracking({ tracking_number: uniqueNumber("PC"), courier_code: "dhl" }));
    const gets = Array.from({ length: 15 }, () => c.listTrackings({ items_amount: 1 }));
    await Promise.all([...creates, ...gets]);
    const stats = await limited.control("GET", "stats");
    assert.equal(stats.data.rate_limited, 0, JSON.stringify(stats.data));
  } finally {
    await limited.stop();
  }
});

test("v4 webhooks: the sandbox's signature verifies; tampering, staleness and the wrong secret do not", async () => {
  const secret = "2e55b9a3-4dd1-4416-9897-c4bd1e3d738f";
  const sample = (await sb.control("GET", "webhook-v4")).data;
  const t = await parseWebhookV4({ body: sample.body, headers: sample.headers }, secret);
  assert.match(t.id, /^[0-9a-f]{32}$/);
  const req = new Request("http://127.0.0.1/hook", { method: "POST", body: sample.body, headers: sample.headers });
  assert.equal(await verifyWebhookV4(req, secret), true);
  assert.equal(await verifyWebhookV4({ body: sample.body, headers: sample.headers }, "wrong"), false);
  const stale = String(Math.floor(Date.now() / 1000) - 3600);
  const staleSig = createHmac("sha256", secret).update(stale).digest("hex");
  assert.equal(await verifyWebhookV4({ body: sample.body, headers: { timestamp: stale, signature: staleSig } }, secret), false);
  assert.equal(await verifyWebhookV4({ body: sample.body, headers: { timestamp: stale, signature: staleSig } }, secret, { maxAgeSeconds: Infinity }), true);
  // Over the body, base64, with the X-TrackingMore- names: verified, and a changed body is not.
  const now = String(Math.floor(Date.now() / 1000));
  const b64 = createHmac("sha256", secret).update(sample.body).digest("base64");
  const headers = { "X-TrackingMore-Signature": b64, "X-TrackingMore-Timestamp": now };
  assert.equal(await verifyWebhookV4({ body: sample.body, headers }, secret), true);
  assert.equal(await verifyWebhookV4({ body: sample.body.replace('"', '" '), headers }, secret), false);
  await rejects(parseWebhookV4({ body: "[]", headers: sample.headers }, secret), "INVALID_WEBHOOK");
});

test("garbage answers to every method: a typed error or a result, never a broken instance", async () => {
  const bodies = ["", "null", "[]", "{}", '{"meta":{"code":"x"}}', '{"meta":{"code":200},"data":"text"}', '{"meta":{"code":200},"data":[1,null,"a"]}',
    '{"meta":{"code":200},"data":{"success":"no","error":7}}', "<html>502</html>", '{"meta":{"code":4101},"data":{"id":5}}', "\u0000\u0001", '{"meta":'];
  let i = 0;
  const fetch = async () => new Response(bodies[i++ % bodies.length], { status: [200, 400, 500, 429][i % 4] });
  const g = new TrackingMoreV4({ apiKey: "k123", baseUrl: "http://127.0.0.1:9/v4", fetch, maxRetries: 1, retryBaseDelayMs: 0, rateLimitCooldownMs: 0, requestsPerSecond: 0, createRequestsPerSecond: 0 });
  const id = "9a1d3844a50f3851e76e3ee347881588";
  const calls = () => [g.couriers(), g.detectCourier("RN1"), g.createTracking({ tracking_number: "RN1", courier_code: "dhl" }), g.getTracking("dhl", "RN1"),
    g.listTrackings(), g.createTrackings([{ tracking_number: "RN1", courier_code: "dhl" }, { tracking_number: "RN2", courier_code: "dhl" }]),
    g.updateTracking(id, { note: "n" }), g.deleteTracking(id), g.retrack(id), g.airWaybill("020-12345675")];
  for (let round = 0; round < 12; round++) {
    for (const r of await Promise.allSettled(calls())) {
      if (r.status === "rejected") assert.ok(r.reason instanceof TrackingMoreError, String(r.reason));
      else if (r.value && Array.isArray(r.value.errors)) assert.equal(r.value.trackings.length + r.value.errors.length, 2, "no item lost");
    }
  }
  const ok = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, ...fast });
  assert.ok((await ok.couriers()).length > 600, "the wasm instance still works");
});
