// The account-wide pacer: one Durable Object per TrackingMore account, through which every
// upstream request of every isolate of the Worker goes. A client per isolate paces only itself;
// a deployed Worker runs in many isolates at once, so only one place that sees every request can
// keep the whole account under the API's limits (v2: 1 request/s, 3/s for realtime; v4: 10/s for
// each endpoint, 3/s for creates) and away from its two-minute lockout.
//
// The rule is the package's own (README, "How pacing works"): the API counts requests when they
// arrive, so each lane keeps at most one request in flight and sends the next no sooner than one
// interval after the previous answer came back, and no sooner than its reserved slot (so waiting
// requests go in order). After a 429 the lane is held for the cooldown, then restarts one
// request at a time. A request whose wait would exceed the bound it brings
// (`x-pacer-max-wait-ms`) is not queued: it gets 503 with `Retry-After` at once.
//
// The object also runs the shoppers' tracking lookups, so that concurrent lookups of one tracking
// from any isolate share one upstream flow, and holds the rules for the creations they may make
// (numbers that look real; a per-visitor limit; the account's daily budget). How a lookup runs is
// its subclass's (account.js: with the package); this file uses no package, so that a plain-JS
// Worker can be measured against the same pacer (bench/plain-worker, bench/edge.mjs).

import { DurableObject } from "cloudflare:workers";
import { Lane, UPSTREAM_TIMEOUT_MS, laneOf } from "./lane.js";
import { settings } from "./settings.js";

/** The header through which the Worker tells the pacer how long this request may wait. */
export const MAX_WAIT_HEADER = "x-pacer-max-wait-ms";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

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
  // `meta.type` is v2's; a v4 client ignores it.
  const body = { meta: { code: 503, type: "Service Unavailable", message: `Busy: ${reason}; retry in ${seconds} s.` }, data: [] };
  return Response.json(body, { status: 503, headers: { "Retry-After": String(seconds) } });
}

/** The longest a lookup can take (a read and a create, each within the upstream timeout). */
const LOOKUP_BOUND_MS = 2 * UPSTREAM_TIMEOUT_MS;

/** Whether a shopper's `number` may be created on the fly: it looks like a tracking number (4 to 50
 * letters, digits and dashes: no `/`, no dots, no blanks), so that junk never spends quota. */
export function creatable(number) {
  return /^[A-Za-z0-9][A-Za-z0-9-]{3,49}$/.test(number);
}

/** A shopper's creation refused: the visitor's limit (429) or the account's daily budget. */
export class CreationRefused extends Error {
  constructor(code, message, status, headers = {}) {
    super(message);
    Object.assign(this, { code, status, headers });
  }
}

/** The account's pacer. A subclass gives `runLookup(query)`: a shopper's lookup,
 * `{ version, carrier, number, lang, visitor }`, to `{ tracking }` or `{ failure }`. */
export class Pacer extends DurableObject {
  constructor(ctx, env) {
    super(ctx, env);
    const rate = (name, fallback) => Number(env[name] ?? fallback);
    this.rates = {
      general: rate("REQUESTS_PER_SECOND", 1),
      realtime: rate("REALTIME_REQUESTS_PER_SECOND", 3),
      v4: rate("V4_REQUESTS_PER_SECOND", 10),
      v4Create: rate("V4_CREATE_REQUESTS_PER_SECOND", 3),
    };
    this.cooldown = rate("RATE_LIMIT_COOLDOWN_MS", 120000);
    this.lanes = {};
    /** What operations and the benchmark read (`GET /_pacer/stats`): upstream requests forwarded,
     * refused as too far off (503), answered 429; the most requests queued in the lanes at once;
     * lookups run, and those that joined one under way. */
    this.stats = { forwarded: 0, refused: 0, rateLimited: 0, maxQueued: 0, lookups: 0, coalesced: 0 };
    this.cfg = settings(env);
    /** Lookups under way, by tracking: `{ started, outcome }` (the promise of their outcome). */
    this.inFlight = new Map();
    /** Shopper creations spent: `{ day, used }`, read from storage before the first event. */
    this.spent = { day: "", used: 0 };
    ctx.blockConcurrencyWhile(async () => {
      this.spent = (await ctx.storage.get("creations")) ?? this.spent;
    });
  }

  /** A shopper's lookup (`runLookup`'s query): resolves to `{ tracking }` or `{ failure }`, never
   * rejects. Lookups of the same tracking while one is under way get its outcome. */
  lookup(query) {
    const key = JSON.stringify([query.version, query.carrier, query.number, query.lang ?? ""]);
    const now = Date.now();
    const flight = this.inFlight.get(key);
    // A lookup under way longer than any could take is taken as gone (its continuations cancelled
    // with a caller that went away): it is not joined, and a new one replaces it.
    if (flight && now - flight.started < LOOKUP_BOUND_MS) {
      this.stats.coalesced += 1;
      return flight.outcome;
    }
    this.stats.lookups += 1;
    const entry = { started: now, outcome: this.runLookup(query) };
    entry.outcome.finally(() => {
      if (this.inFlight.get(key) === entry) this.inFlight.delete(key);
    });
    this.inFlight.set(key, entry);
    return entry.outcome;
  }

  /** How many requests wait in the lanes at `now`. */
  queued(now) {
    return Object.values(this.lanes).reduce((sum, lane) => sum + lane.queued(now), 0);
  }

  /** The lane of `name` (laneOf), made on first use at its rate. */
  lane(name) {
    const rps = name === "v4 /trackings/create" ? this.rates.v4Create
      : name.startsWith("v4 ") ? this.rates.v4
      : this.rates[name];
    this.lanes[name] ??= new Lane(1000 / rps, this.cooldown);
    return this.lanes[name];
  }

  /** Today's shopper creations against the daily budget: `{ day, used, limit }` (UTC days). */
  creations() {
    const day = new Date().toISOString().slice(0, 10);
    const used = this.spent.day === day ? this.spent.used : 0;
    return { day, used, limit: this.cfg.dailyCreateBudget };
  }

  /** Takes one creation from today's budget: whether there was one left. The count is this
   * object's (one per account, one event at a time: no two isolates take the last one), kept in
   * its storage for the next instance; the write is not waited for, so that answers and upstream
   * requests are not held back behind it. */
  takeCreation() {
    const now = this.creations();
    if (now.used >= now.limit) return false;
    this.spendCreations(now.day, now.used + 1);
    return true;
  }

  /** Gives back a creation taken on `day` (it never reached the API). */
  giveBackCreation(day) {
    if (this.spent.day === day && this.spent.used > 0) this.spendCreations(day, this.spent.used - 1);
  }

  /** Sets today's count of shopper creations, in memory and (unawaited) in storage. */
  spendCreations(day, used) {
    this.spent = { day, used };
    this.ctx.storage.put("creations", this.spent, { allowUnconfirmed: true });
  }

  /** A shopper's creation: `create(send)` makes it, its upstream requests sent through `send`,
   * once this visitor and the daily budget allow one more (else `CreationRefused`). A creation
   * none of whose requests left (its lane's turn too far off) gives its place in the budget back:
   * on a busy day the budget counts trackings the API may have made, not shoppers turned away. */
  async creating(visitor, create) {
    await this.mayCreate(visitor);
    const day = this.spent.day;
    let left = false;
    const send = (request) => this.forward(request, this.cfg.shopperMaxWaitMs, () => { left = true; });
    try {
      return await create(send);
    } finally {
      if (!left) this.giveBackCreation(day);
    }
  }

  /** Throws `CreationRefused` unless this visitor and the account's daily budget allow one more
   * creation. */
  async mayCreate(visitor) {
    if (this.env.CREATIONS) {
      const { success } = await this.env.CREATIONS.limit({ key: visitor || "unknown" });
      if (!success) {
        throw new CreationRefused(429, "Too many new tracking numbers from here; retry in a minute.", 429, { "Retry-After": "60" });
      }
    }
    if (!this.takeCreation()) {
      throw new CreationRefused("notFound", "This number is not tracked yet, and no new numbers can be added today.");
    }
  }

  /** The Worker's requests: a shopper lookup (`POST /_pacer/lookup`, its query as JSON,
   * answered with its outcome), the figures, or an upstream request to forward. */
  async fetch(request) {
    const url = new URL(request.url);
    if (url.pathname === "/_pacer/lookup") {
      const query = await request.json().catch(() => null);
      // null: the caller went away while sending it.
      return query ? Response.json(await this.lookup(query)) : new Response(null, { status: 499 });
    }
    if (url.pathname === "/_pacer/stats") {
      const lost = Object.values(this.lanes).reduce((sum, lane) => sum + lane.lost, 0);
      return Response.json({ ...this.stats, queued: this.queued(Date.now()), lost });
    }
    if (url.pathname === "/_pacer/creations") return Response.json(this.creations());
    const headers = new Headers(request.headers);
    headers.delete(MAX_WAIT_HEADER);
    const maxWait = Number(request.headers.get(MAX_WAIT_HEADER) ?? Infinity);
    return this.forward(new Request(request, { headers }), maxWait);
  }

  /** Sends one upstream request (its URL and headers as a client of the package built them) in
   * its lane's turn, or answers 503 at once when that turn is more than `maxWait` ms away.
   * `onSent` is called when the request leaves. */
  async forward(request, maxWait, onSent) {
    const url = new URL(request.url);
    let body;
    try {
      body = request.method === "GET" || request.method === "DELETE" ? undefined : await request.text();
    } catch {
      // The caller went away while sending it: nobody to answer, and no slot taken.
      return new Response(null, { status: 499 });
    }
    const lane = this.lane(laneOf(url.pathname));
    const now = Date.now();
    const queued = lane.peek(now) + (lane.inFlight > 0 ? lane.interval : 0);
    if (queued > maxWait) {
      this.stats.refused += 1;
      return busy(queued, lane.heldUntil > now ? "the account is rate-limited" : "too many lookups at once");
    }
    let wait = lane.reserve(now);
    this.stats.maxQueued = Math.max(this.stats.maxQueued, this.queued(now));
    while (wait > 0) {
      await sleep(wait);
      wait = lane.ready(Date.now());
    }
    lane.sent(Date.now());
    onSent?.();
    let status = 0;
    let text = "";
    try {
      const upstream = await fetch(url, { method: request.method, headers: request.headers, body, signal: AbortSignal.timeout(UPSTREAM_TIMEOUT_MS) });
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
