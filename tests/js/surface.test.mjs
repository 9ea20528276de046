// One surface, two places that must agree: the wasm engine's named operations (src/ops.rs
// OPERATIONS, which the facade in src/io.js defines its methods from at load time) and the
// TypeScript declaration of the class (the generated .d.ts). A method added, removed or renamed in
// one place only fails here, and the engine refuses an operation it does not have instead of
// calling another endpoint.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { TrackingMore, TrackingMoreError } from "../../pkg/node.js";
import * as glue from "../../pkg/trackingmore_wasm.js";
import { freePort } from "./worker.mjs";

const read = (p) => readFileSync(new URL(`../../${p}`, import.meta.url), "utf8");
// The engine as the glue module exports it (pkg/node.js bundles its own copy of that module).
glue.initSync({ module: readFileSync(new URL("../../pkg/trackingmore_wasm_bg.wasm", import.meta.url)) });
const sorted = (xs) => [...new Set(xs)].sort();

const table = /pub const OPERATIONS: &str = "([^"]+)";/.exec(read("src/ops.rs"))[1];
// In the table's order: a method's place in it is the number the class calls the engine with.
const places = table.replace(/\\\n/g, " ").split(/\s+/).filter(Boolean);
const operations = sorted(places);
const dts = read("pkg/trackingmore_wasm.d.ts");
const classBody = /export declare class TrackingMore \{([\s\S]*?)\n\}/.exec(dts)[1];
const declared = sorted([...classBody.matchAll(/^\s+(\w+)\(/gm)].map((m) => m[1]))
  .filter((m) => !["constructor", "free", "allTrackings"].includes(m));

test("the engine's operations, the class's methods and the TypeScript class agree", () => {
  assert.equal(operations.length, 18);
  assert.deepEqual(declared, operations, "the .d.ts class vs src/ops.rs OPERATIONS");
  // The class's methods come from the names the built wasm hands to the facade.
  const proto = Object.getOwnPropertyNames(TrackingMore.prototype).filter((n) => n !== "constructor");
  assert.deepEqual(sorted(proto), sorted([...operations, "allTrackings", "free"]), "the built wasm vs src/ops.rs");
});

test("an unknown operation is refused, never mapped to another endpoint", async () => {
  const e = glue.engine({ apiKey: "k123", requestsPerSecond: 0, fetch: () => assert.fail("no request") });
  // The class calls the engine by an operation's place in OPERATIONS; past the list is refused.
  const ops = places;
  await assert.rejects(glue.call(e, ops.length, ["dhl", "RN1"]), (err) => err.code === "INVALID_INPUT" && err.message === `no such operation: ${ops.length}`);
  await assert.rejects(glue.call(e, ops.indexOf("getTracking"), ["DHL", "RN1"]), (err) => err.code === "INVALID_INPUT" && /carrier code "DHL"/.test(err.message));
  glue.step(e, -3); // FREE
  // A client let go is gone: its number names nothing, and letting go again does nothing.
  await assert.rejects(glue.call(e, ops.indexOf("userInfo"), []), (err) => err.code === "INVALID_INPUT" && /freed/.test(err.message));
  glue.step(e, -3); // FREE
});

test("errors read well in a console: class names survive minification, NETWORK keeps its cause", async () => {
  assert.equal(TrackingMore.name, "TrackingMore");
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
