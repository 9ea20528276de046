// The platform side of the client, imported by the wasm (`#[wasm_bindgen(module = "/src/io.js")]`):
// fetch with a per-attempt timeout, abortable sleeps, Web Crypto, the error class, and the small
// loop that performs the I/O a wasm `Task` asks for. Every decision stays in Rust.

// A request's fetch init: the client's headers (built once per client, with the key) plus `Lang`.
export function requestInit(method, body, lang, headers) {
  const init = { method, headers: lang === undefined ? headers : { ...headers, Lang: lang } };
  if (body !== undefined) init.body = body;
  return init;
}

// An object (arrays included), not null.
const isObject = (v) => v !== null && typeof v === "object";

// A unit's send action for the `drive` loop: [url, fetch init, timeoutMs], made in one call.
export function request(url, method, body, lang, headers, timeoutMs) {
  return [url, requestInit(method, body, lang, headers), timeoutMs];
}

// `o[k]` when `o` is an object (not null), else undefined; a throwing getter reads as undefined.
// The wasm reads every field of arguments, options and answers through this: one crossing, the
// key passed as text (no key value made, handed over and dropped).
export function field(o, k) {
  try {
    return isObject(o) ? o[k] : undefined;
  } catch {
    return undefined;
  }
}
// `o[k] = v`; a throwing setter (a frozen object) is ignored.
export function put(o, k, v) {
  try {
    o[k] = v;
  } catch {
    // as Reflect.set: the object refused the value
  }
}

// A body as JSON: the engine parses; the documented `"phone":+86…` quirk (a number with a `+`,
// not valid JSON) is quoted and parsed again. `undefined` when it is not JSON at all.
export function parseBody(text) {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(String(text).replace(/(:\s*)\+(\d+)/g, '$1"+$2"'));
    } catch {
      return undefined;
    }
  }
}

// The envelope of an answer: [status, retryAfter, metaCode, metaMessage, data]. `metaCode` is a
// number (the API may send it as text) or undefined when the body is not a v2 envelope.
function envelope(status, retryAfter, text) {
  const body = parseBody(text);
  const meta = isObject(body) ? body.meta : undefined;
  let code = isObject(meta) ? meta.code : undefined;
  if (typeof code === "string" && /^\s*[+-]?\d+\s*$/.test(code)) code = Number(code);
  if (typeof code !== "number" || !Number.isFinite(code)) code = undefined;
  const message = code !== undefined && typeof meta.message === "string" ? meta.message : "";
  return [status, retryAfter, code, message, isObject(body) ? body.data : undefined];
}

// The wasm's clock (pacing, waits; src/transport.rs imports the same): monotonic and finer than a
// millisecond. `Date.now()` is whole milliseconds: an answer's time read from it was up to 1 ms
// early, and so was the next send.
const now = () => performance.now();
// How long until an HTTP date (a `Retry-After`), on the wall clock; NaN when it is none.
export const untilDate = (text) => Date.parse(text) - Date.now();
// One attempt: resolves with the envelope of a response (above) and when the response came
// (`now()`, the wasm's clock), or [kind, message, cause]
// ("aborted", "timeout", "network") when there was none. Never rejects. `cause` is the
// underlying failure (refused, DNS, TLS: the `cause` fetch itself reports), rebuilt as a plain
// Error whose message, like `message`, is scrubbed of the key.
export async function attempt(fetchFn, url, init, timeoutMs, signal) {
  if (signal?.aborted) return ["aborted", ""];
  const f = fetchFn || globalThis.fetch;
  if (typeof f !== "function") return ["network", "no fetch in this runtime"];
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; ctl.abort(); }, timeoutMs);
  const onAbort = () => ctl.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  init.signal = ctl.signal;
  try {
    const res = await f(url, init);
    // The pacing counts from the answer's arrival, not from when its body was read and parsed.
    const answeredAt = now();
    const text = await res.text();
    const got = envelope(res.status, res.headers.get("retry-after"), text);
    got.push(answeredAt);
    return got;
  } catch (e) {
    const kind = signal?.aborted ? "aborted" : timedOut ? "timeout" : "network";
    const key = init.headers?.["Trackingmore-Api-Key"];
    const clean = (t) => (key ? scrub(String(t), key) : String(t));
    const under = e?.cause || e;
    const cause = new Error(clean(under?.message !== undefined ? under.message : under));
    if (typeof under?.name === "string") cause.name = under.name;
    if (under?.code !== undefined) cause.code = under.code;
    return [kind, clean(e?.message ? e.message : e), cause];
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
// Timers take at most 2^31-1 ms (a longer one fires at once): a longer sleep chains them. They
// fire in whole milliseconds, up to ~1.5 ms late: in Node, whose entry lends its `setImmediate`
// (`turn`, beside the wasm's exports), the last millisecond is waited out in event-loop turns
// instead (I/O goes on meanwhile), which makes a pacing slot ~0.8 ms shorter. Not elsewhere:
// workerd's clock moves only with I/O, and a page's turns are not cheap.
const MAX_TIMER = 2147483647;
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject();
    const turn = w?.turn;
    const end = now() + ms;
    let t;
    const onAbort = () => { clearTimeout(t); reject(); };
    const tick = () => {
      const left = end - now();
      if (left > 0) return (t = turn && left <= 1 ? turn(tick) : setTimeout(tick, Math.min(turn ? left - 1 : left, MAX_TIMER)));
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    tick();
  });
}
export class TrackingMoreError extends Error {
  constructor(code, message, metaCode, status, retryable, retryAfterMs) {
    super(message);
    this.name = "TrackingMoreError";
    this.code = code;
    if (metaCode !== undefined) this.metaCode = metaCode;
    if (status !== undefined) this.status = status;
    this.retryable = retryable;
    if (retryAfterMs !== undefined) this.retryAfterMs = retryAfterMs;
  }
}
// Class names survive minification, so that `err.constructor.name` and `console.log(err)` read
// "TrackingMoreError" (and "TrackingMore" below).
Object.defineProperty(TrackingMoreError, "name", { value: "TrackingMoreError" });
// Every text the server or the network wrote passes here before it reaches an error: the key,
// and its percent-encoded form, become "[redacted]".
export function scrub(text, key) {
  const enc = encodeURIComponent(key);
  const out = text.split(key).join("[redacted]");
  return enc === key ? out : out.split(enc).join("[redacted]");
}
// `onWait(info)`; a throwing hook never breaks the call.
export function tellWait(hook, reason, ms, attempt, code) {
  try {
    hook(code === undefined ? { reason, ms, attempt } : { reason, ms, attempt, code });
  } catch {
    // the caller's hook failed: the call goes on
  }
}
// `onProgress({ done, total, added, failed })` after each chunk of createTrackings; a throwing
// hook never breaks the call.
export function tellProgress(hook, done, total, added, failed) {
  try {
    hook({ done, total, added, failed });
  } catch {
    // the caller's hook failed: the import goes on
  }
}

// The wasm's exported functions (`engine`, `call`, `step`: src/js/mod.rs), handed over by `api`
// (with, in Node, `turn`: `setImmediate`, for `sleep`). Clients and calls are numbers the wasm
// holds.
let w;
// `call(engine, op, …)`'s `op` for `allTrackings`; `step(id, i, ev)`'s `i` that asks for the
// call's result, the one that hands it a fetched page (`allTrackings`), and the one that lets go
// of a client or a call: usize::MAX, u32::MAX, u32::MAX - 1 and u32::MAX - 2 in the wasm
// (PAGES, FINISH, ACCEPT, FREE).
const PAGES = -1, FINISH = -1, ACCEPT = -2, FREE = -3;
const free = (id) => w.step(id, FREE);
// `engine`, `call` (PAGES) and `step` (FINISH) return their error instead of throwing it (no
// result of theirs is ever a TrackingMoreError): thrown here.
const thrown = (v) => {
  if (v instanceof TrackingMoreError) throw v;
  return v;
};
// Clients dropped without `free()`, and `allTrackings` iterators left unfinished, are let go when
// they are collected (letting go twice does nothing).
const collected = typeof FinalizationRegistry === "function" ? new FinalizationRegistry(free) : undefined;
// The public class: each method forwards to the wasm client it holds by number, with the method's
// place in the engine's own operations (`operations`: src/ops.rs OPERATIONS, which the wasm passes
// here; one wasm export instead of nineteen, and a number crosses, not a name); argument checks,
// requests and results are all the engine's. A client dropped without `free()` is let go when it
// is collected. tests/js/surface.test.mjs checks the methods against the TypeScript declaration.
export function api(wasm, operations) {
  w = wasm;
  const engines = new WeakMap();
  const engine = (client) => {
    const e = engines.get(client);
    if (e === undefined) throw new TypeError("this TrackingMore client was freed");
    return e;
  };
  class TrackingMore {
    constructor(options) {
      const e = thrown(w.engine(options));
      engines.set(this, e);
      collected?.register(this, e, this);
    }
    allTrackings(query, opts) { return thrown(w.call(engine(this), PAGES, [query, opts])); }
    free() {
      const e = engines.get(this);
      engines.delete(this);
      collected?.unregister(this);
      if (e !== undefined) free(e);
    }
  }
  const define = (name, value) => Object.defineProperty(TrackingMore.prototype, name,
    { value, writable: true, configurable: true });
  operations.split(" ").forEach((name, op) =>
    define(name, { [name](...args) { return w.call(engine(this), op, args); } }[name]));
  if (Symbol.dispose) define(Symbol.dispose, TrackingMore.prototype.free);
  Object.defineProperty(TrackingMore, "name", { value: "TrackingMore" });
  return { TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook };
}
// The I/O loop of every call. The decisions (pacing, what to send, retries, errors, results) are
// the wasm task's: it answers each step with a number (sleep that long), an array (send it) or
// true (this unit is settled). `lanes` loops share the task's `units` (chunks), in order.
async function run(task, fetchFn, signal, lanes, units) {
  let next = 0;
  const lane = async () => {
    for (let i; (i = next++) < units; ) {
      for (let ev, act; (act = w.step(task, i, ev)) !== true; ) {
        ev = typeof act === "number"
          ? await sleep(act, signal).then(() => undefined, () => 0)
          : await attempt(fetchFn, act[0], act[1], act[2], signal);
      }
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
  return thrown(w.step(task, FINISH));
}
export async function drive(task, fetchFn, signal, lanes, units) {
  try {
    return await run(task, fetchFn, signal, lanes, units);
  } finally {
    free(task);
  }
}
// allTrackings: one task, reloaded with each next page by `accept`.
export function pages(task, fetchFn, signal) {
  const it = walk(task, fetchFn, signal);
  collected?.register(it, task);
  return it;
}
async function* walk(task, fetchFn, signal) {
  try {
    for (let more = true; more; ) {
      const page = await run(task, fetchFn, signal, 1, 1);
      more = w.step(task, ACCEPT, page);
      yield* page.items;
    }
  } finally {
    free(task);
  }
}

// The real-data quirks of trackings, fixed in place, per item without a JS↔wasm crossing (the same
// rules for serde_json::Value are in src/doc.rs; tests/canned/answers.json holds both to them): `customer_email` (a string, a list, "", null or
// "null") → string[]; `order_create_time` 0 or "" → null, another number → its text.
export function fixTracking(t) {
  if (!isObject(t)) return;
  const e = t.customer_email;
  if (!Array.isArray(e)) {
    const s = typeof e === "string" && e !== "null" ? e.trim() : "";
    t.customer_email = s ? [s] : [];
  }
  const o = t.order_create_time;
  if (typeof o === "number") t.order_create_time = o === 0 ? null : String(o);
  else if (o === "") t.order_create_time = null;
}
// A list page: `page`, `limit`, `total`, `count` as numbers (the API sends `total` as text), and
// its trackings fixed.
export function fixPage(p) {
  for (const k of ["page", "limit", "total", "count"]) {
    if (p[k] === undefined && k !== "count") p[k] = 0;
    const v = p[k];
    if (typeof v === "string") {
      const n = parseFloat(v);
      p[k] = Number.isNaN(n) ? 0 : n;
    } else if (v === null) p[k] = 0;
  }
  if (Array.isArray(p.items)) for (const t of p.items) fixTracking(t);
  else p.items = [];
}

// Webhooks, for both APIs (the Rust API's `webhook::verify`/`parse` call these): v2 signs
// `verifyInfo.timeStr` with HMAC-SHA256 keyed by the account e-mail, hex in
// `verifyInfo.signature`; `verifyInfo` is at the top level or inside `data`. Web Crypto's verify
// compares in constant time. v2 signs only `timeStr`, so `maxAgeSeconds` is the only bound on a
// replayed body.
const INVALID_WEBHOOK = "not a valid TrackingMore webhook: bad or stale signature, or not a v2 webhook body";
function maxAge(opts) {
  const v = opts === undefined || opts === null ? undefined : opts.maxAgeSeconds;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !(v >= 0)) throw new TrackingMoreError("INVALID_INPUT", "maxAgeSeconds must be a number >= 0", undefined, undefined, false);
  return v;
}
// The body as an object (a JSON string parsed), or undefined.
function bodyObject(body) {
  const o = typeof body === "string" ? parseBody(body) : body;
  return isObject(o) ? o : undefined;
}
// [timeStr, signature] of the first `verifyInfo` that has a signature; undefined when there is
// none or its `timeStr` is neither text nor a whole number.
function verifyInfo(o) {
  for (const info of [o.verifyInfo, isObject(o.data) ? o.data.verifyInfo : undefined]) {
    if (!isObject(info) || typeof info.signature !== "string") continue;
    const t = info.timeStr;
    if (typeof t === "string") return [t, info.signature];
    if (typeof t === "number") return Number.isInteger(t) ? [String(t), info.signature] : undefined;
  }
  return undefined;
}
export async function verifyWebhook(body, accountEmail, opts) {
  const max = maxAge(opts);
  const o = bodyObject(body);
  const info = o && typeof accountEmail === "string" && accountEmail !== "" ? verifyInfo(o) : undefined;
  if (!info) return false;
  const fresh = max === undefined ||
    (/^\s*-?\d+\s*$/.test(info[0]) && Math.abs(Date.now() / 1000 - Number(info[0])) <= max);
  return fresh && hmacVerify(accountEmail, info[0], info[1]);
}
export async function parseWebhook(body, accountEmail, opts) {
  maxAge(opts);
  const o = bodyObject(body);
  const data = o && o.data;
  const ok = isObject(data) && !Array.isArray(data) &&
    (await verifyWebhook(o, accountEmail, opts));
  if (!ok) throw new TrackingMoreError("INVALID_WEBHOOK", INVALID_WEBHOOK, undefined, undefined, false);
  fixTracking(data);
  return data;
}
// HMAC-SHA256 check with Web Crypto, whose verify compares in constant time. `hex` is the
// signature as sent (either case, surrounding blanks ignored); not hex → false.
export async function hmacVerify(key, message, hex) {
  const h = hex.trim();
  const subtle = globalThis.crypto?.subtle;
  if (!subtle || !/^(?:[0-9a-fA-F]{2})+$/.test(h)) return false;
  const sig = new Uint8Array(h.length / 2);
  for (let i = 0; i < sig.length; i++) sig[i] = parseInt(h.substr(2 * i, 2), 16);
  try {
    const enc = new TextEncoder();
    const alg = { name: "HMAC", hash: "SHA-256" };
    const k = await subtle.importKey("raw", enc.encode(key), alg, false, ["verify"]);
    return await subtle.verify("HMAC", k, sig, enc.encode(message));
  } catch {
    return false;
  }
}
