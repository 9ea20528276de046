// The Worker's v4 side, end to end: the real Worker (worker/) in workerd via wrangler dev, in
// front of the real sandbox's /v4 with its real per-endpoint limiter; TrackingMoreV4 in proxy
// mode against it, as a shop page would use it. The key is a distinctive string that no response
// may contain.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { TrackingMoreV4, TrackingMoreError } from "../../pkg/node.js";
import { startSandbox, uniqueNumber } from "./sandbox.mjs";
import { mkdirSync, rmSync } from "node:fs";
import { freePort, startWorker } from "./worker.mjs";
import { browser, notBlank, screenshotDir, watchForKey } from "./browser.mjs";

const KEY = "sk_live_V4EDGE-k3y+9";
const ADMIN = "admin-token-for-v4-tests";
const SECRET = "5d0c9d3e-webhook-secret-for-tests";

const { dir: docs, temporary } = screenshotDir();
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
  if (temporary) rmSync(docs, { recursive: true, force: true });
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

test("100 shoppers asking at once for one unknown number: one upstream read, one create, one answer for all", async () => {
  const number = uniqueNumber("V4SAME");
  const answers = await Promise.all(Array.from({ length: 100 }, () => call(`/v4/trackings/get?tracking_numbers=${number}&courier_code=dhl`)));
  for (const a of answers) {
    assert.equal(a.status, 200, a.text);
    assert.deepEqual(a.json.data.map((t) => t.tracking_number), [number]);
  }
  const log = (await sb.requests()).filter((r) => (r.query || "").includes(number) || (r.body || "").includes(number));
  assert.deepEqual(log.map((r) => `${r.method} ${r.path}`), ["GET /v4/trackings/get", "POST /v4/trackings/create"], "the sandbox's log: one lookup, one create");
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

test("the shopper page over v4: a tracking's status and timeline; an unknown number a friendly error; phone-sized", async () => {
  const [t] = (await operator().listTrackings({ items_amount: 50 })).filter((x) => x.origin_info.trackinfo.length > 1);
  const b = await browser();
  const leaks = [];
  try {
    const page = await b.newPage({ viewport: { width: 1000, height: 900 } });
    watchForKey(page, KEY, leaks);
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const url = `${wk.origin}/?version=v4&number=${encodeURIComponent(t.tracking_number)}&carrier=${t.courier_code}`;
    await page.goto(url);
    await page.waitForSelector("ol.timeline li", { timeout: 20000 });
    assert.ok((await page.$$eval("ol.timeline li", (lis) => lis.length)) >= 2);
    assert.ok((await page.textContent(".summary .number")).includes(t.tracking_number));
    mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: `${docs}track-v4.png`, fullPage: true });
    notBlank(`${docs}track-v4.png`);
    const v4Calls = [];
    page.on("request", (req) => v4Calls.push(new URL(req.url()).pathname));
    await page.fill("#number", "hello");
    await page.selectOption("#carrier", "");
    await page.click("#go");
    await page.waitForFunction(() => document.getElementById("error").textContent.length > 0, null, { timeout: 20000 });
    assert.match(await page.textContent("#error"), /could not recognise/);
    assert.ok(v4Calls.includes("/v4/couriers/detect"), "the page asked the Worker's v4 side");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url);
    await page.waitForSelector("ol.timeline li", { timeout: 20000 });
    await page.screenshot({ path: `${docs}track-v4-phone.png`, fullPage: true });
    notBlank(`${docs}track-v4-phone.png`);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
  assert.deepEqual(leaks, [], "no page request or response carries the key");
});

test("the operations console over v4: import with progress and a result per row, chart and list", async () => {
  const b = await browser();
  const leaks = [];
  try {
    const page = await b.newPage({ viewport: { width: 1000, height: 900 } });
    watchForKey(page, KEY, leaks);
    await page.goto(`${wk.origin}/ops.html`);
    await page.selectOption("#version", "v4");
    await page.fill("#token", ADMIN);
    await page.click("#connect");
    await page.waitForSelector("#chart svg rect", { timeout: 30000 });
    assert.equal(await page.$$eval("#chart svg rect", (r) => r.length), 9, "v4's nine statuses");
    assert.match(await page.textContent("#account"), /Connected \(v4\)/);
    await page.waitForFunction(() => /^Page 1/.test(document.getElementById("page-info").textContent), null, { timeout: 30000 });
    const charted = (label) => [...label.matchAll(/: (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
    const chartedBefore = charted(await page.getAttribute("#chart svg", "aria-label"));
    assert.ok(chartedBefore > 10, "the seeded trackings are counted");
    const rows = Array.from({ length: 90 }, (_, i) => `${uniqueNumber("OPS4")}x${i},dhl,Item ${i}`);
    rows[7] = `${uniqueNumber("OPS4")}x7,no-such-courier,Bad`;
    await page.fill("#csv", ["tracking_number,carrier,title", ...rows].join("\n"));
    const progress = [];
    await page.exposeFunction("sawProgress", (v) => progress.push(v));
    await page.evaluate(() => new MutationObserver(() => window.sawProgress(document.getElementById("progress").value))
      .observe(document.getElementById("progress-text"), { childList: true, characterData: true, subtree: true }));
    await page.click("#import");
    await page.waitForFunction(() => document.getElementById("progress-text").textContent.startsWith("Finished"), null, { timeout: 120000 });
    assert.ok(progress.some((v) => v > 0 && v < 90), `progress moved through intermediate values: ${progress}`);
    assert.equal(await page.$$eval("#rows tr", (r) => r.length), 90, "one row per input");
    assert.equal(await page.$$eval("#rows tr[data-result=ok]", (r) => r.length), 89);
    assert.match(await page.$eval("#rows tr:nth-child(8) td:last-child", (td) => td.textContent), /^BAD_REQUEST \(4120\)/);
    // After the import the chart is counted again: it includes the 89 new trackings.
    await page.waitForFunction((before) => {
      const label = document.querySelector("#chart svg")?.getAttribute("aria-label") ?? "";
      return [...label.matchAll(/: (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0) >= before + 89;
    }, chartedBefore, { timeout: 30000 });
    // …and the list, newest first, starts with them.
    await page.waitForFunction(() => document.querySelector("#list tr td")?.textContent.startsWith("OPS4"), null, { timeout: 30000 });
    await page.screenshot({ path: `${docs}ops-v4.png`, fullPage: true });
    notBlank(`${docs}ops-v4.png`);
    await page.fill("#csv", rows.slice(0, 3).join("\n"));
    await page.click("#import");
    await page.waitForFunction(() => document.getElementById("progress-text").textContent.startsWith("Finished"), null, { timeout: 60000 });
    const again = await page.$$eval("#rows tr td:last-child", (tds) => tds.map((t) => t.textContent));
    assert.ok(again.every((t) => t.startsWith("TRACKING_EXISTS (4101)")), again[0]);
    await page.selectOption("#status-filter", "pending");
    await page.click("#apply");
    await page.waitForFunction(() => document.querySelectorAll("#list tr .badge.pending").length > 0, null, { timeout: 30000 });
  } finally {
    await b.close();
  }
  assert.deepEqual(leaks, [], "no page request or response carries the key");
});

test("the key appears in no response", () => {
  assert.ok(seen.length > 10);
  for (const s of seen) assert.ok(!s.includes(KEY) && !s.includes(encodeURIComponent(KEY)));
});
