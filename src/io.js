// The platform side of the client, imported by the wasm (`#[wasm_bindgen(module = "/src/io.js")]`):
// fetch with a per-attempt timeout, abortable sleeps, Web Crypto, the error class, and the small
// loop that performs the I/O a wasm `Call` asks for. Every decision stays in Rust.

// A request's fetch init: the client's headers (built once per client, with the key) plus `Lang`.
export function requestInit(method, body, lang, headers) {
  const init = { method, headers: lang === undefined ? headers : { ...headers, Lang: lang } };
  if (body !== undefined) init.body = body;
  return init;
}

// An object (arrays included), not null.
const isObject = (v) => v !== null && typeof v === "object";

// The actions a `Call` (src/js/call.rs) gives the `run` loop below: sleep, send, or done.
export const sleepAction = (ms) => ({ kind: "sleep", ms });
export const doneAction = () => ({ kind: "done" });
export const sendAction = (url, method, body, lang, headers, timeoutMs) =>
  ({ kind: "send", url, init: requestInit(method, body, lang, headers), timeoutMs });

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

// A response, read: its status, `Retry-After` and envelope (`metaCode` a number, even where the
// API sent it as text, or undefined when the body is not a v2 envelope).
function response(status, retryAfter, text, answeredAt) {
  const body = parseBody(text);
  const meta = isObject(body) ? body.meta : undefined;
  let metaCode = isObject(meta) ? meta.code : undefined;
  if (typeof metaCode === "string" && /^\s*[+-]?\d+\s*$/.test(metaCode)) metaCode = Number(metaCode);
  if (typeof metaCode !== "number" || !Number.isFinite(metaCode)) metaCode = undefined;
  const metaMessage = metaCode !== undefined && typeof meta.message === "string" ? meta.message : "";
  const data = isObject(body) ? body.data : undefined;
  return { kind: "response", status, retryAfter, metaCode, metaMessage, data, answeredAt };
}

// The wasm's clock (pacing, waits; src/transport.rs imports the same): monotonic and finer than a
// millisecond. `Date.now()` is whole milliseconds: an answer's time read from it was up to 1 ms
// early, and so was the next send.
const now = () => performance.now();
// How long until an HTTP date (a `Retry-After`), on the wall clock; NaN when it is none.
export const untilDate = (text) => Date.parse(text) - Date.now();
// One attempt: resolves with the response (above), `answeredAt` when it came (`now()`, the wasm's
// clock), or with `{ kind, message, cause }` (kind "aborted", "timeout" or "network") when there
// was none. Never rejects. `cause` is the
// underlying failure (refused, DNS, TLS: the `cause` fetch itself reports), rebuilt as a plain
// Error whose message, like `message`, is scrubbed of the key.
export async function attempt(fetchFn, url, init, timeoutMs, signal) {
  if (signal?.aborted) return { kind: "aborted", message: "" };
  const f = fetchFn || globalThis.fetch;
  if (typeof f !== "function") return { kind: "network", message: "no fetch in this runtime" };
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
    return response(res.status, res.headers.get("retry-after"), await res.text(), answeredAt);
  } catch (e) {
    const kind = signal?.aborted ? "aborted" : timedOut ? "timeout" : "network";
    const key = init.headers?.["Trackingmore-Api-Key"] ?? init.headers?.["Tracking-Api-Key"];
    const clean = (t) => (key ? scrub(String(t), key) : String(t));
    const under = e?.cause || e;
    const cause = new Error(clean(under?.message !== undefined ? under.message : under));
    if (typeof under?.name === "string") cause.name = under.name;
    if (under?.code !== undefined) cause.code = under.code;
    return { kind, message: clean(e?.message ? e.message : e), cause };
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener("abort", onAbort);
  }
}
// Timers take at most 2^31-1 ms (a longer one fires at once): a longer sleep chains them. They
// fire in whole milliseconds, up to ~1.5 ms late: in Node the last millisecond is waited out in
// event-loop turns (`setImmediate`, looked up at each turn so that a test's fake timers replace it
// with `setTimeout`), I/O going on meanwhile. Not in workerd, whose clock moves only with I/O,
// nor in pages, which have no `setImmediate`.
const MAX_TIMER = 2147483647;
const turn = typeof setImmediate === "function" && globalThis.navigator?.userAgent !== "Cloudflare-Workers"
  ? (f) => globalThis.setImmediate(f) : undefined;
// Resolves after `ms` with false, or as soon as `signal` aborts with true.
export function sleep(ms, signal) {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(true);
    const end = now() + ms;
    let t;
    const onAbort = () => { clearTimeout(t); resolve(true); };
    const tick = () => {
      const left = end - now();
      if (left > 0) return (t = turn && left <= 1 ? turn(tick) : setTimeout(tick, Math.min(turn ? left - 1 : left, MAX_TIMER)));
      signal?.removeEventListener("abort", onAbort);
      resolve(false);
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
// The class name survives minification, so that `err.constructor.name` and `console.log(err)`
// read "TrackingMoreError".
Object.defineProperty(TrackingMoreError, "name", { value: "TrackingMoreError" });
export const errorClass = () => TrackingMoreError;
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

// The I/O loop of every call (a wasm `Call`, src/js/call.rs): for each unit, the call says what to
// do (sleep, send, or done), the loop does it and tells the call what came of it. `concurrency`
// workers share the call's units (a chunked call's chunks), in order; `finish` makes the result.
async function run(call) {
  const { fetch, signal, units } = call;
  let next = 0;
  const worker = async () => {
    for (let unit; (unit = next++) < units; ) {
      for (let action = call.start(unit); action.kind !== "done"; ) {
        action = action.kind === "sleep"
          ? call.afterSleep(unit, await sleep(action.ms, signal))
          : call.afterAttempt(unit, await attempt(fetch, action.url, action.init, action.timeoutMs, signal));
      }
    }
  };
  await Promise.all(Array.from({ length: call.concurrency }, worker));
  return call.finish();
}
// A call run to its end, then freed.
export async function runCall(call) {
  try {
    return await run(call);
  } finally {
    call.free();
  }
}
// allTrackings: one call, reloaded with each next page by `nextPage`; freed when the iteration
// ends (or, left unfinished, when the iterator is collected: wasm-bindgen's finalizer).
export async function* pageItems(call) {
  try {
    for (let more = true; more; ) {
      const page = await run(call);
      const items = call.pageItems(page);
      more = call.nextPage(page);
      yield* items;
    }
  } finally {
    call.free();
  }
}

// Webhooks, for both APIs (the package's `verifyWebhook`/`parseWebhook` and the Rust API's
// `webhook::verify`/`parse` call these): v2 signs
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
// The tracking (`data`) of a verified webhook, as sent; rejects with INVALID_WEBHOOK.
export async function webhookTracking(body, accountEmail, opts) {
  maxAge(opts);
  const o = bodyObject(body);
  const data = o && o.data;
  const ok = isObject(data) && !Array.isArray(data) &&
    (await verifyWebhook(o, accountEmail, opts));
  if (!ok) throw new TrackingMoreError("INVALID_WEBHOOK", INVALID_WEBHOOK, undefined, undefined, false);
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

// v4 webhooks. No source settles the scheme (reference §6): the documented prose says a base64
// HMAC-SHA256 of the body, the official example computes a hex one of the timestamp. So this
// accepts either encoding over either message, keyed by the webhook secret, from the `signature`
// and `timestamp` headers (or `X-TrackingMore-Signature` / `-Timestamp`). A signature over the
// timestamp alone does not authenticate the body, so the age is checked by default (600 s;
// `Infinity` turns it off) and a missing or non-numeric timestamp then fails.
const INVALID_WEBHOOK_V4 = "not a valid TrackingMore v4 webhook: bad or stale signature, or not a v4 webhook body";
const V4_MAX_AGE_SECONDS = 600;
function header(headers, name) {
  if (typeof headers?.get === "function") return headers.get(name) ?? headers.get(`x-trackingmore-${name}`) ?? undefined;
  if (!isObject(headers)) return undefined;
  for (const want of [name, `x-trackingmore-${name}`]) {
    for (const k of Object.keys(headers)) if (k.toLowerCase() === want && typeof headers[k] === "string") return headers[k];
  }
  return undefined;
}
// { body, signature, timestamp } of a `Request` or `{ body, headers }`; undefined when unreadable.
async function webhookParts(request) {
  if (!isObject(request)) return undefined;
  let body = request.body;
  if (typeof request.text === "function" && typeof Request === "function" && request instanceof Request) {
    try { body = await request.text(); } catch { return undefined; }
  }
  if (typeof body !== "string") return undefined;
  return { body, signature: header(request.headers, "signature"), timestamp: header(request.headers, "timestamp") };
}
// The signature's bytes: 64 hex digits, or base64 of 32 bytes; else undefined.
function signatureBytes(s) {
  const t = typeof s === "string" ? s.trim() : "";
  if (/^[0-9a-fA-F]{64}$/.test(t)) return Uint8Array.from(t.match(/../g), (h) => parseInt(h, 16));
  if (/^[A-Za-z0-9+/]{43}=$/.test(t)) {
    try { return Uint8Array.from(atob(t), (c) => c.charCodeAt(0)); } catch { return undefined; }
  }
  return undefined;
}
async function verifyParts(parts, secret, opts) {
  const given = maxAge(opts);
  const max = given === undefined ? V4_MAX_AGE_SECONDS : given;
  if (!parts || typeof secret !== "string" || secret === "") return false;
  const ts = parts.timestamp?.trim();
  if (max !== Infinity && !(/^\d+$/.test(ts ?? "") && Math.abs(Date.now() / 1000 - Number(ts)) <= max)) return false;
  const sig = signatureBytes(parts.signature);
  const subtle = globalThis.crypto?.subtle;
  if (!sig || !subtle) return false;
  try {
    const enc = new TextEncoder();
    const key = await subtle.importKey("raw", enc.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    for (const message of ts ? [ts, parts.body] : [parts.body]) {
      if (await subtle.verify("HMAC", key, sig, enc.encode(message))) return true;
    }
  } catch {
    // A secret or signature the platform refuses to use: not verified.
  }
  return false;
}
export async function verifyWebhookV4(request, secret, opts) {
  maxAge(opts);
  return verifyParts(await webhookParts(request), secret, opts);
}
// The tracking (`data`) of a verified v4 webhook; rejects with INVALID_WEBHOOK.
export async function webhookTrackingV4(request, secret, opts) {
  maxAge(opts);
  const parts = await webhookParts(request);
  const o = parts && bodyObject(parts.body);
  const data = o && o.data;
  const ok = isObject(data) && !Array.isArray(data) && (await verifyParts(parts, secret, opts));
  if (!ok) throw new TrackingMoreError("INVALID_WEBHOOK", INVALID_WEBHOOK_V4, undefined, undefined, false);
  return data;
}
