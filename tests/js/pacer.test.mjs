// The account pacer's lane on its own (worker/src/lane.js), without workerd: the decisions the
// Durable Object makes for every upstream request.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Lane, UPSTREAM_TIMEOUT_MS, laneOf } from "../../worker/src/lane.js";

test("a request that never lands (its caller went away) frees the lane after the upstream timeout", () => {
  const lane = new Lane(1000, 120000);
  assert.equal(lane.reserve(0), 0);
  lane.sent(0);
  // No landed(): the request was cancelled with its continuations.
  assert.equal(lane.reserve(10), 990);
  assert.equal(lane.ready(1000), 1000, "still in flight: wait");
  assert.equal(lane.ready(UPSTREAM_TIMEOUT_MS - 100), 100, "never past the bound");
  assert.equal(lane.ready(UPSTREAM_TIMEOUT_MS), 0, "past the bound the lane is free");
});

test("a request that lands frees the lane one interval after its answer; a 429 holds it", () => {
  const lane = new Lane(1000, 120000);
  lane.reserve(0);
  lane.sent(0);
  lane.landed(40, false);
  assert.equal(lane.reserve(50), 950);
  assert.equal(lane.ready(1000), 40, "1 s after the answer, not after the send");
  lane.sent(1040);
  lane.landed(1060, true);
  assert.equal(lane.reserve(1100), 121060 - 1100, "held for the cooldown");
});

test("lanes: v2's two, and one per v4 endpoint (an id is not part of the endpoint)", () => {
  assert.equal(laneOf("/v2/trackings/realtime"), "realtime");
  assert.equal(laneOf("/v2/trackings/dhl/RN1"), "general");
  assert.equal(laneOf("/v4/trackings/get"), "v4 /trackings/get");
  assert.equal(laneOf("/v4/trackings/update/9a1d3844a50f3851e76e3ee347881588"), "v4 /trackings/update");
  assert.equal(laneOf("/v4/trackings/delete/9a1d3844a50f3851e76e3ee347881588"), laneOf("/v4/trackings/delete/0b"));
  assert.equal(laneOf("/v4//awb"), "v4 /awb");
  assert.equal(laneOf("/v4/trackings/create"), "v4 /trackings/create");
});
