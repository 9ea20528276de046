// The instance survives: thousands of random and malformed answers (through an injected fetch)
// and random inputs to every method, validator, encoder and the webhook functions. Each call must
// resolve or reject with a TrackingMoreError — never another exception: a panic in the wasm traps
// the instance (`RuntimeError: unreachable`), and every later call of it would fail. Afterwards
// the very same client and wasm instance must still serve correct requests from the sandbox.
//
// Seeded and reproducible: FUZZ_SEED=n picks the run, FUZZ_ITERATIONS=n its length (CI: 3000;
// `FUZZ_ITERATIONS=200000 node --test tests/js/fuzz.test.mjs` for a long run). A failure prints
// the seed and the iteration; add it to REGRESSIONS below.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { TrackingMore, TrackingMoreV4, TrackingMoreError, verifyWebhook, parseWebhook, verifyWebhookV4, parseWebhookV4 } from "../../pkg/node.js";
import { startSandbox } from "./sandbox.mjs";

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const ITERATIONS = Number(process.env.FUZZ_ITERATIONS ?? 3000);

// mulberry32: small, seeded, good enough to pick shapes.
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function generators(r) {
  const pick = (a) => a[Math.floor(r() * a.length)];
  const int = (n) => Math.floor(r() * n);
  const strings = ["", " ", "dhl", "DHL", "..", ".", "RN123456789CN", "\u0000", "\n", "é", "😀", "%", "%zz", "a/b", "?&=#", "9".repeat(101), "x".repeat(5000), "null", "0", "-1", "1e309", "+8612345678910", "\\", "\"", "<html>", "[redacted]"];
  const scalar = () => pick([
    () => pick(strings), () => int(10000), () => -int(100), () => r() * 1e20, () => NaN, () => Infinity, () => -0,
    () => Number.MAX_SAFE_INTEGER + 2, () => true, () => false, () => null, () => undefined, () => 2 ** 64, () => "4016",
  ])();
  const value = (depth = 0) => {
    if (depth > 3 || r() < 0.45) return scalar();
    if (r() < 0.5) return Array.from({ length: int(5) }, () => value(depth + 1));
    const o = {};
    const keys = ["tracking_number", "carrier_code", "code", "message", "meta", "data", "items", "trackings", "errors", "total", "page", "limit", "count", "status", "customer_email", "order_create_time", "submitted", "added", "verifyInfo", "timeStr", "signature", "phone", "origin_info", "trackinfo", "__proto__", "constructor", "toString",
      "id", "courier_code", "success", "error", "errorCode", "errorMessage", "delivery_status", "items_amount", "pages_amount", "created_date_min"];
    for (let i = int(6); i > 0; i--) o[pick(keys)] = value(depth + 1);
    return o;
  };
  // A response body: a valid envelope with a random `data`, a broken one, or not JSON at all.
  const body = () => pick([
    () => JSON.stringify({ meta: { code: pick([200, 201, 202, 4016, 4017, 4031, 429, 500, "200", "x", null, 4001, 99999999999, 4101, 4102, 4112, 4190, 511]), message: scalar() }, data: value() }),
    () => JSON.stringify({ meta: value(), data: value() }),
    () => JSON.stringify(value()),
    () => JSON.stringify({ meta: { code: 200 }, data: value() }).slice(0, int(60)),
    () => pick(["", "null", "[]", "{", "<html>oops</html>", "\"phone\":+1", '{"meta":{"code":200},"data":{"phone":+8612345678910}}', "\u0000\u0001", "{\"meta\":{\"code\":200},\"data\":" + "[".repeat(3000) + "]".repeat(3000) + "}"]),
  ])();
  const headers = () => {
    const h = new Headers({ "content-type": pick(["application/json", "text/html", "", "application/json; charset=utf-8"]) });
    if (r() < 0.3) h.set("retry-after", String(pick(["0", "1", "-5", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", "99999999999999", "1e3", ""])));
    return h;
  };
  const status = () => pick([200, 200, 200, 201, 202, 204, 301, 400, 401, 402, 404, 429, 500, 502, 503, 599]);
  return { pick, int, scalar, value, body, headers, status };
}

const METHODS = [
  ["carriers", (g) => [g.pick([undefined, {}, { lang: g.scalar() }, g.value()])]],
  ["detectCarrier", (g) => [g.scalar(), g.value()]],
  ["createTracking", (g) => [g.value(), g.pick([undefined, g.value()])]],
  ["getTracking", (g) => [g.scalar(), g.scalar(), g.pick([undefined, { lang: g.scalar() }, g.value()])]],
  ["updateTracking", (g) => [g.scalar(), g.scalar(), g.value()]],
  ["deleteTracking", (g) => [g.scalar(), g.scalar()]],
  ["realtimeTracking", (g) => [g.value()]],
  ["changeCarrier", (g) => [g.scalar(), g.scalar(), g.scalar()]],
  ["createTrackings", (g) => [g.pick([g.value(), [{ tracking_number: "RN1", carrier_code: "dhl" }], Array.from({ length: 45 }, (_, i) => ({ tracking_number: `F${i}`, carrier_code: "dhl" }))]), g.pick([undefined, { concurrency: g.scalar() }, g.value()])]],
  ["listTrackings", (g) => [g.value()]],
  ["updateTrackings", (g) => [g.pick([g.value(), [{ tracking_number: "RN1", carrier_code: "dhl", status: g.scalar() }]])]],
  ["deleteTrackings", (g) => [g.pick([g.value(), [{ tracking_number: "RN1", carrier_code: "dhl" }]])]],
  ["stopUpdating", (g) => [g.value()]],
  ["userInfo", (g) => [g.pick([undefined, g.value()])]],
  ["statusCounts", (g) => [g.value()]],
  ["checkRemote", (g) => [g.pick([g.value(), [{ country: "DE", postcode: g.scalar() }]])]],
  ["transitTimes", (g) => [g.value()]],
  ["airCargo", (g) => [g.value(), g.pick([undefined, { lang: g.scalar() }])]],
];

const ID = "9a1d3844a50f3851e76e3ee347881588";
const METHODS_V4 = [
  ["couriers", (g) => [g.pick([undefined, g.value()])]],
  ["detectCourier", (g) => [g.scalar(), g.value()]],
  ["createTracking", (g) => [g.pick([g.value(), { tracking_number: "RN1", courier_code: "dhl", note: g.scalar() }])]],
  ["getTracking", (g) => [g.pick(["dhl", g.scalar()]), g.pick(["RN1", g.scalar()]), g.pick([undefined, { lang: g.scalar() }, g.value()])]],
  ["listTrackings", (g) => [g.value()]],
  ["createTrackings", (g) => [g.pick([g.value(), Array.from({ length: 45 }, (_, i) => ({ tracking_number: `F${i}`, courier_code: "dhl" }))]), g.pick([undefined, { concurrency: g.scalar() }, g.value()])]],
  ["updateTracking", (g) => [g.pick([ID, g.scalar()]), g.value()]],
  ["deleteTracking", (g) => [g.pick([ID, g.scalar()])]],
  ["retrack", (g) => [g.pick([ID, g.scalar()])]],
  ["airWaybill", (g) => [g.pick(["020-12345675", g.scalar()])]],
];

let sb;
before(async () => { sb = await startSandbox(["--no-rate-limit", "--seed-demo"]); });
after(() => sb.stop());

/** Inputs found to break something once; each runs every time. (None so far.) */
// (The first find, a Retry-After too large for a timer, has its own test in reliability.test.mjs.)
const REGRESSIONS = [];

test(`the instance survives ${ITERATIONS} random answers and inputs (seed ${SEED}), then serves correctly`, async () => {
  // Found by this test: a huge Retry-After overflowed setTimeout (a warning, and no wait at all).
  const warnings = [];
  const onWarning = (w) => warnings.push(`${w.name}: ${w.message}`);
  process.on("warning", onWarning);
  const r = rng(SEED);
  const g = generators(r);
  let routeToSandbox = false;
  // One client for everything: random answers until the end, then the real sandbox.
  const fetchFn = async (url, init) => {
    if (routeToSandbox) return fetch(url, init);
    if (r() < 0.05) throw new TypeError(g.pick(["fetch failed", "terminated", ""]));
    return new Response(g.body(), { status: g.status(), headers: g.headers() });
  };
  const tm = new TrackingMore({ apiKey: "demo-key", baseUrl: sb.baseUrl, fetch: fetchFn, requestsPerSecond: 0, realtimeRequestsPerSecond: 0, maxRetries: 1, retryBaseDelayMs: 0, rateLimitCooldownMs: 0, timeoutMs: 1000 });
  const tm4 = new TrackingMoreV4({ apiKey: "demo-key", baseUrl: `${sb.origin}/v4`, fetch: fetchFn, requestsPerSecond: 0, createRequestsPerSecond: 0, maxRetries: 1, retryBaseDelayMs: 0, rateLimitCooldownMs: 0, timeoutMs: 1000 });
  let outcomes = { resolved: 0, rejected: 0 };
  for (let i = 0; i < ITERATIONS; i++) {
    const v4 = r() < 0.4;
    const [name, args] = g.pick(v4 ? METHODS_V4 : METHODS);
    const a = args(g);
    try {
      const p = (v4 ? tm4 : tm)[name](...a);
      await p;
      outcomes.resolved += 1;
    } catch (e) {
      if (!(e instanceof TrackingMoreError)) {
        assert.fail(`seed ${SEED} iteration ${i}: ${name}(${JSON.stringify(a)?.slice(0, 300)}) threw ${e && e.name}: ${e && e.message}`);
      }
      outcomes.rejected += 1;
    }
    if (i % 7 === 0) {
      // Webhooks and the pager with random bodies and arguments.
      const body = g.pick([g.body(), g.value(), g.scalar()]);
      const v = await verifyWebhook(body, g.pick(["", "ops@shop.example", g.scalar()]), g.pick([undefined, { maxAgeSeconds: 10 }]));
      assert.equal(typeof v, "boolean");
      await parseWebhook(body, "ops@shop.example").then(
        () => {},
        (e) => assert.ok(e instanceof TrackingMoreError, `parseWebhook threw ${e}`),
      );
      const request = { body: g.pick([g.body(), g.scalar()]), headers: g.pick([{}, { signature: g.scalar(), timestamp: g.scalar() }, g.value()]) };
      assert.equal(typeof (await verifyWebhookV4(request, g.pick(["", "secret", g.scalar()]), g.pick([undefined, { maxAgeSeconds: Infinity }]))), "boolean");
      await parseWebhookV4(request, "secret").then(
        () => {},
        (e) => assert.ok(e instanceof TrackingMoreError, `parseWebhookV4 threw ${e}`),
      );
      for (const client of [tm, tm4]) {
        try {
          for await (const t of client.allTrackings(g.value())) { if (r() < 0.5) break; void t; }
        } catch (e) {
          assert.ok(e instanceof TrackingMoreError, `allTrackings threw ${e && e.name}: ${e && e.message}`);
        }
      }
    }
  }
  for (const [name, a] of REGRESSIONS) await tm[name](...a).catch((e) => assert.ok(e instanceof TrackingMoreError));
  assert.ok(outcomes.resolved > 0 && outcomes.rejected > 0, JSON.stringify(outcomes));

  // The same instance, now against the real sandbox: still correct.
  routeToSandbox = true;
  const page = await tm.listTrackings({ limit: 3 });
  assert.equal(page.items.length, 3);
  assert.equal(typeof page.total, "number");
  const t = await tm.getTracking(page.items[0].carrier_code, page.items[0].tracking_number);
  assert.equal(t.tracking_number, page.items[0].tracking_number);
  assert.ok(Array.isArray(t.customer_email));
  const batch = await tm.createTrackings(Array.from({ length: 45 }, (_, i) => ({ tracking_number: `FZ${SEED}${Date.now() % 1e6}${i}`, carrier_code: "dhl" })));
  assert.equal(batch.trackings.length + batch.errors.length, 45);
  assert.equal((await tm.userInfo()).email, "demo@sandbox.example");
  const list4 = await tm4.listTrackings({ items_amount: 3 });
  assert.equal(list4.length, 3);
  assert.equal((await tm4.getTracking(list4[0].courier_code, list4[0].tracking_number)).id, list4[0].id);
  const batch4 = await tm4.createTrackings(Array.from({ length: 45 }, (_, i) => ({ tracking_number: `FZ4${SEED}${Date.now() % 1e6}${i}`, courier_code: "dhl" })));
  assert.equal(batch4.trackings.length + batch4.errors.length, 45);
  tm.free();
  tm4.free();
  process.off("warning", onWarning);
  assert.deepEqual(warnings, []);
});

// Arguments and options whose reading throws (getters, proxies) or whose writing does (frozen
// objects): every field the wasm reads goes through one JS helper that reads a throwing getter as
// absent. Such an exception must never unwind through the wasm (it would leave the engine
// half-updated): each call resolves or rejects with a TrackingMoreError, and the instance serves
// correctly afterwards.
test("hostile arguments and options: throwing getters, proxies and frozen objects", async () => {
  const boom = () => { throw new Error("getter says no"); };
  const proxy = new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom });
  const getter = (key, value) => Object.defineProperty({ ...value }, key, { get: boom, enumerable: true });
  // A throwing option reads as not given (the default), as a throwing getter does everywhere.
  const tm = new TrackingMore(getter("timeoutMs", { apiKey: "demo-key", baseUrl: sb.baseUrl, requestsPerSecond: 0 }));
  assert.throws(() => new TrackingMore(proxy), (e) => e instanceof TrackingMoreError && e.code === "INVALID_INPUT");
  const page = await tm.listTrackings({ limit: 1 });
  const { carrier_code: cc, tracking_number: n } = page.items[0];
  // Options of a call: a proxy or a throwing `lang` is no language.
  assert.equal((await tm.getTracking(cc, n, proxy)).tracking_number, n);
  assert.equal((await tm.getTracking(cc, n, getter("lang", {}))).tracking_number, n);
  // Inputs: a field that can not be read is missing.
  for (const input of [proxy, getter("tracking_number", { carrier_code: "dhl" })]) {
    await assert.rejects(tm.createTracking(input), (e) => e instanceof TrackingMoreError && e.code === "INVALID_INPUT" && /tracking_number is required/.test(e.message));
  }
  await assert.rejects(tm.createTrackings([proxy]), (e) => e instanceof TrackingMoreError);
  await assert.rejects(tm.updateTracking(cc, n, getter("customer_name", {})), (e) => e instanceof TrackingMoreError);
  // Frozen inputs are read, never written.
  const frozen = Object.freeze({ tracking_number: `FROZEN${Date.now() % 1e9}`, carrier_code: "dhl" });
  assert.equal((await tm.createTracking(frozen)).tracking_number, frozen.tracking_number);
  assert.equal((await tm.getTracking(cc, n)).tracking_number, n, "the same instance still serves");
  tm.free();
});
