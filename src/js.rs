//! The JavaScript API: the only `#[wasm_bindgen]` exports of the crate.
//!
//! Responses are handed to JS as the objects the engine's `JSON.parse` built; the wasm reads
//! `meta` and fixes the known quirks in place instead of round-tripping through Rust structs (an
//! order of magnitude faster and smaller). The `.d.ts` comes from the tsify models in
//! [`crate::model`] plus the declarations below.

use crate::batch;
use crate::client::{Attempt, Chunks, Core, Reply, Settings};
use crate::encode::{self, HttpRequest};
use crate::endpoints::{Endpoint, Method};
use crate::error::{cat, Error, ErrorCode};
use crate::retry::RetryPolicy;
use crate::transport::{reply_of, FetchTransport};
use crate::validate::{self, Fields};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    #[wasm_bindgen(js_name = makeError)]
    fn make_error(
        code: &str,
        message: &str,
        meta_code: JsValue,
        status: JsValue,
        retryable: bool,
        retry_after_ms: JsValue,
    ) -> JsValue;
    #[wasm_bindgen(js_name = api)]
    fn api_js(engine: &JsValue) -> JsValue;
    #[wasm_bindgen(js_name = webhookResult)]
    fn webhook_result(verified: Promise, data: &JsValue, invalid: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = tellWait)]
    fn tell_wait(hook: &Function, reason: &str, ms: f64, attempt: u32, code: Option<&str>);
    fn drive(task: Task, fetch: &JsValue, signal: &JsValue, lanes: u32) -> Promise;
    fn pages(pager: TrackingPager, fetch: &JsValue, signal: &JsValue) -> JsValue;
}

// The output types, as JS receives them (written by hand, checked against every sandbox answer
// by tests/js/types.test.mjs; the input types come from tsify).
#[wasm_bindgen(typescript_custom_section)]
const TS_OUTPUTS: &'static str = include_str!("outputs.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = r#"
/** The eight v2 statuses. */
export type TrackingStatus = "pending" | "notfound" | "transit" | "pickup" | "delivered" | "undelivered" | "exception" | "expired";
/** `TrackingMoreError.code`. */
export type ErrorCode = "INVALID_INPUT" | "UNAUTHORIZED" | "TRACKING_EXISTS" | "TRACKING_NOT_FOUND" | "CARRIER_NOT_DETECTED" | "QUOTA_EXCEEDED" | "BAD_REQUEST" | "RATE_LIMITED" | "SERVER_ERROR" | "TIMEOUT" | "ABORTED" | "NETWORK" | "DECODE" | "INVALID_WEBHOOK";
/** Options of `new TrackingMore(...)`. */
export interface TrackingMoreOptions {
  /** The account's API key. Required unless `baseUrl` is given (proxy mode: no key is sent). */
  apiKey?: string;
  /** Default "https://api.trackingmore.com/v2". */
  baseUrl?: string;
  /** Per attempt; default 10000. */
  timeoutMs?: number;
  /** Retries after the first attempt; default 2. */
  maxRetries?: number;
  /** First backoff delay; default 500 (exponential, jittered). */
  retryBaseDelayMs?: number;
  /** Wait after a 429 without Retry-After; default 120000. */
  rateLimitCooldownMs?: number;
  /** Client-side pacing of all calls; default 1; 0 = off. */
  requestsPerSecond?: number;
  /** Pacing of realtimeTracking; default 3; 0 = off. */
  realtimeRequestsPerSecond?: number;
  /** A fetch to use instead of the global one. */
  fetch?: typeof fetch;
  /** Extra headers on every request. */
  headers?: Record<string, string>;
  /** Told before every wait the client makes (pacing, backoff, a 429 hold): no wait is silent. A throwing hook never breaks the call. */
  onWait?: (wait: WaitInfo) => void;
  /** Longest single wait a call accepts; a longer one rejects at once with the error that caused it (`RATE_LIMITED` for a hold or the client's own pacing) and `retryAfterMs` set. Default: no limit. */
  maxWaitMs?: number;
}
/** Options of `verifyWebhook` and `parseWebhook`. */
export interface WebhookOptions {
  /** Also reject a `timeStr` (unix seconds) further than this from now, either way: v2 signs only `timeStr`, so this is the only bound on a replayed body. */
  maxAgeSeconds?: number;
}
/** A wait the client is about to make (`onWait`). */
export interface WaitInfo {
  /** `pacing`: for a slot of the client's own spacing; `retry`: backing off after a failure; `rate_limited`: the lane is held after a 429. */
  reason: "pacing" | "retry" | "rate_limited";
  /** Milliseconds. */
  ms: number;
  /** The attempt it waits to make (1 = the first). */
  attempt: number;
  /** The error code behind a retry or a hold. */
  code?: ErrorCode;
}
/** Options every method takes last. */
export interface CallOptions { signal?: AbortSignal; }
/** Options with a language. */
export interface LangOptions extends CallOptions { lang?: string; }
/** Progress of a many-item call, after each chunk. */
export interface BatchProgress { done: number; total: number; added: number; failed: number; }
/** Options of `createTrackings`. */
export interface BatchOptions extends CallOptions {
  onProgress?: (progress: BatchProgress) => void;
  /** Chunks in flight at once (default 2; the pacing still applies). */
  concurrency?: number;
}
/** The TrackingMore v2 client. Every method checks its input before any request and rejects with `TrackingMoreError`. See the README for each. */
export declare class TrackingMore {
  /** Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options. */
  constructor(options: TrackingMoreOptions);
  /** `GET /carriers`: every courier. */
  carriers(opts?: LangOptions): Promise<Carrier[]>;
  /** `POST /carriers/detect`: couriers whose numbers look like this one. */
  detectCarrier(trackingNumber: string, opts?: CallOptions): Promise<CarrierMatch[]>;
  /** `POST /trackings/post`: creates one tracking. */
  createTracking(input: NewTracking, opts?: CallOptions): Promise<Tracking>;
  /** `GET /trackings/{carrier}/{number}[/{lang}]`: one tracking with its results. */
  getTracking(carrierCode: string, trackingNumber: string, opts?: LangOptions): Promise<Tracking>;
  /** `PUT /trackings/{carrier}/{number}`: edits a tracking (`status` only 4, 7 or 8). */
  updateTracking(carrierCode: string, trackingNumber: string, fields: TrackingUpdate, opts?: CallOptions): Promise<Tracking>;
  /** `DELETE /trackings/{carrier}/{number}`. */
  deleteTracking(carrierCode: string, trackingNumber: string, opts?: CallOptions): Promise<void>;
  /** `POST /trackings/realtime`: asks the carrier now; resolves with the first of `data.items`. */
  realtimeTracking(input: RealtimeQuery, opts?: CallOptions): Promise<Tracking>;
  /** `POST /trackings/update`: moves a tracking to another carrier code. */
  changeCarrier(carrierCode: string, trackingNumber: string, newCarrierCode: string, opts?: CallOptions): Promise<void>;
  /** `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`. */
  createTrackings(inputs: NewTracking[], opts?: BatchOptions): Promise<BatchResult>;
  /** `GET /trackings/get`: one page (`total` as a number). */
  listTrackings(query?: ListQuery, opts?: CallOptions): Promise<TrackingPage>;
  /** Every tracking matching `query`, page after page, as an async iterable. Throws for a bad query. */
  allTrackings(query?: ListQuery, opts?: CallOptions): AsyncIterable<Tracking>;
  /** `POST /trackings/updatemore`, chunked. */
  updateTrackings(items: TrackingUpdateItem[], opts?: CallOptions): Promise<ManyResult>;
  /** `POST /trackings/delete`, chunked. */
  deleteTrackings(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>;
  /** `POST /trackings/notupdate`, chunked: stops auto-refresh. */
  stopUpdating(refs: TrackingRef[], opts?: CallOptions): Promise<ManyResult>;
  /** `GET /trackings/getuserinfo`. */
  userInfo(opts?: CallOptions): Promise<UserInfo>;
  /** `GET /trackings/getstatusnumber`: trackings per status. */
  statusCounts(query?: StatusCountsQuery, opts?: CallOptions): Promise<StatusCounts>;
  /** `POST /trackings/remote`: are these destinations remote areas? */
  checkRemote(queries: RemoteQuery[], opts?: CallOptions): Promise<RemoteResult>;
  /** `POST /trackings/costtime`: transit-time statistics, one per route asked. */
  transitTimes(queries: TransitQuery[], opts?: CallOptions): Promise<TransitTime[]>;
  /** `POST /trackings/aircargo`: air waybills. */
  airCargo(awbNumbers: string[], opts?: LangOptions): Promise<AirCargo[]>;
  /** Releases the wasm memory of this client now (it is also released when garbage-collected). */
  free(): void;
  [Symbol.dispose](): void;
}
"#;

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        let num = |v: Option<f64>| v.map_or(JsValue::UNDEFINED, JsValue::from_f64);
        make_error(
            e.code().as_str(),
            e.message(),
            num(e.meta_code().map(|c| c as f64)),
            num(e.status().map(f64::from)),
            e.is_retryable(),
            num(e.retry_after_ms().map(|m| m as f64)),
        )
    }
}

fn get(o: &JsValue, k: &str) -> JsValue {
    if o.is_object() {
        Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn set(o: &JsValue, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// A number as JS would print it (the engine formats; Rust's float formatting is large).
fn number_text(n: f64) -> Option<String> {
    if !n.is_finite() {
        None
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        Some(crate::error::int_text(n as i64))
    } else {
        js_sys::Number::from(n)
            .to_string_with_radix(10)
            .ok()
            .map(String::from)
    }
}

/// `parseFloat(text)` (the engine parses; NaN for non-numbers).
fn js_number(text: &str) -> f64 {
    js_sys::Number::parse_float(text.trim())
}

impl Fields for JsValue {
    fn text(&self, key: &str) -> Option<String> {
        let v = get(self, key);
        v.as_string().or_else(|| v.as_f64().and_then(number_text))
    }
    fn has(&self, key: &str) -> bool {
        let v = get(self, key);
        !v.is_undefined() && !v.is_null()
    }
}

fn invalid(msg: impl Into<String>) -> JsValue {
    Error::invalid(msg).into()
}

/// `http://host…`, `https://host…`, or a path on the page's own origin (`/v2`); no blanks.
fn is_base_url(b: &str) -> bool {
    if b.bytes()
        .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return false;
    }
    let lower = b.to_ascii_lowercase();
    match lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/'),
        None => b.starts_with('/') && !b.starts_with("//"),
    }
}

/// A number option: absent → default; otherwise finite and ≥ 0.
fn opt_number(o: &JsValue, k: &str, default: f64) -> Result<f64, JsValue> {
    let v = get(o, k);
    if v.is_undefined() || v.is_null() {
        return Ok(default);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(invalid(crate::error::cat(&[
            "option ",
            k,
            " must be a number >= 0",
        ]))),
    }
}

type Shared = Rc<Core<FetchTransport>>;

/// The client behind the JS class `TrackingMore` (defined in `io.js`, which forwards every method
/// to [`Engine::call`]: one export instead of nineteen keeps the wasm small).
#[wasm_bindgen(skip_typescript)]
pub struct Engine {
    core: Shared,
}

/// What [`Task::finish`] makes of the outcomes.
enum Finish {
    /// One request; its `data` fixed by the `Post`.
    One(Post),
    /// `createTrackings`: every input in `trackings` or `errors`, progress after each chunk.
    Create(Batch),
    /// updatemore / delete / notupdate: counters summed, lists joined.
    Many(Batch),
}

/// The inputs of a chunked call.
struct Batch {
    keys: Vec<(String, String)>,
    ranges: Vec<(usize, usize)>,
    on_progress: Option<Function>,
    done: usize,
    added: usize,
}

/// One request of a task and its attempts.
struct Unit {
    req: HttpRequest,
    attempt: Attempt,
    started: bool,
    /// `createTracking`: the GET of the tracking, sent instead of failing when a retry answers
    /// 4016 after an attempt that may have created it.
    then_get: Option<HttpRequest>,
    /// The underlying failure of the last attempt that got no response (`NETWORK`'s `cause`).
    cause: JsValue,
    /// `deleteTracking`: a retry answering 4017/4031 after an attempt that may have deleted it
    /// means it is gone, as asked.
    gone_is_done: bool,
}

impl Unit {
    fn new(ep: Endpoint, req: HttpRequest) -> Unit {
        Unit {
            req,
            attempt: Attempt::new(ep),
            started: false,
            then_get: None,
            cause: JsValue::UNDEFINED,
            gone_is_done: false,
        }
    }
}

/// One call in progress, without I/O: the JS `drive` loop performs what [`Task::step`] asks
/// (sleep or send) and feeds back what happened; every decision is made here.
#[wasm_bindgen(skip_typescript)]
pub struct Task {
    core: Shared,
    units: Vec<Unit>,
    chunks: Chunks<JsValue>,
    signal: Option<AbortSignal>,
    finish: Finish,
}

fn aborted() -> Error {
    Error::new(ErrorCode::Aborted, "the request was aborted by the caller")
}

impl Task {
    fn new(core: &Shared, units: Vec<Unit>, signal: Option<AbortSignal>, finish: Finish) -> Task {
        Task {
            core: core.clone(),
            chunks: Chunks::new(units.len()),
            units,
            signal,
            finish,
        }
    }

    /// Starts the task: a promise of its result.
    fn run(self, lanes: usize) -> Promise {
        let fetch = self.core.transport.fetch_fn();
        let signal = self
            .signal
            .clone()
            .map_or(JsValue::UNDEFINED, JsValue::from);
        let lanes = lanes.clamp(1, self.units.len().max(1)) as u32;
        drive(self, &fetch, &signal, lanes)
    }

    /// The next action of unit `i` after `ev`, or `Err(outcome)` once it is settled.
    fn advance(&mut self, i: usize, ev: JsValue) -> Result<JsValue, Result<JsValue, Error>> {
        let core = &*self.core;
        let Some(u) = self.units.get_mut(i) else {
            return Err(Err(Error::new(ErrorCode::Network, "chunk not run")));
        };
        if ev.as_f64().is_some() {
            return Err(Err(aborted()));
        }
        if !u.started {
            u.started = true;
            let stop = self
                .signal
                .as_ref()
                .filter(|s| s.aborted())
                .map(|_| aborted());
            if let Some(e) = self.chunks.skip(stop) {
                return Err(Err(e));
            }
        }
        if !ev.is_undefined() {
            core.landed(&mut u.attempt);
            u.cause = Reflect::get(&ev, &2.into()).unwrap_or(JsValue::UNDEFINED);
            let err = match reply_of(&ev).and_then(Reply::into_result) {
                Ok(data) => return Err(Ok(data)),
                Err(e) => e,
            };
            if u.gone_is_done
                && err.code() == ErrorCode::TrackingNotFound
                && u.attempt.may_have_landed()
            {
                return Err(Ok(JsValue::UNDEFINED));
            }
            let created_by_us =
                err.code() == ErrorCode::TrackingExists && u.attempt.may_have_landed();
            match u.then_get.take_if(|_| created_by_us) {
                Some(get) => {
                    u.req = get;
                    u.attempt = Attempt::new(Endpoint::GetTracking);
                }
                None => {
                    let wait = core.after_failure(&mut u.attempt, err).map_err(Err)?;
                    if wait > 0.0 {
                        return Ok(wait.into());
                    }
                }
            }
        }
        if let Some(wait) = core.pace(&mut u.attempt).map_err(Err)? {
            return Ok(wait.into());
        }
        let (url, init) = core.transport.prepare(&u.req);
        Ok(Array::of3(&url.into(), &init, &core.timeout_ms().into()).into())
    }
}

#[wasm_bindgen]
impl Task {
    /// The next unit to run, or -1.
    pub fn take(&mut self) -> i32 {
        self.chunks.take().map_or(-1, |i| i as i32)
    }

    /// Unit `i`'s next action after `ev` (`undefined` at first and after a sleep, `0` when a sleep
    /// was aborted, else what `attempt` resolved with): ms to sleep, `[url, init, timeoutMs]` to
    /// send, or `true` when the unit is settled.
    pub fn step(&mut self, i: usize, ev: JsValue) -> JsValue {
        let outcome = match self.advance(i, ev) {
            Ok(action) => return action,
            Err(outcome) => outcome,
        };
        let r = self.chunks.done(i, outcome);
        if let Finish::Create(b) = &mut self.finish {
            let n = b.ranges.get(i).map_or(0, |&(s, e)| e - s);
            b.done += n;
            b.added += r
                .as_ref()
                .map_or(0, |d| (array_of(d, "trackings").length() as usize).min(n));
            if let Some(f) = &b.on_progress {
                let progress = progress_object(b.done, b.keys.len(), b.added, b.done - b.added);
                let _ = f.call1(&JsValue::UNDEFINED, &progress);
            }
        }
        JsValue::TRUE
    }

    /// The call's result (or its error), once every unit is settled.
    pub fn finish(self) -> Result<JsValue, JsValue> {
        let cause = self.units.first().map(|u| u.cause.clone());
        let results = self.chunks.into_results();
        match self.finish {
            Finish::One(post) => results
                .into_iter()
                .next()
                .unwrap_or_else(|| Err(aborted()))
                .and_then(|d| post.apply(d))
                .map_err(|e| {
                    let network = e.code() == ErrorCode::Network;
                    let err = JsValue::from(e);
                    if let Some(c) = cause.filter(|c| network && c.is_object()) {
                        set(&err, "cause", &c);
                    }
                    err
                }),
            Finish::Create(b) => Ok(create_result(&b, results, &self.core)),
            Finish::Many(b) => Ok(many_result(&b, results, &self.core)),
        }
    }
}

/// The caller's `signal` from an options object.
fn signal_of(opts: &JsValue) -> Result<Option<AbortSignal>, Error> {
    let s = get(opts, "signal");
    if s.is_undefined() || s.is_null() {
        return Ok(None);
    }
    s.dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| Error::invalid("signal must be an AbortSignal"))
}

fn string_arg(v: &JsValue, what: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::invalid(crate::error::cat(&[what, " must be a string"])))
}

fn lang_of(opts: &JsValue) -> Result<Option<String>, Error> {
    let l = get(opts, "lang");
    if l.is_undefined() || l.is_null() {
        return Ok(None);
    }
    let l = string_arg(&l, "lang")?;
    if l.is_empty()
        || l.len() > 10
        || !l
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::invalid(crate::error::cat(&[
            "lang \"",
            &l,
            "\" is not a language code",
        ])));
    }
    Ok(Some(l))
}

fn stringify(v: &JsValue) -> Result<String, Error> {
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid("input can not be encoded as JSON"))
}

/// `undefined` / `null` or an object.
fn optional_object(v: &JsValue, what: &str) -> Result<(), Error> {
    if v.is_undefined() || v.is_null() {
        Ok(())
    } else {
        object_arg(v, what)
    }
}

/// An input object with a valid `tracking_number` and `carrier_code`.
fn object_item(input: &JsValue) -> Result<(), Error> {
    object_arg(input, "input")?;
    validate::item(input, "input").map(|_| ())
}

/// `(carrierCode, trackingNumber)` arguments, checked.
fn tracking_args(carrier: &JsValue, number: &JsValue) -> Result<(String, String), Error> {
    let (c, n) = (
        string_arg(carrier, "carrierCode")?,
        string_arg(number, "trackingNumber")?,
    );
    validate::carrier_code(&c)?;
    validate::tracking_number(&n)?;
    Ok((c, n))
}

fn object_arg(v: &JsValue, what: &str) -> Result<(), Error> {
    if v.is_object() && !Array::is_array(v) {
        Ok(())
    } else {
        Err(Error::invalid(crate::error::cat(&[
            what,
            " must be an object",
        ])))
    }
}

fn array_arg(v: &JsValue, what: &str) -> Result<Array, Error> {
    if !Array::is_array(v) {
        return Err(Error::invalid(crate::error::cat(&[
            what,
            " must be an array",
        ])));
    }
    let a: Array = v.clone().unchecked_into();
    if a.length() == 0 {
        return Err(Error::invalid(crate::error::cat(&[what, " is empty"])));
    }
    Ok(a)
}

/// Query pairs from a plain object (strings, numbers and booleans; others skipped).
fn query_pairs(q: &JsValue) -> Vec<(String, String)> {
    if !q.is_object() {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    for k in Object::keys(q.unchecked_ref::<Object>()) {
        let Some(key) = k.as_string() else { continue };
        let v = get(q, &key);
        let text = match v.as_bool() {
            Some(b) => Some((if b { "true" } else { "false" }).into()),
            None => q.text(&key),
        };
        if let Some(text) = text {
            pairs.push((key, text));
        }
    }
    pairs
}

// ---- In-place fixes of the real-data quirks (cheap: a few property reads per item). ----

fn to_number(o: &JsValue, k: &str) {
    let v = get(o, k);
    if let Some(s) = v.as_string() {
        let n = js_number(&s);
        set(o, k, &JsValue::from_f64(if n.is_nan() { 0.0 } else { n }));
    } else if v.is_null() {
        set(o, k, &JsValue::from_f64(0.0));
    }
}

/// Property names used on every item, made once (building a JS string from Rust per property
/// read would cost more than the read).
struct Keys {
    customer_email: JsValue,
    order_create_time: JsValue,
    null_text: JsValue,
}

thread_local! {
    static KEYS: Keys = Keys {
        customer_email: JsValue::from_str("customer_email"),
        order_create_time: JsValue::from_str("order_create_time"),
        null_text: JsValue::from_str("null"),
    };
}

/// `customer_email` → `string[]`; `order_create_time` 0 / "" → null. Cheap when already right.
fn fix_tracking(t: &JsValue) {
    if !t.is_object() {
        return;
    }
    KEYS.with(|k| {
        let email = Reflect::get(t, &k.customer_email).unwrap_or(JsValue::UNDEFINED);
        if !Array::is_array(&email) {
            let list = match email.dyn_ref::<js_sys::JsString>() {
                Some(s) if s.length() > 0 && email != k.null_text => {
                    let trimmed = s.trim();
                    if trimmed.length() > 0 {
                        Array::of1(&trimmed)
                    } else {
                        Array::new()
                    }
                }
                _ => Array::new(),
            };
            let _ = Reflect::set(t, &k.customer_email, &list);
        }
        let oct = Reflect::get(t, &k.order_create_time).unwrap_or(JsValue::UNDEFINED);
        if let Some(n) = oct.as_f64() {
            let v = if n == 0.0 {
                JsValue::NULL
            } else {
                JsValue::from_str(&number_text(n).unwrap_or_default())
            };
            let _ = Reflect::set(t, &k.order_create_time, &v);
        } else if oct
            .dyn_ref::<js_sys::JsString>()
            .is_some_and(|s| s.length() == 0)
        {
            let _ = Reflect::set(t, &k.order_create_time, &JsValue::NULL);
        }
    });
}

fn fix_trackings(list: &JsValue) {
    if Array::is_array(list) {
        let a: &Array = list.unchecked_ref();
        for i in 0..a.length() {
            fix_tracking(&a.get(i));
        }
    }
}

fn fix_page(p: &JsValue) {
    for k in ["page", "limit", "total", "count"] {
        if get(p, k).is_undefined() && k != "count" {
            set(p, k, &JsValue::from_f64(0.0));
        }
        to_number(p, k);
    }
    let items = get(p, "items");
    if Array::is_array(&items) {
        fix_trackings(&items);
    } else {
        set(p, "items", &Array::new());
    }
}

fn fix_counts(o: &JsValue) {
    if o.is_object() {
        for k in Object::keys(o.unchecked_ref::<Object>()).iter() {
            if let Some(k) = k.as_string() {
                if get(o, &k)
                    .as_string()
                    .is_some_and(|s| !s.trim().is_empty() && !js_number(&s).is_nan())
                {
                    to_number(o, &k);
                }
            }
        }
    }
}

fn fix_user_info(u: &JsValue) {
    let phone = get(u, "phone");
    if let Some(n) = phone.as_f64() {
        set(
            u,
            "phone",
            &JsValue::from_str(&number_text(n).unwrap_or_default()),
        );
    }
    for k in ["money", "track_number"] {
        to_number(u, k);
    }
}

fn progress_object(done: usize, total: usize, added: usize, failed: usize) -> JsValue {
    let o = Object::new();
    set(&o, "done", &(done as f64).into());
    set(&o, "total", &(total as f64).into());
    set(&o, "added", &(added as f64).into());
    set(&o, "failed", &(failed as f64).into());
    o.into()
}

fn item_error(
    number: &str,
    carrier: &str,
    code: ErrorCode,
    meta: Option<f64>,
    message: &str,
) -> JsValue {
    let o = Object::new();
    set(&o, "tracking_number", &JsValue::from_str(number));
    set(&o, "carrier_code", &JsValue::from_str(carrier));
    set(&o, "code", &JsValue::from_str(code.as_str()));
    if let Some(m) = meta {
        set(&o, "metaCode", &JsValue::from_f64(m));
    }
    set(&o, "message", &JsValue::from_str(message));
    o.into()
}

/// An API per-item error (`{tracking_number, carrier_code, code: 4016, message}`) in the
/// contract's shape (`code: "TRACKING_EXISTS", metaCode: 4016`), its message scrubbed of the key.
fn api_item_error(v: &JsValue, core: &Core<FetchTransport>) -> JsValue {
    let f = v;
    let meta = get(v, "code").as_f64().or_else(|| {
        f.text("code")
            .and_then(|s| crate::error::parse_int(&s))
            .map(|m| m as f64)
    });
    let code = meta
        .and_then(|m| ErrorCode::from_meta(m as i64))
        .unwrap_or(ErrorCode::BadRequest);
    item_error(
        &f.text("tracking_number").unwrap_or_default(),
        &f.text("carrier_code").unwrap_or_default(),
        code,
        meta,
        &core.scrub(&f.text("message").unwrap_or_default()),
    )
}

/// The `meta` of a per-item answer (`trackings[i].meta` of `/trackings/delete`) when it reports a
/// failure: `{tracking_number, carrier_code, code: 4017, message}`.
fn failed_item_meta(t: &JsValue) -> Option<JsValue> {
    let meta = get(t, "meta");
    let code = get(&meta, "code");
    let code = code.as_f64().or_else(|| {
        code.as_string()
            .and_then(|c| crate::error::parse_int(&c))
            .map(|c| c as f64)
    })?;
    ErrorCode::from_meta(code as i64).map(|_| meta)
}

fn key_of(v: &JsValue) -> (String, String) {
    let f = v;
    (
        f.text("tracking_number").unwrap_or_default(),
        f.text("carrier_code").unwrap_or_default(),
    )
}

fn array_of(v: &JsValue, k: &str) -> Array {
    let a = get(v, k);
    if Array::is_array(&a) {
        a.unchecked_into()
    } else {
        Array::new()
    }
}

fn post(ep: Endpoint, body: String) -> HttpRequest {
    HttpRequest::new(Method::Post, ep.route().1.to_string()).with_body(body)
}

/// The checked inputs of a chunked call and one request per chunk.
fn batch(
    ep: Endpoint,
    inputs: &JsValue,
    what: &str,
    check_update: bool,
    on_progress: Option<Function>,
) -> Result<(Batch, Vec<Unit>), Error> {
    let items = array_arg(inputs, what)?;
    let views: Vec<JsValue> = items.iter().collect();
    let keys = validate::items(&views, check_update)?;
    let ranges = batch::chunks(keys.len(), ep.chunk().unwrap_or(40));
    let mut units = Vec::with_capacity(ranges.len());
    for &(s, e) in &ranges {
        let body = stringify(&items.slice(s as u32, e as u32))?;
        units.push(Unit::new(ep, post(ep, body)));
    }
    let b = Batch {
        keys,
        ranges,
        on_progress,
        done: 0,
        added: 0,
    };
    Ok((b, units))
}

/// The errors of every item of a failed chunk.
fn chunk_errors(errors: &Array, keys: &[(String, String)], err: &Error) {
    for (n, c) in keys {
        errors.push(&item_error(
            n,
            c,
            err.code(),
            err.meta_code().map(|m| m as f64),
            err.message(),
        ));
    }
}

/// `createTrackings`' result: every input once, in `trackings` or `errors`.
fn create_result(
    b: &Batch,
    results: Vec<Result<JsValue, Error>>,
    core: &Core<FetchTransport>,
) -> JsValue {
    let (trackings, errors) = (Array::new(), Array::new());
    for (&(s, e), r) in b.ranges.iter().zip(results) {
        let chunk_keys = &b.keys[s..e];
        let data = match r {
            Err(err) => {
                chunk_errors(&errors, chunk_keys, &err);
                continue;
            }
            Ok(data) => data,
        };
        let (ok, bad) = (array_of(&data, "trackings"), array_of(&data, "errors"));
        let mut reported = Vec::new();
        for list in [&ok, &bad] {
            for v in list.iter() {
                reported.push(key_of(&v));
            }
        }
        let (matched, missing) = batch::reconcile(chunk_keys, &reported);
        for (j, t) in ok.iter().enumerate() {
            if matched[j].is_some() {
                fix_tracking(&t);
                trackings.push(&t);
            }
        }
        let offset = ok.length() as usize;
        for (j, v) in bad.iter().enumerate() {
            if matched[offset + j].is_some() {
                errors.push(&api_item_error(&v, core));
            }
        }
        for m in missing {
            let (n, c) = &chunk_keys[m];
            errors.push(&item_error(
                n,
                c,
                ErrorCode::Decode,
                None,
                "the API's answer did not mention this item",
            ));
        }
    }
    let out = Object::new();
    set(&out, "submitted", &(b.keys.len() as f64).into());
    set(&out, "added", &f64::from(trackings.length()).into());
    set(&out, "trackings", &trackings);
    set(&out, "errors", &errors);
    out.into()
}

/// updatemore / delete / notupdate: counters summed, lists joined; in `errors`, every item the API
/// reported as failed (in `errors`, or as a `trackings[i].meta` with an error code, as delete
/// answers) and every item of a failed chunk.
fn many_result(
    b: &Batch,
    results: Vec<Result<JsValue, Error>>,
    core: &Core<FetchTransport>,
) -> JsValue {
    let out = Object::new();
    let (trackings, errors) = (Array::new(), Array::new());
    let mut submitted = 0.0;
    for (&(s, e), r) in b.ranges.iter().zip(results) {
        let data = match r {
            Err(err) => {
                submitted += (e - s) as f64;
                chunk_errors(&errors, &b.keys[s..e], &err);
                continue;
            }
            Ok(data) => data,
        };
        submitted += get(&data, "submitted")
            .as_f64()
            .or_else(|| {
                data.text("submitted")
                    .and_then(|t| crate::error::parse_int(&t))
                    .filter(|n| *n >= 0)
                    .map(|n| n as f64)
            })
            .unwrap_or((e - s) as f64);
        if !data.is_object() || Array::is_array(&data) {
            continue;
        }
        for k in Object::keys(data.unchecked_ref::<Object>()).iter() {
            let Some(k) = k.as_string() else { continue };
            let v = get(&data, &k);
            match k.as_str() {
                "submitted" => {}
                "trackings" => array_of(&data, "trackings").iter().for_each(|t| {
                    if let Some(meta) = failed_item_meta(&t) {
                        errors.push(&api_item_error(&meta, core));
                    }
                    trackings.push(&t);
                }),
                "errors" => array_of(&data, "errors").iter().for_each(|x| {
                    errors.push(&api_item_error(&x, core));
                }),
                _ => match (get(&out, &k).as_f64(), v.as_f64()) {
                    (Some(a), Some(b)) => set(&out, &k, &JsValue::from_f64(a + b)),
                    _ => set(&out, &k, &v),
                },
            }
        }
    }
    set(&out, "submitted", &submitted.into());
    set(&out, "trackings", &trackings);
    set(&out, "errors", &errors);
    out.into()
}

#[wasm_bindgen]
impl Engine {
    /// Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Engine, JsValue> {
        let o = if options.is_undefined() || options.is_null() {
            Object::new().into()
        } else {
            options
        };
        if !o.is_object() {
            return Err(invalid("options must be an object"));
        }
        let key = get(&o, "apiKey");
        let base = get(&o, "baseUrl");
        let api_key = if key.is_undefined() || key.is_null() {
            None
        } else {
            let k = key
                .as_string()
                .ok_or_else(|| invalid("apiKey must be a string"))?;
            // Checked here so that fetch never rejects the header (its message would quote it).
            if k.is_empty() || !k.bytes().all(|b| b.is_ascii_graphic()) {
                return Err(invalid(
                    "apiKey must be a non-empty string of visible ASCII characters",
                ));
            }
            Some(k)
        };
        let base_url = if base.is_undefined() || base.is_null() {
            if api_key.is_none() {
                return Err(invalid("apiKey is required (or give baseUrl for proxy mode, where your proxy adds the key)"));
            }
            "https://api.trackingmore.com/v2".to_string()
        } else {
            let b = base
                .as_string()
                .ok_or_else(|| invalid("baseUrl must be a string"))?;
            if b.trim().is_empty() {
                return Err(invalid("baseUrl must not be empty"));
            }
            if !is_base_url(&b) {
                return Err(invalid(cat(&[
                    "baseUrl must be an http(s) URL (e.g. https://api.trackingmore.com/v2) or, in a page, a path on its own origin (/v2); got \"",
                    &b,
                    "\"",
                ])));
            }
            b
        };
        let max_retries = opt_number(&o, "maxRetries", 2.0)?;
        if max_retries.fract() != 0.0 || max_retries > 10.0 {
            return Err(invalid(
                "option maxRetries must be a whole number from 0 to 10",
            ));
        }
        let timeout = opt_number(&o, "timeoutMs", 10_000.0)?;
        if !(1.0..=2_147_483_647.0).contains(&timeout) {
            return Err(invalid("option timeoutMs must be at least 1"));
        }
        let settings = Settings {
            timeout_ms: timeout as u32,
            retry: RetryPolicy {
                max_retries: max_retries as u32,
                base_delay_ms: opt_number(&o, "retryBaseDelayMs", 500.0)?,
                rate_limit_cooldown_ms: opt_number(&o, "rateLimitCooldownMs", 120_000.0)?,
            },
            requests_per_second: opt_number(&o, "requestsPerSecond", 1.0)?,
            realtime_requests_per_second: opt_number(&o, "realtimeRequestsPerSecond", 3.0)?,
            max_wait_ms: match get(&o, "maxWaitMs") {
                v if v.is_undefined() || v.is_null() => None,
                _ => Some(opt_number(&o, "maxWaitMs", 0.0)?),
            },
        };
        let on_wait = match get(&o, "onWait") {
            v if v.is_undefined() || v.is_null() => None,
            v => Some(
                v.dyn_into::<Function>()
                    .map_err(|_| invalid("option onWait must be a function"))?,
            ),
        };
        let mut transport = FetchTransport::new(&base_url, api_key);
        let f = get(&o, "fetch");
        if !f.is_undefined() && !f.is_null() {
            transport = transport.with_fetch(
                f.dyn_into::<Function>()
                    .map_err(|_| invalid("option fetch must be a function"))?,
            );
        }
        let h = get(&o, "headers");
        if !h.is_undefined() && !h.is_null() {
            if !h.is_object() {
                return Err(invalid("option headers must be an object of strings"));
            }
            for (k, v) in query_pairs(&h) {
                if k.eq_ignore_ascii_case(crate::transport::KEY_HEADER) {
                    return Err(invalid("pass the API key as apiKey, not in headers"));
                }
                transport = transport.with_header(k, v);
            }
        }
        let mut core = Core::new(transport, settings);
        if let Some(f) = on_wait {
            core.set_on_wait(move |w| {
                let code = w.cause.as_ref().map(|e| e.code().as_str());
                tell_wait(&f, w.reason.as_str(), w.ms, w.attempt, code);
            });
        }
        Ok(Engine {
            core: Rc::new(core),
        })
    }

    /// Runs the JS class's method `name` (see `api` in `io.js`) with its arguments. Operations
    /// are named, never numbered: an unknown name is an error, not another endpoint (and
    /// tests/js/surface.test.mjs checks that this list, the facade's and the TypeScript class
    /// declaration name the same methods).
    pub fn call(&self, name: &str, a: JsValue, b: JsValue, c: JsValue, d: JsValue) -> Promise {
        match name {
            "carriers" => self.carriers(a),
            "detectCarrier" => self.detect_carrier(a, b),
            "createTracking" => self.create_tracking(a, b),
            "getTracking" => self.get_tracking(a, b, c),
            "updateTracking" => self.update_tracking(a, b, c, d),
            "deleteTracking" => self.delete_tracking(a, b, c),
            "realtimeTracking" => self.realtime_tracking(a, b),
            "changeCarrier" => self.change_carrier(a, b, c, d),
            "createTrackings" => self.create_trackings(a, b),
            "listTrackings" => self.list_trackings(a, b),
            "updateTrackings" => self.update_trackings(a, b),
            "deleteTrackings" => self.delete_trackings(a, b),
            "stopUpdating" => self.stop_updating(a, b),
            "userInfo" => self.user_info(a),
            "statusCounts" => self.status_counts(a, b),
            "checkRemote" => self.check_remote(a, b),
            "transitTimes" => self.transit_times(a, b),
            "airCargo" => self.air_cargo(a, b),
            _ => Promise::reject(&Error::invalid(cat(&["no such operation: ", name])).into()),
        }
    }

    /// `allTrackings`: checks the query now, then pages lazily.
    pub fn pages(&self, query: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
        self.all_trackings(query, opts)
    }
}

impl Engine {
    /// The three chunked many-item calls: one chunk at a time.
    fn many(&self, ep: Endpoint, items: JsValue, opts: JsValue, check_update: bool) -> Promise {
        let prepared = batch(ep, &items, "items", check_update, None).and_then(|(b, reqs)| {
            let signal = signal_of(&opts)?;
            Ok(Task::new(&self.core, reqs, signal, Finish::Many(b)))
        });
        match prepared {
            Ok(task) => task.run(1),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// Runs a simple call: `req` was built and checked synchronously; `post` fixes the answer.
    fn exec(
        &self,
        ep: Endpoint,
        req: Result<HttpRequest, Error>,
        post: Post,
        opts: &JsValue,
    ) -> Promise {
        match req.and_then(|r| Ok((r, signal_of(opts)?))) {
            Ok((req, signal)) => Task::new(
                &self.core,
                vec![Unit::new(ep, req)],
                signal,
                Finish::One(post),
            )
            .run(1),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `GET /carriers`: every courier.
    fn carriers(&self, opts: JsValue) -> Promise {
        let req = lang_of(&opts).map(|lang| {
            let mut r = HttpRequest::new(Method::Get, "/carriers".into());
            r.lang_header = lang;
            r
        });
        self.exec(Endpoint::Carriers, req, Post::Data, &opts)
    }

    /// `POST /carriers/detect`: couriers whose numbers look like this one.
    fn detect_carrier(&self, tracking_number: JsValue, opts: JsValue) -> Promise {
        let req = string_arg(&tracking_number, "trackingNumber").and_then(|n| {
            validate::tracking_number(&n)?;
            let body = Object::new();
            set(&body, "tracking_number", &JsValue::from_str(&n));
            Ok(post(Endpoint::DetectCarrier, stringify(&body)?))
        });
        self.exec(Endpoint::DetectCarrier, req, Post::Data, &opts)
    }

    /// `POST /trackings/post`: creates one tracking.
    /// Safe to retry: a retry answering 4016 after an attempt that may have created the
    /// tracking resolves with it (one GET) instead of failing.
    fn create_tracking(&self, input: JsValue, opts: JsValue) -> Promise {
        let prepared = object_item(&input).and_then(|_| {
            let mut unit = Unit::new(
                Endpoint::CreateTracking,
                post(Endpoint::CreateTracking, stringify(&input)?),
            );
            let (n, c) = key_of(&input);
            unit.then_get = Some(HttpRequest::new(
                Method::Get,
                encode::tracking_path(&c, &n, None),
            ));
            let signal = signal_of(&opts)?;
            Ok(Task::new(
                &self.core,
                vec![unit],
                signal,
                Finish::One(Post::Tracking),
            ))
        });
        match prepared {
            Ok(task) => task.run(1),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `GET /trackings/{carrier}/{number}[/{lang}]`: one tracking with its results.
    fn get_tracking(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        opts: JsValue,
    ) -> Promise {
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            Ok(HttpRequest::new(
                Method::Get,
                encode::tracking_path(&c, &n, lang_of(&opts)?.as_deref()),
            ))
        });
        self.exec(Endpoint::GetTracking, req, Post::Tracking, &opts)
    }

    /// `PUT /trackings/{carrier}/{number}`: edits a tracking (`status` only 4, 7 or 8).
    fn update_tracking(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        fields: JsValue,
        opts: JsValue,
    ) -> Promise {
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            object_arg(&fields, "fields")?;
            validate::update_fields(&fields, "fields")?;
            Ok(
                HttpRequest::new(Method::Put, encode::tracking_path(&c, &n, None))
                    .with_body(stringify(&fields)?),
            )
        });
        self.exec(Endpoint::UpdateTracking, req, Post::Tracking, &opts)
    }

    /// `DELETE /trackings/{carrier}/{number}`. Safe to retry: a retry answering 4017 after an
    /// attempt that may have deleted it resolves.
    fn delete_tracking(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        opts: JsValue,
    ) -> Promise {
        let prepared = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            let req = HttpRequest::new(Method::Delete, encode::tracking_path(&c, &n, None));
            let mut unit = Unit::new(Endpoint::DeleteTracking, req);
            unit.gone_is_done = true;
            let signal = signal_of(&opts)?;
            Ok(Task::new(
                &self.core,
                vec![unit],
                signal,
                Finish::One(Post::Undefined),
            ))
        });
        match prepared {
            Ok(task) => task.run(1),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `POST /trackings/realtime`: asks the carrier now; resolves with the first of `data.items`.
    fn realtime_tracking(&self, input: JsValue, opts: JsValue) -> Promise {
        let req = object_item(&input)
            .and_then(|_| Ok(post(Endpoint::RealtimeTracking, stringify(&input)?)));
        self.exec(Endpoint::RealtimeTracking, req, Post::FirstItem, &opts)
    }

    /// `POST /trackings/update`: moves a tracking to another carrier code.
    fn change_carrier(
        &self,
        carrier_code: JsValue,
        tracking_number: JsValue,
        new_carrier_code: JsValue,
        opts: JsValue,
    ) -> Promise {
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            let nc = string_arg(&new_carrier_code, "newCarrierCode")?;
            validate::carrier_code(&nc)?;
            let body = Object::new();
            set(&body, "tracking_number", &JsValue::from_str(&n));
            set(&body, "carrier_code", &JsValue::from_str(&c));
            set(&body, "update_carrier_code", &JsValue::from_str(&nc));
            Ok(post(Endpoint::ChangeCarrier, stringify(&body)?))
        });
        self.exec(Endpoint::ChangeCarrier, req, Post::Undefined, &opts)
    }

    /// `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`.
    fn create_trackings(&self, inputs: JsValue, opts: JsValue) -> Promise {
        let ep = Endpoint::CreateTrackings;
        let prepared = (|| {
            let on_progress = match get(&opts, "onProgress") {
                v if v.is_undefined() || v.is_null() => None,
                v => Some(
                    v.dyn_into::<Function>()
                        .map_err(|_| Error::invalid("onProgress must be a function"))?,
                ),
            };
            let (b, reqs) = batch(ep, &inputs, "inputs", false, on_progress)?;
            let signal = signal_of(&opts)?;
            let concurrency = opt_number(&opts, "concurrency", 2.0)
                .map_err(|_| Error::invalid("concurrency must be a number >= 1"))?
                .max(1.0) as usize;
            Ok::<_, Error>((
                Task::new(&self.core, reqs, signal, Finish::Create(b)),
                concurrency,
            ))
        })();
        match prepared {
            Ok((task, concurrency)) => task.run(concurrency),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `GET /trackings/get`: one page (`total` as a number).
    fn list_trackings(&self, query: JsValue, opts: JsValue) -> Promise {
        self.exec(
            Endpoint::ListTrackings,
            list_request(&query),
            Post::Page,
            &opts,
        )
    }

    /// Every tracking matching `query`, page after page, as an async iterable.
    fn all_trackings(&self, query: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
        let query = if query.is_undefined() || query.is_null() {
            Object::new().into()
        } else {
            query
        };
        object_arg(&query, "query")?;
        validate::list_query(&query)?;
        let page = query
            .text("page")
            .and_then(|p| u32::try_from(crate::error::parse_int(&p)?).ok())
            .unwrap_or(1);
        let limit = query
            .text("limit")
            .and_then(|p| u32::try_from(crate::error::parse_int(&p)?).ok())
            .unwrap_or(100);
        let signal = signal_of(&opts)?;
        let fetch = self.core.transport.fetch_fn();
        let js_signal = signal.clone().map_or(JsValue::UNDEFINED, JsValue::from);
        let pager = TrackingPager {
            core: self.core.clone(),
            query,
            signal,
            page,
            limit,
            done: false,
        };
        Ok(pages(pager, &fetch, &js_signal))
    }

    /// `POST /trackings/updatemore`, chunked.
    fn update_trackings(&self, items: JsValue, opts: JsValue) -> Promise {
        self.many(Endpoint::UpdateTrackings, items, opts, true)
    }

    /// `POST /trackings/delete`, chunked.
    fn delete_trackings(&self, refs: JsValue, opts: JsValue) -> Promise {
        self.many(Endpoint::DeleteTrackings, refs, opts, false)
    }

    /// `POST /trackings/notupdate`, chunked: stops auto-refresh.
    fn stop_updating(&self, refs: JsValue, opts: JsValue) -> Promise {
        self.many(Endpoint::StopUpdating, refs, opts, false)
    }

    /// `GET /trackings/getuserinfo`.
    fn user_info(&self, opts: JsValue) -> Promise {
        self.exec(
            Endpoint::UserInfo,
            Ok(HttpRequest::new(
                Method::Get,
                "/trackings/getuserinfo".into(),
            )),
            Post::UserInfo,
            &opts,
        )
    }

    /// `GET /trackings/getstatusnumber`: trackings per status.
    fn status_counts(&self, query: JsValue, opts: JsValue) -> Promise {
        let req = optional_object(&query, "query").map(|_| {
            HttpRequest::new(
                Method::Get,
                encode::with_query("/trackings/getstatusnumber", &query_pairs(&query)),
            )
        });
        self.exec(Endpoint::StatusCounts, req, Post::Counts, &opts)
    }

    /// `POST /trackings/remote`: are these destinations remote areas?
    fn check_remote(&self, queries: JsValue, opts: JsValue) -> Promise {
        let req = array_arg(&queries, "queries").and_then(|a| {
            for q in a.iter() {
                if q.text("country").is_none() || q.text("postcode").is_none() {
                    return Err(Error::invalid("every query needs country and postcode"));
                }
            }
            Ok(post(Endpoint::CheckRemote, stringify(&a)?))
        });
        self.exec(Endpoint::CheckRemote, req, Post::Remote, &opts)
    }

    /// `POST /trackings/costtime`: transit-time statistics, as returned.
    fn transit_times(&self, queries: JsValue, opts: JsValue) -> Promise {
        let req = array_arg(&queries, "queries").and_then(|a| {
            for q in a.iter() {
                validate::carrier_code(&q.text("carrier_code").unwrap_or_default())?;
            }
            Ok(post(Endpoint::TransitTimes, stringify(&a)?))
        });
        self.exec(Endpoint::TransitTimes, req, Post::Data, &opts)
    }

    /// `POST /trackings/aircargo`: air waybills, as returned.
    fn air_cargo(&self, awb_numbers: JsValue, opts: JsValue) -> Promise {
        let req = array_arg(&awb_numbers, "awbNumbers").and_then(|a| {
            for n in a.iter() {
                validate::tracking_number(&string_arg(&n, "each air waybill number")?)?;
            }
            let body = Object::new();
            set(&body, "track_number", &a);
            set(
                &body,
                "lang",
                &JsValue::from_str(lang_of(&opts)?.as_deref().unwrap_or("en")),
            );
            Ok(post(Endpoint::AirCargo, stringify(&body)?))
        });
        self.exec(Endpoint::AirCargo, req, Post::Data, &opts)
    }
}

/// The request of `listTrackings` after checking the query.
fn list_request(query: &JsValue) -> Result<HttpRequest, Error> {
    optional_object(query, "query")?;
    validate::list_query(query)?;
    Ok(HttpRequest::new(
        Method::Get,
        encode::with_query("/trackings/get", &query_pairs(query)),
    ))
}

/// What to do with `data` before handing it to JS.
#[derive(Clone, Copy)]
enum Post {
    Data,
    Tracking,
    Page,
    UserInfo,
    Counts,
    FirstItem,
    Remote,
    Undefined,
}

impl Post {
    fn apply(self, data: JsValue) -> Result<JsValue, Error> {
        match self {
            Post::Data => {}
            Post::Tracking => fix_tracking(&data),
            Post::Page => {
                if !data.is_object() {
                    return Err(Error::new(
                        ErrorCode::Decode,
                        "the list answer has no page object",
                    ));
                }
                fix_page(&data);
            }
            Post::UserInfo => fix_user_info(&data),
            Post::Counts => fix_counts(&data),
            Post::Remote => to_number(&data, "submitted"),
            Post::FirstItem => {
                let first = array_of(&data, "items").get(0);
                if !first.is_object() {
                    return Err(Error::new(
                        ErrorCode::Decode,
                        "the realtime answer has no items",
                    ));
                }
                fix_tracking(&first);
                return Ok(first);
            }
            Post::Undefined => return Ok(JsValue::UNDEFINED),
        }
        Ok(data)
    }
}

/// The pages behind `allTrackings` (the JS `pages` generator drives it).
#[wasm_bindgen(skip_typescript)]
pub struct TrackingPager {
    core: Shared,
    query: JsValue,
    signal: Option<AbortSignal>,
    page: u32,
    limit: u32,
    done: bool,
}

#[wasm_bindgen]
impl TrackingPager {
    /// The task fetching the next page, or `undefined` after the last one.
    pub fn task(&mut self) -> Result<Option<Task>, JsValue> {
        if self.done {
            return Ok(None);
        }
        let q = Object::assign(&Object::new(), self.query.unchecked_ref());
        set(&q, "page", &JsValue::from(self.page));
        let req = list_request(&q.into())?;
        // Until this page is in, a failure ends the iteration.
        self.done = true;
        let finish = Finish::One(Post::Page);
        let signal = self.signal.clone();
        let unit = Unit::new(Endpoint::ListTrackings, req);
        Ok(Some(Task::new(&self.core, vec![unit], signal, finish)))
    }

    /// Takes a fetched page: its items, and whether another page follows.
    pub fn accept(&mut self, page: JsValue) -> Array {
        let items = array_of(&page, "items");
        let total = get(&page, "total").as_f64().unwrap_or(0.0);
        let n = items.length();
        self.done =
            n == 0 || n < self.limit || f64::from(self.page) * f64::from(self.limit) >= total;
        self.page += 1;
        items
    }
}

#[wasm_bindgen]
extern "C" {
    /// `{ maxAgeSeconds? }` of `verifyWebhook` / `parseWebhook`.
    #[wasm_bindgen(typescript_type = "WebhookOptions")]
    pub type WebhookOptions;
}

/// `maxAgeSeconds` of a webhook options object: absent → no bound, else a number ≥ 0.
fn max_age_of(opts: &JsValue) -> Result<Option<f64>, Error> {
    if opts.is_undefined() || opts.is_null() {
        return Ok(None);
    }
    let v = get(opts, "maxAgeSeconds");
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if n >= 0.0 => Ok(Some(n)),
        _ => Err(Error::invalid("maxAgeSeconds must be a number >= 0")),
    }
}

/// Verifies a v2 webhook: `verifyInfo.signature` (top level or inside `data`) against
/// hex HMAC-SHA256 of `verifyInfo.timeStr` keyed by the account e-mail, in constant time.
/// Malformed bodies give `false`; with `{ maxAgeSeconds }`, so does a `timeStr` further than that
/// from now (v2 signs only `timeStr`: freshness is the only bound on a replayed body).
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "Promise<boolean>")]
pub fn verify_webhook(
    #[wasm_bindgen(unchecked_param_type = "string | object")] body: JsValue,
    #[wasm_bindgen(js_name = accountEmail, unchecked_param_type = "string")] account_email: JsValue,
    opts: Option<WebhookOptions>,
) -> Promise {
    match (account_email.as_string(), max_age_of(&opts.into())) {
        (Some(email), Ok(max_age)) => crate::webhook::verify_promise(&body, &email, max_age),
        (_, Err(e)) => Promise::reject(&e.into()),
        (None, _) => Promise::resolve(&JsValue::FALSE),
    }
}

/// Verifies a v2 webhook like `verifyWebhook` and resolves with its tracking (`data`), normalised
/// exactly like API answers; rejects with `TrackingMoreError` `INVALID_WEBHOOK` (bad or stale
/// signature, malformed body).
#[wasm_bindgen(js_name = parseWebhook, unchecked_return_type = "Promise<Tracking>")]
pub fn parse_webhook(
    #[wasm_bindgen(unchecked_param_type = "string | object")] body: JsValue,
    #[wasm_bindgen(js_name = accountEmail, unchecked_param_type = "string")] account_email: JsValue,
    opts: Option<WebhookOptions>,
) -> Promise {
    let max_age = match max_age_of(&opts.into()) {
        Ok(m) => m,
        Err(e) => return Promise::reject(&e.into()),
    };
    let invalid: JsValue = Error::new(ErrorCode::InvalidWebhook, crate::webhook::INVALID).into();
    let object = crate::webhook::body_object(&body);
    let data = object
        .as_ref()
        .map_or(JsValue::UNDEFINED, |o| get(o, "data"));
    match (object, account_email.as_string()) {
        (Some(o), Some(email)) if data.is_object() && !Array::is_array(&data) => {
            fix_tracking(&data);
            webhook_result(
                crate::webhook::verify_promise(&o, &email, max_age),
                &data,
                &invalid,
            )
        }
        _ => Promise::reject(&invalid),
    }
}

/// `{ TrackingMore, TrackingMoreError }`: the public classes around the exported `Engine` class
/// (the entry files call this once and export both).
#[wasm_bindgen(js_name = __api, skip_typescript)]
pub fn api(engine: JsValue) -> JsValue {
    api_js(&engine)
}
