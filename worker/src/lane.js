// The pacing state of one lane of the account pacer (pacer.js), without I/O: tested on its own
// (tests/js/pacer.test.mjs).

/** How long an upstream request may take. Past it, its in-flight mark no longer holds the lane:
 * a request whose caller went away is cancelled with its continuations, so it never says it
 * landed, and without this bound its lane would wait for it forever. */
export const UPSTREAM_TIMEOUT_MS = 30000;

/** Which lane a request waits in, by its path: v2 has two (realtime, and everything else); v4
 * limits each endpoint on its own (`v4 /trackings/get`; the id of update, delete and retrack is
 * not part of the endpoint), creates at their own rate. */
export function laneOf(pathname) {
  const v4 = /\/v4(\/.*)$/.exec(pathname);
  if (v4) {
    const endpoint = v4[1].replace(/\/+/g, "/").replace(/^(\/trackings\/(?:update|delete|retrack))\/.*$/, "$1").replace(/\/$/, "");
    return `v4 ${endpoint}`;
  }
  return /\/trackings\/realtime\/?$/.test(pathname) ? "realtime" : "general";
}

/** The pacing state of one lane, without I/O (tested on its own). */
export class Lane {
  constructor(interval, cooldownMs) {
    this.interval = interval;
    this.cooldownMs = cooldownMs;
    this.next = 0;
    this.inFlight = 0;
    this.lastLanded = -Infinity;
    this.heldUntil = 0;
    this.flightBound = 0;
    this.lastSent = 0;
    /** Requests that never said they landed (taken as gone at their bound). */
    this.lost = 0;
    /** The recent upstream round trip (a moving average): each request holds the lane for it
     * and one interval, so the slots handed out are that far apart. */
    this.roundTrip = 0;
  }

  /** The wait for the next slot at `now`, without taking it. */
  peek(now) {
    return Math.max(this.next, now) - now;
  }

  /** How many requests hold a slot that has not come yet at `now`. */
  queued(now) {
    return this.next > now ? Math.ceil((this.next - now) / (this.interval + this.roundTrip)) : 0;
  }

  /** Takes the next slot; returns how long to wait for it. Slots are one interval and the recent
   * round trip apart, so that the wait a slot promises (`peek`) is the wait it will be, and a
   * lane whose answers slow down queues fewer requests, not later ones. */
  reserve(now) {
    const slot = Math.max(this.next, now);
    this.next = slot + this.interval + this.roundTrip;
    // A slot that has come does not free the lane by itself: the previous request may still be
    // in flight, or have landed less than an interval ago (answers slower than the round trip
    // the slots assumed).
    return Math.max(slot - now, this.ready(now));
  }

  /** After the slot: how much longer to wait for the lane (0 = send now). */
  ready(now) {
    if (this.inFlight > 0 && now >= this.flightBound) {
      this.lost += this.inFlight;
      this.inFlight = 0;
    }
    if (this.inFlight > 0) return Math.min(this.interval, this.flightBound - now);
    return Math.max(0, this.lastLanded + this.interval - now);
  }

  /** A request leaves at `now`; it lands within `UPSTREAM_TIMEOUT_MS`, or is taken as gone. */
  sent(now) {
    this.inFlight += 1;
    this.lastSent = now;
    this.flightBound = Math.max(this.flightBound, now + UPSTREAM_TIMEOUT_MS);
  }

  landed(now, rateLimited) {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.roundTrip = 0.8 * this.roundTrip + 0.2 * Math.max(0, now - this.lastSent);
    this.lastLanded = Math.max(this.lastLanded, now);
    if (rateLimited) {
      this.heldUntil = Math.max(this.heldUntil, now + this.cooldownMs);
      this.next = Math.max(this.next, this.heldUntil);
    }
  }
}
