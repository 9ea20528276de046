// One surface, three places that must agree: the endpoint table (src/endpoints.rs, whose rows
// the wasm names through `CoreHandle.operations()` and from which the class's methods are defined
// at load time), the TypeScript declaration of the class (generated from the same table), and the
// class itself. A method added, removed or renamed in one place only fails here, and the wasm
// refuses an operation it does not have instead of calling another endpoint.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TrackingMore, TrackingMoreV4, TrackingMoreError } from "../../pkg/node.js";
import * as glue from "../../pkg/trackingmore_wasm.js";
import { freePort } from "./worker.mjs";

const read = (p) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");
// The wasm as the glue module exports it (pkg/node.js bundles its own copy of that module).
glue.initSync({ module: readFileSync(new URL("../../pkg/trackingmore_wasm_bg.wasm", import.meta.url)) });
const sorted = (xs) => [...new Set(xs)].sort();

// The table's rows as the source writes them, per version: `Variant: Method "/path", "jsName" "(…)…";`.
const table = read("src/endpoints.rs");
const section = (from, to) => table.slice(table.indexOf(from), to ? table.indexOf(to) : undefined);
const rowsOf = (text) => [...text.matchAll(/^\s+\w+: (?:Get|Post|Put|Delete) "[^"]+", "(\w+)"/gm)].map((m) => m[1]);
const versions = [
  ["v2", TrackingMore, rowsOf(section('V2 "TrackingMore"', 'V4 "TrackingMoreV4"')), 18],
  ["v4", TrackingMoreV4, rowsOf(section('V4 "TrackingMoreV4"', "/// Documented batch-create limit")), 10],
];
const dts = read("pkg/trackingmore_wasm.d.ts");
const declaredOf = (cls) => {
  const body = new RegExp(`export declare class ${cls} \\{([\\s\\S]*?)\\n\\}`).exec(dts)[1];
  return sorted([...body.matchAll(/^\s+(\w+)\(/gm)].map((m) => m[1]))
    .filter((m) => !["constructor", "free", "allTrackings"].includes(m));
};

for (const [version, Class, rows, count] of versions) {
  test(`${version}: the endpoint table, the wasm's operations, the class's methods and the TypeScript class agree`, () => {
    assert.equal(rows.length, count);
    assert.deepEqual(glue.CoreHandle.operations(version), rows, "the built wasm vs src/endpoints.rs, in order");
    assert.deepEqual(declaredOf(Class.name), sorted(rows), "the .d.ts class vs src/endpoints.rs");
    const proto = Object.getOwnPropertyNames(Class.prototype).filter((n) => n !== "constructor");
    assert.deepEqual(sorted(proto), sorted([...rows, "allTrackings", "free"]), "the class vs src/endpoints.rs");
  });
}

test("an unknown operation is refused, never mapped to another endpoint; a freed core is gone", async () => {
  assert.throws(() => new glue.CoreHandle("v3", { apiKey: "k123" }), /no such API version/);
  const v4 = new glue.CoreHandle("v4", { apiKey: "k123", fetch: () => assert.fail("no request") });
  await assert.rejects(v4.call("userInfo", []), (err) => err.code === "INVALID_INPUT" && err.message === "no such operation: userInfo");
  v4.free();
  const core = new glue.CoreHandle("v2", { apiKey: "k123", requestsPerSecond: 0, fetch: () => assert.fail("no request") });
  await assert.rejects(core.call("getTrackings", ["dhl", "RN1"]), (err) => err.code === "INVALID_INPUT" && err.message === "no such operation: getTrackings");
  await assert.rejects(core.call("getTracking", ["DHL", "RN1"]), (err) => err.code === "INVALID_INPUT" && /carrier code "DHL"/.test(err.message));
  core.free();
  // wasm-bindgen's own free: the handle names nothing any more, and using it throws.
  assert.throws(() => core.call("userInfo", []), /null pointer/);
});

test("errors read well in a console: class names survive minification, NETWORK keeps its cause", async () => {
  assert.equal(TrackingMore.name, "TrackingMore");
  assert.equal(TrackingMoreV4.name, "TrackingMoreV4");
  assert.equal(TrackingMoreError.name, "TrackingMoreError");
  const key = "sk-cause-KEY-77";
  const closed = `http://127.0.0.1:${await freePort()}/v2`; // nothing listens there
  const tm = new TrackingMore({ apiKey: key, baseUrl: closed, requestsPerSecond: 0, maxRetries: 0 });
  const err = await tm.userInfo().catch((x) => x);
  assert.equal(err.constructor.name, "TrackingMoreError");
  assert.equal(err.code, "NETWORK");
  assert.ok(err.cause instanceof Error, "the underlying failure");
  assert.match(`${err.cause.code} ${err.cause.message}`, /ECONNREFUSED|refused/i);
  const { inspect } = await import("node:util");
  const shown = inspect(err);
  assert.match(shown, /^TrackingMoreError: network error/);
  assert.ok(!shown.includes(key) && !JSON.stringify(err).includes(key));
  // A fetch that fails quoting the key: the cause is scrubbed too.
  const leaky = new TrackingMore({ apiKey: key, baseUrl: "http://127.0.0.1:9/v2", requestsPerSecond: 0, maxRetries: 0,
    fetch: (url, init) => { throw new TypeError("fetch failed", { cause: new Error(`bad header ${init.headers["Trackingmore-Api-Key"]}`) }); } });
  const e2 = await leaky.userInfo().catch((x) => x);
  assert.equal(e2.code, "NETWORK");
  assert.match(e2.cause.message, /bad header \[redacted\]/);
  assert.ok(!inspect(e2).includes(key));
});
