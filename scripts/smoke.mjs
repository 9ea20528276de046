// The built package, used once as a user would, at the end of `make pkg` (whichever build made
// it: the nightly one or the plain stable fallback): a call answered by an in-memory fetch, its
// quirk fixed, and a validation error before any request. A broken loader or instance fails here,
// in a second, before any suite runs.
import assert from "node:assert/strict";
import { TrackingMore, TrackingMoreError } from "../pkg/node.js";

let requests = 0;
const tm = new TrackingMore({
  apiKey: "smoke-key",
  baseUrl: "http://smoke.invalid/v2",
  maxRetries: 0,
  fetch: async (url, init) => {
    requests++;
    assert.equal(url, "http://smoke.invalid/v2/trackings/dhl/RN1");
    assert.equal(init.headers["Trackingmore-Api-Key"], "smoke-key");
    return new Response(JSON.stringify({ meta: { code: 200 }, data: { tracking_number: "RN1", carrier_code: "dhl", customer_email: "a@b.c" } }));
  },
});
const t = await tm.getTracking("dhl", "RN1");
assert.deepEqual([t.tracking_number, t.customer_email], ["RN1", ["a@b.c"]]);
await assert.rejects(tm.getTracking("DHL", "RN1"), (e) => e instanceof TrackingMoreError && e.code === "INVALID_INPUT");
assert.equal(requests, 1);
tm.free();
console.log("smoke: the built package answers a call and refuses bad input");
