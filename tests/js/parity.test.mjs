// Both drivers, one result: every case of tests/canned/answers.json runs through the JS API here
// (the real wasm in Node, its `fetch` option replaying the canned answers as real Responses), and
// through the Rust API's driver in tests/parity.rs. Both must give the case's result (or error)
// and send the case's requests.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TrackingMore, TrackingMoreV4 } from "../../pkg/node.js";

const cases = JSON.parse(readFileSync(new URL("../canned/answers.json", import.meta.url), "utf8"));
const sortedQuery = (path) => {
  const [p, q] = path.split("?");
  return q === undefined ? p : `${p}?${q.split("&").sort().join("&")}`;
};

function cannedFetch(answers, sent) {
  return (url, init) => {
    const u = new URL(url);
    sent.push({ method: init.method, path: u.pathname.replace(/^\/v[24]/, "") + u.search, body: init.body, lang: init.headers.Lang });
    const a = answers.shift();
    if (!a) return Promise.reject(new TypeError("no canned answer left"));
    if (a.fail === "timeout") {
      // Never answers: the client's own timeout aborts it.
      return new Promise((_, reject) => init.signal.addEventListener("abort", () => reject(new DOMException("aborted", "AbortError"))));
    }
    const text = a.text !== undefined ? a.text : JSON.stringify(a.body);
    return Promise.resolve(new Response(text, { status: a.status ?? 200, headers: { "content-type": "application/json" } }));
  };
}

for (const c of cases) {
  test(c.name, async () => {
    const answers = [...c.answers];
    const sent = [];
    const v4 = c.api === "v4";
    const tm = new (v4 ? TrackingMoreV4 : TrackingMore)({
      apiKey: "canned-key", baseUrl: `http://127.0.0.1:9/${v4 ? "v4" : "v2"}`, fetch: cannedFetch(answers, sent),
      requestsPerSecond: 0, [v4 ? "createRequestsPerSecond" : "realtimeRequestsPerSecond"]: 0,
      retryBaseDelayMs: 1, rateLimitCooldownMs: 1, timeoutMs: 50,
    });
    const args = c.args.map((a) => (a === null ? undefined : a));
    let got, err;
    const items = [];
    try {
      if (c.op === "allTrackings") {
        // Pages: the tracking numbers in order (and the items before a failed page).
        for await (const t of tm.allTrackings(...args)) items.push(t.tracking_number);
        got = items;
      } else {
        got = await tm[c.op](...args);
      }
    } catch (e) {
      err = e;
    }
    if (c.error && "items" in c.error) assert.deepStrictEqual(items, c.error.items);
    if (c.error) {
      assert.ok(err, `expected ${c.error.code}, got ${JSON.stringify(got)}`);
      assert.equal(err.code, c.error.code);
      if ("metaCode" in c.error) assert.equal(err.metaCode, c.error.metaCode ?? undefined, "metaCode (null: none)");
      if ("message" in c.error) assert.equal(err.message, c.error.message);
    } else {
      if (err) throw err;
      assert.deepStrictEqual(got === undefined ? null : JSON.parse(JSON.stringify(got)), c.result);
    }
    assert.equal(answers.length, 0, "every answer used");
    if (c.sent) {
      assert.equal(sent.length, c.sent.length, "requests");
      sent.forEach((r, i) => {
        const want = c.sent[i];
        assert.equal(r.method, want.method);
        assert.equal(sortedQuery(r.path), sortedQuery(want.path));
        if ("body" in want) assert.deepStrictEqual(JSON.parse(r.body), want.body);
        if ("lang" in want) assert.equal(r.lang, want.lang);
      });
    }
    tm.free();
  });
}
