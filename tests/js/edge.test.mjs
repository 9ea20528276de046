// The edge, end to end: the real Worker (worker/) in workerd via wrangler dev, in front of the
// real sandbox running its real 1 req/s limiter and two-minute lockout; the sample pages (www/)
// served by the Worker and driven in headless Chromium. The key is a distinctive string that no
// response, log, page or page request may ever contain.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { TrackingMore } from "../../pkg/node.js";
import { startSandbox, uniqueNumber } from "./sandbox.mjs";
import { freePort, startWorker } from "./worker.mjs";
import { browser, notBlank, screenshotDir, watchForKey } from "./browser.mjs";

const KEY = "sk_live_EDGE-k3y+9";
const ADMIN = "admin-token-for-tests";
const EMAIL = "ops@shop.example";
const SHOP = "http://shop.example";
// The committed screenshots as they were before this file ran (the last test compares them).
const committed = fileURLToPath(new URL("../../docs/", import.meta.url));
const shots = () => readdirSync(committed).filter((f) => f.endsWith(".png")).map((f) => readFileSync(join(committed, f)).toString("base64")).join();
const shotsBefore = shots();
// Screenshots go to a temporary folder, or to SCREENSHOT_DIR: a test run leaves the committed
// ones alone.
const { dir: docs, temporary } = screenshotDir();

let sb, wk;
const seen = []; // every response text and header block the tests got from the Worker
before(async () => {
  const port = await freePort();
  sb = await startSandbox(["--seed-demo", "--api-key", `${KEY}=${EMAIL}`, "--webhook-url", `http://127.0.0.1:${port}/webhook`]);
  wk = await startWorker({
    port,
    vars: {
      TRACKINGMORE_BASE_URL: sb.baseUrl,
      TRACKINGMORE_API_KEY: KEY,
      ADMIN_TOKEN: ADMIN,
      WEBHOOK_EMAIL: EMAIL,
      CORS_ORIGINS: SHOP,
      // The sandbox's webhooks are stamped with its clock, which the webhook test moves on.
      WEBHOOK_MAX_AGE_SECONDS: String(10 * 86400),
    },
  });
});
after(async () => {
  await wk?.stop();
  await sb?.stop();
  if (temporary) rmSync(docs, { recursive: true, force: true });
});

/** A request to the Worker; the answer is recorded for the key check. */
async function call(path, { method = "GET", headers = {}, body, ip } = {}) {
  const h = { ...headers };
  if (ip) h["CF-Connecting-IP"] = ip;
  const r = await fetch(wk.origin + path, { method, headers: h, body });
  const text = await r.text();
  seen.push(text, JSON.stringify([...r.headers]));
  let json = null;
  try { json = JSON.parse(text); } catch { /* not JSON */ }
  return { status: r.status, headers: r.headers, text, json };
}
const admin = (path, init = {}) => call(path, { ...init, headers: { Authorization: `Bearer ${ADMIN}`, "Content-Type": "application/json", ...init.headers } });
const upstream = async (fragment) => (await sb.requests()).filter((r) => r.path.includes(fragment) || (r.body || "").includes(fragment));
const stats = async () => (await sb.control("GET", "stats")).data;
let ipCounter = 0;
const newIp = () => `10.1.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`;

async function seeded() {
  const r = await admin("/v2/trackings/get?limit=50");
  return r.json.data.items.find((t) => t.order_id && t.customer_name !== undefined && (t.origin_info?.trackinfo?.length ?? 0) > 1) ?? r.json.data.items[0];
}

test("scopes: shopper routes, 403 for the rest, admin with a good token only", async () => {
  const carriers = await call("/v2/carriers", { ip: newIp() });
  assert.equal(carriers.status, 200);
  assert.ok(carriers.json.data.length > 600);
  const detect = await call("/v2/carriers/detect", { method: "POST", ip: newIp(), headers: { "Content-Type": "application/json" }, body: JSON.stringify({ tracking_number: "1Z999AA10123456784" }) });
  assert.deepEqual(detect.json.data, [{ name: "UPS", code: "ups" }]);
  for (const [method, path] of [["GET", "/v2/trackings/get"], ["POST", "/v2/trackings/post"], ["GET", "/v2/trackings/getuserinfo"], ["POST", "/v2/trackings/batch"], ["DELETE", "/v2/trackings/dhl/123456"], ["PUT", "/v2/trackings/dhl/123456"]]) {
    const r = await call(path, { method, ip: newIp(), headers: { "Content-Type": "application/json" }, body: method === "GET" || method === "DELETE" ? undefined : "{}" });
    assert.equal(r.status, 403, `${method} ${path}`);
    assert.equal(r.json.meta.code, 403, "the v2 envelope");
  }
  for (const token of ["wrong", "", `${ADMIN}x`, ADMIN.slice(0, -1)]) {
    const r = await call("/v2/trackings/getuserinfo", { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(r.status, 401, `token ${JSON.stringify(token)}`);
  }
  // The unchanged client in proxy mode, with the admin token: the whole v2 surface.
  const tm = new TrackingMore({ baseUrl: wk.baseUrl, headers: { Authorization: `Bearer ${ADMIN}` } });
  assert.equal((await tm.userInfo()).email, EMAIL);
  const page = await tm.listTrackings({ limit: 5 });
  assert.equal(page.items.length, 5);
  assert.equal(typeof page.total, "number");
  tm.free();
});

test("a shopper lookup is trimmed of personal fields and cached: the second view spends no quota", async () => {
  const t = await seeded();
  assert.ok(t.order_id, "the seeded tracking has an order id (admin scope sees it)");
  const path = `/v2/trackings/${t.carrier_code}/${encodeURIComponent(t.tracking_number)}`;
  const before = (await upstream(t.tracking_number)).length;
  const first = await call(path, { ip: newIp() });
  assert.equal(first.status, 200);
  assert.equal(first.json.data.tracking_number, t.tracking_number);
  for (const f of ["customer_name", "customer_email", "customer_phone", "order_id"]) assert.ok(!(f in first.json.data), f);
  const second = await call(path, { ip: newIp() });
  assert.equal(second.headers.get("x-cache"), "HIT");
  assert.deepEqual(second.json, first.json);
  assert.equal((await upstream(t.tracking_number)).length - before, 1, "one upstream GET for two views");
  // The unchanged client in proxy mode (no key, no token) gets the same, typed and normalised.
  const shopper = new TrackingMore({ baseUrl: wk.baseUrl, requestsPerSecond: 0 });
  const got = await shopper.getTracking(t.carrier_code, t.tracking_number);
  assert.equal(got.status, t.status);
  assert.deepEqual(got.customer_email, [], "no e-mail for shoppers (normalised to an empty list)");
  // A refusal is UNAUTHORIZED (HTTP and meta 403), not a bad request.
  await assert.rejects(shopper.listTrackings(), (e) => e.code === "UNAUTHORIZED" && e.metaCode === 403 && e.status === 403);
  shopper.free();
});

test("a number the API does not know yet (4031) is created server-side and shown", async () => {
  const number = uniqueNumber("EDGE");
  const r = await call(`/v2/trackings/dhl/${number}`, { ip: newIp() });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.data.tracking_number, number);
  assert.deepEqual((await upstream(number)).map((x) => x.method), ["GET", "POST"], "looked up, then created");
  const check = await admin(`/v2/trackings/dhl/${number}`);
  assert.equal(check.json.meta.code, 200, "it exists now");
});

test("100 shoppers asking at once for one unknown number: one upstream read, one create, one answer for all", async () => {
  const number = uniqueNumber("SAME");
  const pacer = async () => (await admin("/v2/_proxy/pacer")).json.data;
  const before = await pacer();
  const answers = await Promise.all(Array.from({ length: 100 }, () => call(`/v2/trackings/dhl/${number}`, { ip: newIp() })));
  for (const a of answers) {
    assert.equal(a.status, 200, a.text);
    assert.equal(a.json.data.tracking_number, number);
  }
  assert.deepEqual((await upstream(number)).map((x) => x.method), ["GET", "POST"], "the sandbox's log: one lookup, one create");
  const after = await pacer();
  assert.equal(after.lookups - before.lookups, 1, "operations see one lookup run…");
  assert.equal(after.coalesced - before.coalesced, 99, "…which 99 shoppers joined");
});

test("junk never reaches the upstream create: a path in the number, or a carrier that is none", async () => {
  for (const [path, fragment] of [["/v2/trackings/dhl/..%2F..%2Fget123", "get123"], [`/v2/trackings/not-a-carrier/${uniqueNumber("JUNK")}`, "not-a-carrier"]]) {
    const r = await call(path, { ip: newIp() });
    assert.equal(r.json.meta.code === 200, false, `${path}: ${r.text}`);
    assert.deepEqual((await upstream(fragment)).filter((x) => x.method === "POST"), [], `${path} created nothing`);
  }
});

test("CORS: allowed origins get headers and preflights, others get nothing", async () => {
  const ok = await call("/v2/carriers", { ip: newIp(), headers: { Origin: SHOP } });
  assert.equal(ok.status, 200);
  assert.equal(ok.headers.get("access-control-allow-origin"), SHOP);
  const pre = await call("/v2/carriers/detect", { method: "OPTIONS", headers: { Origin: SHOP, "Access-Control-Request-Method": "POST" } });
  assert.equal(pre.status, 204);
  assert.match(pre.headers.get("access-control-allow-headers"), /Authorization/);
  const denied = await call("/v2/carriers", { ip: newIp(), headers: { Origin: "http://evil.example" } });
  assert.equal(denied.status, 403);
  assert.equal(denied.headers.get("access-control-allow-origin"), null);
  const deniedPre = await call("/v2/carriers", { method: "OPTIONS", headers: { Origin: "http://evil.example", "Access-Control-Request-Method": "GET" } });
  assert.equal(deniedPre.status, 403);
});

test("per-visitor rate limit on the shopper scope", async () => {
  const ip = newIp();
  const codes = [];
  for (let i = 0; i < 70; i++) codes.push((await call("/v2/carriers", { ip })).status);
  assert.ok(codes.slice(0, 50).every((c) => c === 200), codes.join(","));
  const limited = codes.filter((c) => c === 429).length;
  assert.ok(limited >= 5, `expected 429s past the limit: ${codes.join(",")}`);
  const other = await call("/v2/carriers", { ip: newIp() });
  assert.equal(other.status, 200, "other visitors are not affected");
  const last = await call("/v2/carriers", { ip });
  assert.equal(last.headers.get("retry-after"), "60");
});

test("50 concurrent shoppers, 50 new numbers: never a 429 upstream, each gets its tracking or a clear busy answer", async () => {
  const before = await stats();
  const numbers = Array.from({ length: 50 }, (_, i) => `${uniqueNumber("CROWD")}${i}`.slice(0, 40));
  const answers = await Promise.all(numbers.map((n) => call(`/v2/trackings/dhl/${n}`, { ip: newIp() })));
  const after = await stats();
  assert.equal(after.rate_limited - before.rate_limited, 0, "the sandbox's real limiter answered no 429");
  let served = 0;
  answers.forEach((a, i) => {
    if (a.status === 200) {
      served += 1;
      assert.equal(a.json.data.tracking_number, numbers[i]);
    } else {
      assert.equal(a.status, 503, a.text);
      assert.match(a.json.meta.message, /^Busy: .*retry in \d+ s/);
      assert.ok(Number(a.headers.get("retry-after")) >= 1);
    }
  });
  assert.ok(served >= 1, "some were served within the wait bound");
  assert.ok(served < 50, "the rest were told to come back, not queued for minutes");
});

test("the account pacer spaces upstream requests from the previous answer, not the previous send", async () => {
  // The sandbox stamps each request with when it arrived and when its answer left (µs). A pacer
  // that spaced departures only would send the next request ~1 s after the previous one *left*,
  // so that it arrives less than 1 s after that one's answer: the limiter's 5 % tolerance lets
  // that through, this check does not. Concurrent callers go in turn, each 1 s after an answer.
  // Answers that take 40 ms to leave: a departures-only pacer would be ~40 ms early, not ~0.
  await sb.fault({ path: "/v2/trackings/getuserinfo", count: 4, fault: { kind: "delay", ms: 40 } });
  await sb.fault({ path: "/v2/trackings/getstatusnumber", count: 1, fault: { kind: "delay", ms: 40 } });
  const from = (await sb.requests()).reduce((m, r) => Math.max(m, r.seq), -1);
  for (let i = 0; i < 2; i++) assert.equal((await admin("/v2/trackings/getuserinfo")).status, 200);
  const together = await Promise.all([admin("/v2/trackings/getuserinfo"), admin("/v2/trackings/getstatusnumber"), admin("/v2/trackings/getuserinfo")]);
  assert.deepEqual(together.map((r) => r.status), [200, 200, 200]);
  const ups = (await sb.requests()).filter((r) => r.seq > from).sort((a, b) => a.in_us - b.in_us);
  assert.equal(ups.length, 5, JSON.stringify(ups.map((r) => r.path)));
  const gaps = ups.slice(1).map((r, i) => (r.in_us - ups[i].out_us) / 1000);
  assert.ok(gaps.every((g) => g >= 1000), `ms from an answer to the next request: ${gaps.map((g) => g.toFixed(3)).join(", ")}`);
});

test("webhooks: verified ones update KV and are served from it; forged or stale ones are refused", async () => {
  const number = uniqueNumber("HOOK");
  const created = await admin("/v2/trackings/post", { method: "POST", body: JSON.stringify({ tracking_number: number, carrier_code: "dhl", customer_name: "Ada" }) });
  assert.equal(created.json.meta.code, 200, created.text);
  // A status change makes the sandbox post a signed webhook to the Worker.
  await sb.control("POST", "clock", { advance_secs: 2 * 86400 });
  let r;
  for (let i = 0; i < 60; i++) {
    r = await call(`/v2/trackings/dhl/${number}`, { ip: newIp() });
    if (r.headers.get("x-cache") === "WEBHOOK") break;
    await new Promise((res) => setTimeout(res, 250));
  }
  assert.equal(r.headers.get("x-cache"), "WEBHOOK", "served from the webhook's state");
  assert.notEqual(r.json.data.status, "pending");
  assert.ok(!("customer_name" in r.json.data), "trimmed too");

  const body = { meta: { code: 200 }, data: { tracking_number: "FORGED1", carrier_code: "dhl", status: "delivered" }, verifyInfo: { timeStr: String(Math.floor(Date.now() / 1000)), signature: "00".repeat(32) } };
  const forged = await call("/webhook", { method: "POST", body: JSON.stringify(body), headers: { "Content-Type": "application/json" } });
  assert.equal(forged.status, 401);
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(EMAIL), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const stale = String(Math.floor(Date.now() / 1000) - 30 * 86400);
  const sig = Buffer.from(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(stale))).toString("hex");
  const replay = await call("/webhook", { method: "POST", body: JSON.stringify({ ...body, verifyInfo: { timeStr: stale, signature: sig } }) });
  assert.equal(replay.status, 401, "a correctly signed but stale webhook is a replay");
  const lookup = await call("/v2/trackings/dhl/FORGED1", { ip: newIp() });
  assert.notEqual(lookup.headers.get("x-cache"), "WEBHOOK");
});

test("an upstream that echoes the key does not make the Worker echo it", async () => {
  await sb.fault({ path: "/v2/trackings/getuserinfo", fault: { kind: "meta", code: 4001, message: "key {key} is not valid" } });
  const a = await admin("/v2/trackings/getuserinfo");
  assert.match(a.text, /\[redacted\]/);
  await sb.fault({ path: "/v2/trackings/dhl/", fault: { kind: "meta", code: 4001, message: "key {key} is not valid" } });
  const s = await call(`/v2/trackings/dhl/${uniqueNumber("ECHO")}`, { ip: newIp() });
  assert.equal(s.json.meta.code, 4001);
  assert.match(s.text, /\[redacted\]/);
  await sb.control("DELETE", "faults");
});

// ---- The pages, in headless Chromium ----

test("the shopper page: a seeded number shows its status and timeline; an unknown one a friendly error", async () => {
  const t = await seeded();
  const b = await browser();
  const leaks = [];
  try {
    const page = await b.newPage({ viewport: { width: 1000, height: 900 } });
    watchForKey(page, KEY, leaks);
    const errors = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${wk.origin}/?number=${encodeURIComponent(t.tracking_number)}&carrier=${t.carrier_code}`);
    await page.waitForSelector("ol.timeline li", { timeout: 20000 });
    const badge = await page.textContent(".summary .badge");
    assert.ok(badge.length > 3, badge);
    const steps = await page.$$eval("ol.timeline li", (lis) => lis.length);
    assert.ok(steps >= 1);
    assert.equal(await page.$$eval("ol.milestones li", (lis) => lis.length), 4);
    mkdirSync(docs, { recursive: true });
    await page.screenshot({ path: `${docs}track.png`, fullPage: true });
    notBlank(`${docs}track.png`);

    // An unknown number: detection fails; a friendly message, focus back on the field.
    await page.fill("#number", "hello");
    await page.selectOption("#carrier", "");
    await page.click("#go");
    await page.waitForFunction(() => document.getElementById("error").textContent.length > 0, null, { timeout: 20000 });
    assert.match(await page.textContent("#error"), /could not recognise/);
    assert.equal(await page.getAttribute("#number", "aria-invalid"), "true");
    // Phone-sized, too.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${wk.origin}/?number=${encodeURIComponent(t.tracking_number)}&carrier=${t.carrier_code}`);
    await page.waitForSelector("ol.timeline li", { timeout: 20000 });
    await page.screenshot({ path: `${docs}track-phone.png`, fullPage: true });
    notBlank(`${docs}track-phone.png`);
    assert.deepEqual(errors, []);
  } finally {
    await b.close();
  }
  assert.deepEqual(leaks, [], "no page request or response carries the key");
});

test("the operations page: bulk-import 200 numbers with live progress, every row accounted for; chart and list", async () => {
  const b = await browser();
  const leaks = [];
  try {
    const page = await b.newPage({ viewport: { width: 1000, height: 900 } });
    watchForKey(page, KEY, leaks);
    await page.goto(`${wk.origin}/ops.html`);
    await page.fill("#token", ADMIN);
    await page.click("#connect");
    await page.waitForSelector("#chart svg rect", { timeout: 30000 });
    assert.equal(await page.$$eval("#chart svg rect", (r) => r.length), 8);
    await page.waitForFunction(() => /trackings\)/.test(document.getElementById("page-info").textContent), null, { timeout: 30000 });
    const totalBefore = Number(/\((\d+) trackings\)/.exec(await page.textContent("#page-info"))[1]);
    const rows = Array.from({ length: 200 }, (_, i) => `${uniqueNumber("OPS")}x${i},dhl,Item ${i}`);
    const csv = ["tracking_number,carrier_code,title", ...rows].join("\n");
    await page.fill("#csv", csv);
    const progress = [];
    await page.exposeFunction("sawProgress", (v) => progress.push(v));
    await page.evaluate(() => new MutationObserver(() => window.sawProgress(document.getElementById("progress").value))
      .observe(document.getElementById("progress-text"), { childList: true, characterData: true, subtree: true }));
    await page.click("#import");
    await page.waitForFunction(() => document.getElementById("progress-text").textContent.startsWith("Finished"), null, { timeout: 120000 });
    assert.equal(await page.$eval("#progress", (p) => p.value), 200);
    assert.ok(progress.some((v) => v > 0 && v < 200), `progress moved through intermediate values: ${progress}`);
    assert.equal(await page.$$eval("#rows tr", (r) => r.length), 200, "one row per input");
    assert.equal(await page.$$eval("#rows tr[data-result=ok]", (r) => r.length), 200);
    // After the import the chart and the list are refreshed: both count the 200 new trackings.
    await page.waitForFunction((before) => {
      const listed = /\((\d+) trackings\)/.exec(document.getElementById("page-info").textContent);
      const label = document.querySelector("#chart svg")?.getAttribute("aria-label") ?? "";
      const charted = [...label.matchAll(/: (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
      return listed && Number(listed[1]) >= before + 200 && charted >= before + 200;
    }, totalBefore, { timeout: 30000 });
    await page.screenshot({ path: `${docs}ops.png`, fullPage: true });
    notBlank(`${docs}ops.png`);
    // Importing the same rows again loses nothing: each comes back as already existing.
    await page.fill("#csv", rows.slice(0, 40).join("\n"));
    await page.click("#import");
    await page.waitForFunction(() => document.getElementById("progress-text").textContent.startsWith("Finished"), null, { timeout: 60000 });
    const again = await page.$$eval("#rows tr td:last-child", (tds) => tds.map((t) => t.textContent));
    assert.equal(again.length, 40);
    assert.ok(again.every((t) => t.startsWith("TRACKING_EXISTS (4016)")), again[0]);
  } finally {
    await b.close();
  }
  assert.deepEqual(leaks, [], "no page request or response carries the key");
});

test("the key is in no Worker response, no Worker log, no page and no built file", () => {
  for (const text of seen) assert.ok(!text.includes(KEY), text.slice(0, 300));
  assert.ok(!wk.log().includes(KEY), "wrangler / Worker log");
  const www = fileURLToPath(new URL("../../www/", import.meta.url));
  for (const f of ["index.html", "ops.html", "track.js", "ops.js", "common.js", "versions.js"]) {
    assert.ok(!readFileSync(www + f, "utf8").includes(KEY), f);
  }
  assert.ok(existsSync(www + "pkg/browser.js"), "make www copied the package next to the pages");
  // The built package and the Worker's deployable bundle.
  const out = mkdtempSync(join(tmpdir(), "tm-bundle-"));
  try {
    const worker = fileURLToPath(new URL("../../worker/", import.meta.url));
    execFileSync(join(worker, "node_modules/.bin/wrangler"), ["deploy", "--dry-run", "--outdir", out], { cwd: worker, stdio: "pipe", env: { ...process.env, WRANGLER_SEND_METRICS: "false" } });
    const pkg = fileURLToPath(new URL("../../pkg/", import.meta.url));
    const files = [...readdirSync(out).map((f) => join(out, f)), ...readdirSync(pkg).filter((f) => /\.(js|wasm|ts)$/.test(f)).map((f) => pkg + f)];
    assert.ok(files.some((f) => f.endsWith(".wasm")), files.join(" "));
    for (const f of files) if (statSync(f).isFile()) assert.ok(!readFileSync(f).includes(KEY), f);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("a test run leaves the committed screenshots alone (make screenshots refreshes them)", { skip: !!process.env.SCREENSHOT_DIR }, () => {
  assert.ok(shotsBefore.length > 0, "docs/ has screenshots");
  assert.equal(shots(), shotsBefore, "docs/*.png changed");
});
