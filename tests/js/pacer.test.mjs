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
  assert.equal(lane.reserve(10), 1000, "in flight: wait (its slot would be at 1000)");
  assert.equal(lane.ready(1000), 1000, "still in flight: wait");
  assert.equal(lane.ready(UPSTREAM_TIMEOUT_MS - 100), 100, "never past the bound");
  assert.equal(lane.ready(UPSTREAM_TIMEOUT_MS), 0, "past the bound the lane is free");
});

test("a request that lands frees the lane one interval after its answer; a 429 holds it", () => {
  const lane = new Lane(1000, 120000);
  lane.reserve(0);
  lane.sent(0);
  lane.landed(40, false);
  assert.equal(lane.reserve(50), 990, "1 s after the answer, not after the send (the slot is at 1000)");
  assert.equal(lane.ready(1000), 40);
  assert.equal(lane.ready(1040), 0);
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

test("slow answers space the slots by the round trip too: the queue a wait bound admits stays that short", () => {
  const lane = new Lane(100, 120000);
  // Answers that take 400 ms: each request holds the lane 500 ms (its round trip, then 100 ms).
  let now = 0;
  for (let i = 0; i < 30; i++) {
    now += lane.reserve(now);
    while (lane.ready(now) > 0) now += lane.ready(now);
    lane.sent(now);
    now += 400;
    lane.landed(now, false);
  }
  assert.ok(lane.roundTrip > 390 && lane.roundTrip <= 400, String(lane.roundTrip));
  // A burst now: how many would a 3 s wait bound admit? As many as are served in 3 s (6), not
  // the 30 that 3 s of 100 ms slots would promise.
  let admitted = 0;
  while (lane.peek(now) <= 3000) {
    lane.reserve(now);
    admitted += 1;
  }
  assert.ok(admitted <= 7, `admitted ${admitted}`);
});

test("a slot that has come still waits for the lane: the previous request in flight, or landed less than an interval ago", () => {
  const lane = new Lane(100, 120000);
  assert.equal(lane.reserve(0), 0);
  lane.sent(0);
  // The next slot is at 100 ms; the answer is slower than that.
  assert.ok(lane.reserve(150) > 0, "in flight at its slot: wait");
  lane.landed(160, false);
  const wait = lane.reserve(300) + 300;
  assert.ok(wait >= 260, `sent at ${wait}: no sooner than an interval after the answer (260)`);
});
