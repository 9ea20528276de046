// The account-wide pacer: one Durable Object per TrackingMore account, through which every
// upstream request of every isolate of the Worker goes. A client per isolate paces only itself;
// a deployed Worker runs in many isolates at once, so only one place that sees every request can
// keep the whole account under the API's limit (1 request/s, 3/s for realtime) and away from
// its two-minute lockout.
//
// The rule is the package's own (README, "How pacing works"): the API counts requests when they
// arrive, so each lane keeps at most one request in flight and sends the next no sooner than one
// interval after the previous answer came back, and no sooner than its reserved slot (so waiting
// requests go in order). After a 429 the lane is held for the cooldown, then restarts one
// request at a time. A request whose wait would exceed the bound it brings
// (`x-pacer-max-wait-ms`) is not queued: it gets 503 with `Retry-After` at once.

import { DurableObject } from "cloudflare:workers";

/** The header through which the Worker tells the pacer how long this request may wait. */
export const MAX_WAIT_HEADER = "x-pacer-max-wait-ms";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Which lane a v2 request waits in, by its path. */
export function laneOf(pathname) {
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
  }

  /** The wait for the next slot at `now`, without taking it. */
  peek(now) {
    return Math.max(this.next, now) - now;
  }

  /** Takes the next slot; returns how long to wait for it. */
  reserve(now) {
    const slot = Math.max(this.next, now);
    this.next = slot + this.interval;
    return slot - now;
  }

  /** After the slot: how much longer to wait for the lane (0 = send now). */
  ready(now) {
    if (this.inFlight > 0) return this.interval;
    return Math.max(0, this.lastLanded + this.interval - now);
  }

  sent() {
    this.inFlight += 1;
  }

  landed(now, rateLimited) {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.lastLanded = Math.max(this.lastLanded, now);
    if (rateLimited) {
      this.heldUntil = Math.max(this.heldUntil, now + this.cooldownMs);
      this.next = Math.max(this.next, this.heldUntil);
    }
  }
}

/** Whether an upstream answer says 429: HTTP 429, or meta.code 429 inside HTTP 200 (v2's way). */
export function isRateLimited(status, text) {
  if (status === 429) return true;
  if (!text.includes("429")) return false;
  try {
    const code = JSON.parse(text)?.meta?.code;
    return code === 429 || code === "429";
  } catch {
    return false;
  }
}

function busy(waitMs, reason) {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  const body = { meta: { code: 503, type: "Service Unavailable", message: `Busy: ${reason}; retry in ${seconds} s.` }, data: [] };
  return Response.json(body, { status: 503, headers: { "Retry-After": String(seconds) } });
}

export class AccountPacer extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    const rps = Number(env.REQUESTS_PER_SECOND ?? 1);
    const realtimeRps = Number(env.REALTIME_REQUESTS_PER_SECOND ?? 3);
    const cooldown = Number(env.RATE_LIMIT_COOLDOWN_MS ?? 120000);
    this.lanes = { general: new Lane(1000 / rps, cooldown), realtime: new Lane(1000 / realtimeRps, cooldown) };
    this.stats = { forwarded: 0, refused: 0, rateLimited: 0 };
  }

  /** Forwards one upstream request (its URL and headers as the Worker's client built them). */
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/_pacer/stats") return Response.json(this.stats);
    const lane = this.lanes[laneOf(url.pathname)];
    const maxWait = Number(request.headers.get(MAX_WAIT_HEADER) ?? Infinity);
    const now = Date.now();
    const queued = lane.peek(now) + (lane.inFlight > 0 ? lane.interval : 0);
    if (queued > maxWait) {
      this.stats.refused += 1;
      return busy(queued, lane.heldUntil > now ? "the account is rate-limited" : "too many lookups at once");
    }
    let wait = lane.reserve(now);
    while (wait > 0) {
      await sleep(wait);
      wait = lane.ready(Date.now());
    }
    lane.sent();
    let status = 0;
    let text = "";
    try {
      const headers = new Headers(request.headers);
      headers.delete(MAX_WAIT_HEADER);
      const body = request.method === "GET" || request.method === "DELETE" ? undefined : await request.text();
      const upstream = await fetch(url, { method: request.method, headers, body });
      status = upstream.status;
      text = await upstream.text();
      this.stats.forwarded += 1;
      const out = new Headers();
      for (const h of ["content-type", "retry-after"]) {
        const v = upstream.headers.get(h);
        if (v) out.set(h, v);
      }
      return new Response(text, { status, headers: out });
    } finally {
      const limited = isRateLimited(status, text);
      if (limited) this.stats.rateLimited += 1;
      // + 1: workerd's clock is whole milliseconds (and moves only with I/O), so the answer came
      // up to 1 ms after what it reads; the next slot must not start early by that much.
      lane.landed(Date.now() + 1, limited);
    }
  }
}
