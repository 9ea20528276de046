// The validation table (docs/validation.md) is executable: each row's example runs against the built
// package (a client whose fetch records every call) and must reject with INVALID_INPUT and the
// row's message, before any request. A rule added to the client belongs in the table; a row whose
// example stops failing fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TrackingMore, TrackingMoreV4, TrackingMoreError, verifyWebhook, parseWebhook, verifyWebhookV4 } from "../../pkg/node.js";

const readme = readFileSync(new URL("../../docs/validation.md", import.meta.url), "utf8");
const section = readme.split("<!-- validation-table: begin -->")[1]?.split("<!-- validation-table: end -->")[0] ?? "";
const rows = section.split("\n").filter((l) => l.startsWith("| ") && !l.startsWith("| rule") && !l.startsWith("|---"))
  .map((l) => {
    const m = /^\| (.+?) \| `(.+)` \| (.+) \|$/.exec(l);
    assert.ok(m, `a table row that does not parse: ${l}`);
    return { rule: m[1], example: m[2], message: m[3] };
  });

test("the validation table has its rows", () => {
  assert.ok(rows.length >= 30, `${rows.length} rows`);
});

for (const { rule, example, message } of rows) {
  test(`INVALID_INPUT: ${rule}`, async () => {
    const sent = [];
    const fetch = async (url) => { sent.push(url); return new Response("{}"); };
    const tm = new TrackingMore({ apiKey: "k123", baseUrl: "http://127.0.0.1:9/v2", requestsPerSecond: 0, fetch });
    const tm4 = new TrackingMoreV4({ apiKey: "k123", baseUrl: "http://127.0.0.1:9/v4", requestsPerSecond: 0, fetch });
    const run = new Function("tm", "tm4", "TrackingMore", "TrackingMoreV4", "verifyWebhook", "parseWebhook", "verifyWebhookV4", `return ${example};`);
    await assert.rejects(async () => run(tm, tm4, TrackingMore, TrackingMoreV4, verifyWebhook, parseWebhook, verifyWebhookV4), (e) => {
      assert.ok(e instanceof TrackingMoreError, String(e));
      assert.equal(e.code, "INVALID_INPUT");
      assert.ok(e.message.includes(message), `message ${JSON.stringify(e.message)} lacks ${JSON.stringify(message)}`);
      assert.equal(e.retryable, false);
      return true;
    });
    assert.deepEqual(sent, [], "no request was sent");
    tm.free();
    tm4.free();
  });
}
