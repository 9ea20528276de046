// The Worker's v4 side, end to end: the real Worker (worker/) in workerd via wrangler dev, in
// front of the real sandbox's /v4 with its real per-endpoint limiter; TrackingMoreV4 in proxy
// mode against it, as a shop page would use it. The key is a distinctive string that no response
// may contain.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { TrackingMoreV4, TrackingMoreError } from "../../pkg/node.js";
import { startSandbox, uniqueNumber } from "./sandbox.mjs";
import { freePort, startWorker } from "./worker.mjs";

const KEY = "sk_live_V4EDGE-k3y+9";
const ADMIN = "admin-token-for-v4-tests";
const SECRET = "5d0c9d3e-webhook-secret-for-tests";

let sb, wk;
const seen = []; // every response text and header block the tests got from the Worker
before(async () => {
  const port = await freePort();
  sb = await startSandbox(["--seed-demo", "--api-key", `${KEY}=ops@shop.example`,
    "--webhook-v4-url", `http://127.0.0.1:${port}/webhook/v4`, "--webhook-secret", SECRET]);
  wk = await startWorker({
    port,
    vars: {
      TRACKINGMORE_BASE_URL: sb.baseUrl,
      TRACKINGMORE_API_KEY: KEY,
      ADMIN_TOKEN: ADMIN,
      WEBHOOK_SECRET: SECRET,
      // The sandbox signs webhooks with its clock, which the webhook test moves on.
      WEBHOOK_MAX_AGE_SECONDS: String(10 * 86400),
    },
  });
});
after(async () => {
  await wk?.stop();
  await sb?.stop();
});

let ipCounter = 0;
const newIp = () => `10.4.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;
async function call(path, { method = "GET", headers = {}, body, ip = newIp() } = {}) {
  const r = await fetch(wk.origin + path, { method, headers: { "CF-Connecting-IP": ip, ...headers }, body });
  const text = await r.text();
  seen.push(text, JSON.stringify([...r.headers]));
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, text, json };
}
// What a shop page runs: the package in proxy mode, no key. (Each client a visitor of its own.)
const shopper = () => {
  const ip = newIp();
  return new TrackingMoreV4({ baseUrl: `${wk.origin}/v4`, headers: { "CF-Connecting-IP": ip }, maxRetries: 0 });
};
const operator = () => new TrackingMoreV4({ baseUrl: `${wk.origin}/v4`, headers: { Authorization: `Bearer ${ADMIN}` } });
const upstream = async (path) => (await sb.requests()).filter((r) => r.path.startsWith(path));

test("shopper scope: couriers, a detection, one tracking (trimmed); everything else 403", async () => {
  const tm = shopper();
  assert.ok((await tm.couriers()).some((c) => c.courier_code === "dhl"));
  assert.equal((await tm.detectCourier("1Z999AA10123456784"))[0].courier_code, "ups");
  const [seeded] = await operator().listTrackings({ items_amount: 1 });
  const t = await tm.getTracking(seeded.courier_code, seeded.tracking_number);
  assert.equal(t.id, seeded.id);
  for (const f of ["customer_name", "customer_email", "customer_sms", "order_number", "order_id"]) assert.ok(!(f in t), `${f} trimmed`);
  for (const path of ["/v4/trackings/get", "/v4/trackings/get?tracking_numbers=A1,B2&courier_code=dhl",
    "/v4/trackings/get?tracking_numbers=A1&courier_code=dhl&items_amount=100", "/v4/awb"]) {
    assert.equal((await call(path)).status, 403, path);
  }
  await assert.rejects(tm.listTrackings(), (e) => e instanceof TrackingMoreError && e.code === "UNAUTHORIZED" && e.status === 403);
  await assert.rejects(tm.deleteTracking(seeded.id), (e) => e.code === "UNAUTHORIZED");
});

test("an unknown number is created on the fly when it can be real; junk never reaches the upstream create", async () => {
  const tm = shopper();
  const number = uniqueNumber("V4NEW");
  const t = await tm.getTracking("dhl", number);
  assert.equal(t.tracking_number, number);
  assert.equal((await upstream("/v4/trackings/create")).filter((r) => r.body.includes(number)).length, 1);
  const again = await call(`/v4/trackings/get?tracking_numbers=${number}&courier_code=dhl`);
  assert.equal(again.headers.get("x-cache"), "HIT");
  assert.deepEqual(again.json.data.map((x) => x.tracking_number), [number], "a list of one, as GET /trackings/get answers");
  const before = (await upstream("/v4/trackings/create")).length;
  for (const junk of ["../../get123", "a b", "RN1", "no-such-courier"]) {
    const courier = junk === "no-such-courier" ? "no-such-courier" : "dhl";
    const n = junk === "no-such-courier" ? uniqueNumber("V4X") : junk;
    await assert.rejects(tm.getTracking(courier, n), (e) => e.code === "TRACKING_NOT_FOUND" || e.code === "INVALID_INPUT", junk);
  }
  const raw = await call(`/v4/trackings/get?tracking_numbers=${encodeURIComponent("../../get123")}&courier_code=dhl`);
  assert.equal(raw.status, 400);
  assert.equal(raw.json.meta.code, 4102);
  assert.equal((await upstream("/v4/trackings/create")).length, before, "no junk was created");
});

test("admin scope: the whole v4 surface with the token; a wrong token is refused", async () => {
  const ops = operator();
  const number = uniqueNumber("V4ADM");
  const created = await ops.createTracking({ tracking_number: number, courier_code: "ups", customer_name: "Ada" });
  assert.equal(created.customer_name, "Ada", "operations see everything");
  const updated = await ops.updateTracking(created.id, { note: "vip" });
  assert.equal(updated.note, "vip");
  const batch = await ops.createTrackings([{ tracking_number: uniqueNumber("V4B"), courier_code: "dhl" }, { tracking_number: number, courier_code: "ups" }]);
  assert.deepEqual([batch.added, batch.errors[0]?.code], [1, "TRACKING_EXISTS"]);
  assert.equal((await ops.deleteTracking(created.id)).id, created.id);
  const sent = (await upstream("/v4/trackings/create")).findLast((r) => r.body.includes(number));
  assert.equal(sent.headers["tracking-api-key"], "[redacted]", "the Worker added the key in v4's header");
  const wrong = new TrackingMoreV4({ baseUrl: `${wk.origin}/v4`, headers: { Authorization: "Bearer nope" } });
  await assert.rejects(wrong.couriers(), (e) => e.code === "UNAUTHORIZED" && e.status === 401);
});

test("a crowd of shoppers: every lookup answered, no upstream 429 from the real limiter", async () => {
  const page = await operator().listTrackings({ items_amount: 30 });
  const before = (await sb.control("GET", "stats")).data.rate_limited;
  const results = await Promise.allSettled(page.map((t) => shopper().getTracking(t.courier_code, t.tracking_number)));
  for (const r of results) {
    if (r.status === "rejected") assert.equal(r.reason.code, "SERVER_ERROR", "only a busy answer (503 with Retry-After) may refuse");
  }
  assert.ok(results.filter((r) => r.status === "fulfilled").length >= 20, "most were answered");
  assert.equal((await sb.control("GET", "stats")).data.rate_limited, before, "no 429 upstream");
});

test("v4 webhooks: signed ones update KV and are served from it; forged ones are refused", async () => {
  const number = uniqueNumber("V4HOOK");
  await operator().createTracking({ tracking_number: number, courier_code: "dhl", customer_sms: "+15550001" });
  await sb.control("POST", "clock", { advance_secs: 2 * 86400 });
  let r;
  for (let i = 0; i < 60; i++) {
    r = await call(`/v4/trackings/get?tracking_numbers=${number}&courier_code=dhl`);
    if (r.headers.get("x-cache") === "WEBHOOK") break;
    await new Promise((res) => setTimeout(res, 250));
  }
  assert.equal(r.headers.get("x-cache"), "WEBHOOK", "served from the webhook's state");
  assert.notEqual(r.json.data[0].delivery_status, "pending");
  assert.ok(!("customer_sms" in r.json.data[0]), "trimmed too");
  const now = String(Math.floor(Date.now() / 1000));
  const body = JSON.stringify({ meta: { code: 200 }, data: { id: "f".repeat(32), tracking_number: "FORGED4", courier_code: "dhl", delivery_status: "delivered" } });
  const forged = await call("/webhook/v4", { method: "POST", body, headers: { timestamp: now, signature: createHmac("sha256", "wrong").update(now).digest("hex") } });
  assert.equal(forged.status, 401);
  const good = await call("/webhook/v4", { method: "POST", body, headers: { timestamp: now, signature: createHmac("sha256", SECRET).update(body).digest("base64") } });
  assert.equal(good.status, 200, "signed over the body, base64: verified too");
});

test("the key appears in no response", () => {
  assert.ok(seen.length > 10);
  for (const s of seen) assert.ok(!s.includes(KEY) && !s.includes(encodeURIComponent(KEY)));
});
