// The Worker's limits on what shoppers can spend, and what they see when the API fails: a Worker
// of its own (a small daily creation budget, a one-second cache) in front of a sandbox, faults
// injected through the sandbox's controls while shoppers keep asking. (The account pacer against
// the real limiter is edge.test.mjs's; here the limits under test are the Worker's own.)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startSandbox, uniqueNumber } from "./sandbox.mjs";
import { freePort, startWorker } from "./worker.mjs";

const KEY = "limits-key";
const ADMIN = "limits-admin-token";
const BUDGET = 30;
let sb, wk;
before(async () => {
  sb = await startSandbox(["--seed-demo", "--api-key", KEY, "--no-rate-limit"]);
  wk = await startWorker({
    port: await freePort(),
    vars: {
      TRACKINGMORE_BASE_URL: sb.baseUrl,
      TRACKINGMORE_API_KEY: KEY,
      ADMIN_TOKEN: ADMIN,
      REQUESTS_PER_SECOND: "20",
      CACHE_TTL_SECONDS: "1",
      DAILY_CREATE_BUDGET: String(BUDGET),
      SHOPPER_MAX_WAIT_MS: "30000",
      STALE_IF_ERROR_SECONDS: "600",
    },
  });
});
after(async () => {
  await wk?.stop();
  await sb?.stop();
});

let ip = 0;
const newIp = () => `10.2.${Math.floor(++ip / 250)}.${ip % 250}`;
const lookup = async (carrier, number, visitor = newIp()) => {
  const r = await fetch(`${wk.origin}/v2/trackings/${carrier}/${number}`, { headers: { "CF-Connecting-IP": visitor }, signal: AbortSignal.timeout(60_000) });
  return { status: r.status, headers: r.headers, json: await r.json() };
};
const creates = async () => (await sb.requests()).filter((r) => r.method === "POST" && r.path.endsWith("/trackings/post")).length;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const creations = async () => (await fetch(`${wk.origin}/v2/_proxy/creations`, { headers: { Authorization: `Bearer ${ADMIN}` } }).then((r) => r.json())).data;

test("one visitor creates at most 5 numbers a minute; the whole account at most its daily budget, under load", async () => {
  // 12 new numbers from one visitor within a minute: the limit counts per minute window, so
  // at most 10 (two windows) get through, and the refusals say when to come back.
  const visitor = newIp();
  const answers = [];
  for (let i = 0; i < 12; i++) answers.push(await lookup("dhl", uniqueNumber("VIS"), visitor));
  const refused = answers.filter((a) => a.json.meta.code === 429);
  assert.ok(refused.length >= 2, JSON.stringify(answers.map((a) => a.json.meta.code)));
  assert.ok(refused.every((a) => a.headers.get("retry-after") === "60"));
  const used = await creates();
  assert.equal(used, 12 - refused.length, "a refused lookup reached no upstream create");
  assert.equal((await creations()).used, used, "operations see the count");
  // 40 shoppers at once, each with a new number: what is left of the budget is created, no more.
  const rush = await Promise.all(Array.from({ length: 40 }, () => lookup("dhl", uniqueNumber("DAY"))));
  const codes = rush.map((a) => a.json.meta.code);
  assert.equal(codes.filter((c) => c === 200).length, BUDGET - used, JSON.stringify(codes));
  assert.ok(codes.every((c) => c === 200 || c === 4031), JSON.stringify(codes));
  assert.match(rush.find((a) => a.json.meta.code === 4031).json.meta.message, /no new numbers can be added today/);
  assert.equal(await creates(), BUDGET);
  const seen = await creations();
  assert.deepEqual([seen.used, seen.limit], [BUDGET, BUDGET]);
});

test("the API failing: shoppers get the last answer, marked stale; without one, 503 with Retry-After", async () => {
  const listed = await fetch(`${wk.origin}/v2/trackings/get?limit=50`, { headers: { Authorization: `Bearer ${ADMIN}` } }).then((r) => r.json());
  const { carrier_code: carrier, tracking_number: number } = listed.data.items.find((t) => !/^(VIS|DAY)/.test(t.tracking_number));
  const fresh = await lookup(carrier, number);
  assert.equal(fresh.json.meta.code, 200);
  assert.equal(fresh.json.data.stale, undefined);
  await sleep(1500); // the one-second cache has expired: the next lookups go upstream
  await sb.fault({ path: "/v2/trackings/", count: 1000, fault: { kind: "status", status: 503 } });
  try {
    // Shoppers keep asking while it fails.
    const during = await Promise.all(Array.from({ length: 20 }, () => lookup(carrier, number)));
    for (const a of during) {
      assert.equal(a.status, 200);
      assert.equal(a.headers.get("x-cache"), "STALE");
      assert.ok(a.headers.get("last-modified"));
      assert.equal(a.json.data.tracking_number, number);
      assert.equal(a.json.data.stale, true);
      assert.ok(Date.parse(a.json.data.cached_at) <= Date.now());
    }
    const never = await lookup("dhl", uniqueNumber("NEVER"));
    assert.equal(never.status, 503);
    assert.ok(Number(never.headers.get("retry-after")) >= 1);
  } finally {
    await sb.control("DELETE", "faults");
  }
});

test("a creation that never reached the API (its turn too far off) gives its place in the budget back", async () => {
  // A Worker whose account lane runs at 1 request/s and whose shoppers wait at most 1.5 s.
  const slow = await startWorker({
    port: await freePort(),
    vars: { TRACKINGMORE_BASE_URL: sb.baseUrl, TRACKINGMORE_API_KEY: KEY, ADMIN_TOKEN: ADMIN, REQUESTS_PER_SECOND: "1", SHOPPER_MAX_WAIT_MS: "1500", DAILY_CREATE_BUDGET: "10" },
  });
  try {
    const admin = (path) => fetch(`${slow.origin}/v2/${path}`, { headers: { Authorization: `Bearer ${ADMIN}` }, signal: AbortSignal.timeout(30_000) });
    const spent = async () => (await fetch(`${slow.origin}/v2/_proxy/creations`, { headers: { Authorization: `Bearer ${ADMIN}` } }).then((r) => r.json())).data.used;
    // A first new number: created (and the carriers read, which the next one needs).
    const first = await fetch(`${slow.origin}/v2/trackings/dhl/${uniqueNumber("BACK")}`, { headers: { "CF-Connecting-IP": newIp() } });
    assert.equal(first.status, 200, await first.clone().text());
    assert.equal(await spent(), 1);
    await sleep(1100);
    const number = uniqueNumber("BACK");
    // The shopper's read of the unknown number is answered after 600 ms; meanwhile two admin
    // calls take the lane's next two turns, so the create would wait past 1.5 s.
    await sb.fault({ path: `/v2/trackings/dhl/${number}`, count: 1, fault: { kind: "delay", ms: 600 } });
    const shopper = fetch(`${slow.origin}/v2/trackings/dhl/${number}`, { headers: { "CF-Connecting-IP": newIp() }, signal: AbortSignal.timeout(30_000) });
    await sleep(150);
    const calls = [admin("trackings/getuserinfo"), admin("trackings/getuserinfo")];
    const answer = await shopper;
    assert.equal(answer.status, 503, await answer.clone().text());
    assert.ok(Number(answer.headers.get("retry-after")) >= 1);
    await Promise.all(calls);
    const sent = (await sb.requests()).filter((r) => r.method === "POST" && JSON.stringify(r).includes(number));
    assert.equal(sent.length, 0, "the create was not sent");
    assert.equal(await spent(), 1, "the budget is as before");
    // Once the lane is free, the same number is created, and counted.
    await sleep(2000);
    const later = await fetch(`${slow.origin}/v2/trackings/dhl/${number}`, { headers: { "CF-Connecting-IP": newIp() } });
    assert.equal(later.status, 200, await later.clone().text());
    assert.equal(await spent(), 2);
  } finally {
    await slow.stop();
  }
});
