//! The JavaScript API: the only `#[wasm_bindgen]` exports of the crate.
//!
//! Responses are handed to JS as the objects the engine's `JSON.parse` built; the wasm reads
//! `meta` and fixes the known quirks in place instead of round-tripping through Rust structs (an
//! order of magnitude faster and smaller). The `.d.ts` comes from the tsify models in
//! [`crate::model`] plus the declarations below.

use crate::batch;
use crate::client::{run_chunks, Core, Settings};
use crate::encode::{self, HttpRequest};
use crate::endpoints::{Endpoint, Method};
use crate::error::{Error, ErrorCode};
use crate::retry::RetryPolicy;
use crate::transport::FetchTransport;
use crate::validate::{self, Fields};
use js_sys::{Array, Function, Object, Promise, Reflect};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;
use web_sys::AbortSignal;

#[wasm_bindgen(inline_js = r#"
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
export function makeError(code, message, metaCode, status, retryable, retryAfterMs) {
  return new TrackingMoreError(code, message, metaCode, status, retryable, retryAfterMs);
}
export function errorClass() { return TrackingMoreError; }
export function asyncIterable(pager) {
  let finished = false;
  const finish = () => { if (!finished) { finished = true; pager.free(); } };
  const it = {
    async next() {
      if (finished) return { done: true, value: undefined };
      try {
        const r = await pager.next();
        if (r.done) finish();
        return r;
      } catch (e) { finish(); throw e; }
    },
    async return(value) { finish(); return { done: true, value }; },
    [Symbol.asyncIterator]() { return it; },
  };
  return it;
}
"#)]
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
    #[wasm_bindgen(js_name = errorClass)]
    fn error_class_js() -> JsValue;
    #[wasm_bindgen(js_name = asyncIterable)]
    fn async_iterable(pager: TrackingPager) -> JsValue;
}

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = r#"
/** The eight v2 statuses. */
export type TrackingStatus = "pending" | "notfound" | "transit" | "pickup" | "delivered" | "undelivered" | "exception" | "expired";
/** `TrackingMoreError.code`. */
export type ErrorCode = "INVALID_INPUT" | "UNAUTHORIZED" | "TRACKING_EXISTS" | "TRACKING_NOT_FOUND" | "CARRIER_NOT_DETECTED" | "QUOTA_EXCEEDED" | "BAD_REQUEST" | "RATE_LIMITED" | "SERVER_ERROR" | "TIMEOUT" | "ABORTED" | "NETWORK" | "DECODE";
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

/// Field access on JS objects.
struct Js<'a>(&'a JsValue);

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
        Some((n as i64).to_string())
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

impl Fields for Js<'_> {
    fn text(&self, key: &str) -> Option<String> {
        let v = get(self.0, key);
        v.as_string().or_else(|| v.as_f64().and_then(number_text))
    }
    fn has(&self, key: &str) -> bool {
        !get(self.0, key).is_undefined() && !get(self.0, key).is_null()
    }
}

fn invalid(msg: impl Into<String>) -> JsValue {
    Error::invalid(msg).into()
}

/// A number option: absent → default; otherwise finite and ≥ 0.
fn opt_number(o: &JsValue, k: &str, default: f64) -> Result<f64, JsValue> {
    let v = get(o, k);
    if v.is_undefined() || v.is_null() {
        return Ok(default);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(invalid(format!("option {k} must be a number >= 0"))),
    }
}

struct Inner {
    core: Core<FetchTransport>,
}

/// The TrackingMore v2 client. See the README for every method.
#[wasm_bindgen]
pub struct TrackingMore {
    inner: Rc<Inner>,
}

/// Everything asynchronous the JS API does. One enum and one `future_to_promise` for all of it:
/// every distinct future handed to JS costs kilobytes of wasm.
enum Op {
    Simple(Rc<Inner>, Endpoint, HttpRequest, Post, Option<AbortSignal>),
    Batch(Rc<Inner>, JsValue, JsValue),
    Many(Rc<Inner>, Endpoint, JsValue, JsValue, bool),
    Page(Rc<RefCell<PagerState>>),
    Verify(JsValue, JsValue),
}

async fn perform(op: Op) -> Result<JsValue, Error> {
    match op {
        Op::Simple(inner, ep, req, post, signal) => {
            let data = inner.call(ep, req, signal.as_ref()).await?;
            post.apply(data)
        }
        Op::Batch(inner, inputs, opts) => inner.create_trackings(inputs, opts).await,
        Op::Many(inner, ep, items, opts, check) => inner.many(ep, items, opts, check).await,
        Op::Page(state) => next_page(state).await,
        Op::Verify(body, email) => {
            let ok = match email.as_string().filter(|e| !e.is_empty()) {
                Some(email) => crate::webhook::verify(&body, &email).await,
                None => false,
            };
            Ok(JsValue::from_bool(ok))
        }
    }
}

fn run(op: Op) -> Promise {
    future_to_promise(async move { perform(op).await.map_err(JsValue::from) })
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
        .ok_or_else(|| Error::invalid(format!("{what} must be a string")))
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
        return Err(Error::invalid(format!(
            "lang \"{l}\" is not a language code"
        )));
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
    validate::item(&Js(input), "input").map(|_| ())
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
        Err(Error::invalid(format!("{what} must be an object")))
    }
}

fn array_arg(v: &JsValue, what: &str) -> Result<Array, Error> {
    if !Array::is_array(v) {
        return Err(Error::invalid(format!("{what} must be an array")));
    }
    let a: Array = v.clone().unchecked_into();
    if a.length() == 0 {
        return Err(Error::invalid(format!("{what} is empty")));
    }
    Ok(a)
}

/// Query pairs from a plain object (strings, numbers and booleans; others skipped).
fn query_pairs(q: &JsValue) -> Vec<(String, String)> {
    if !q.is_object() {
        return Vec::new();
    }
    Object::entries(q.unchecked_ref::<Object>())
        .iter()
        .filter_map(|e| {
            let k = Reflect::get(&e, &0.into()).ok()?.as_string()?;
            let v = Reflect::get(&e, &1.into()).ok()?;
            let v = v
                .as_string()
                .or_else(|| v.as_f64().and_then(number_text))
                .or_else(|| v.as_bool().map(|b| b.to_string()))?;
            Some((k, v))
        })
        .collect()
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
/// contract's shape (`code: "TRACKING_EXISTS", metaCode: 4016`).
fn api_item_error(v: &JsValue) -> JsValue {
    let f = Js(v);
    let meta = get(v, "code").as_f64().or_else(|| {
        f.text("code")
            .and_then(|s| s.trim().parse::<i64>().ok())
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
        &f.text("message").unwrap_or_default(),
    )
}

fn key_of(v: &JsValue) -> (String, String) {
    let f = Js(v);
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

impl Inner {
    async fn call(
        &self,
        ep: Endpoint,
        req: HttpRequest,
        signal: Option<&AbortSignal>,
    ) -> Result<JsValue, Error> {
        self.core.call(ep, &req, signal).await
    }

    fn post(ep: Endpoint, body: String) -> HttpRequest {
        HttpRequest::new(Method::Post, ep.route().1.to_string()).with_body(body)
    }

    /// Runs a chunked endpoint over `items`; `on_done(chunk, outcome)` as each chunk lands.
    async fn chunks(
        &self,
        ep: Endpoint,
        items: &Array,
        concurrency: usize,
        signal: Option<&AbortSignal>,
        on_done: impl FnMut(usize, &Result<JsValue, Error>),
    ) -> Vec<Result<JsValue, Error>> {
        let ranges = batch::chunks(items.length() as usize, ep.chunk().unwrap_or(40));
        let aborted = || {
            signal
                .is_some_and(AbortSignal::aborted)
                .then(|| Error::new(ErrorCode::Aborted, "the request was aborted by the caller"))
        };
        let send = |i: usize| {
            let (s, e) = ranges[i];
            let body = stringify(&items.slice(s as u32, e as u32));
            async move { self.call(ep, Self::post(ep, body?), signal).await }
        };
        run_chunks(ranges.len(), concurrency, aborted, send, on_done).await
    }

    async fn create_trackings(&self, inputs: JsValue, opts: JsValue) -> Result<JsValue, Error> {
        let items = array_arg(&inputs, "inputs")?;
        let views: Vec<JsValue> = items.iter().collect();
        let keys = validate::items(&views.iter().map(Js).collect::<Vec<_>>(), false)?;
        let signal = signal_of(&opts)?;
        let on_progress = get(&opts, "onProgress").dyn_into::<Function>().ok();
        let concurrency = opt_number(&opts, "concurrency", 2.0)
            .map_err(|_| Error::invalid("concurrency must be a number >= 1"))?
            .max(1.0) as usize;
        let total = keys.len();
        let ranges = batch::chunks(total, Endpoint::CreateTrackings.chunk().unwrap_or(40));
        let (mut done, mut added_so_far) = (0usize, 0usize);
        let results = self
            .chunks(
                Endpoint::CreateTrackings,
                &items,
                concurrency,
                signal.as_ref(),
                |i, r| {
                    let n = ranges[i].1 - ranges[i].0;
                    let added = r
                        .as_ref()
                        .map_or(0, |d| (array_of(d, "trackings").length() as usize).min(n));
                    done += n;
                    added_so_far += added;
                    if let Some(f) = &on_progress {
                        let _ = f.call1(
                            &JsValue::UNDEFINED,
                            &progress_object(done, total, added_so_far, done - added_so_far),
                        );
                    }
                },
            )
            .await;
        let (trackings, errors) = (Array::new(), Array::new());
        for (i, r) in results.into_iter().enumerate() {
            let (s, e) = ranges[i];
            let chunk_keys = &keys[s..e];
            match r {
                Err(err) => {
                    for (n, c) in chunk_keys {
                        errors.push(&item_error(
                            n,
                            c,
                            err.code(),
                            err.meta_code().map(|m| m as f64),
                            err.message(),
                        ));
                    }
                }
                Ok(data) => {
                    let (ok, bad) = (array_of(&data, "trackings"), array_of(&data, "errors"));
                    let reported: Vec<(String, String)> =
                        ok.iter().chain(bad.iter()).map(|v| key_of(&v)).collect();
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
                            errors.push(&api_item_error(&v));
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
            }
        }
        let out = Object::new();
        set(&out, "submitted", &(total as f64).into());
        set(&out, "added", &f64::from(trackings.length()).into());
        set(&out, "trackings", &trackings);
        set(&out, "errors", &errors);
        Ok(out.into())
    }

    /// updatemore / delete / notupdate: chunked one at a time, counters summed, lists joined.
    async fn many(
        &self,
        ep: Endpoint,
        refs: JsValue,
        opts: JsValue,
        check_update: bool,
    ) -> Result<JsValue, Error> {
        let items = array_arg(&refs, "items")?;
        let views: Vec<JsValue> = items.iter().collect();
        let keys = validate::items(&views.iter().map(Js).collect::<Vec<_>>(), check_update)?;
        let signal = signal_of(&opts)?;
        let ranges = batch::chunks(keys.len(), ep.chunk().unwrap_or(40));
        let results = self.chunks(ep, &items, 1, signal.as_ref(), |_, _| {}).await;
        let out = Object::new();
        let (trackings, errors) = (Array::new(), Array::new());
        let mut submitted = 0.0;
        for (i, r) in results.into_iter().enumerate() {
            let (s, e) = ranges[i];
            match r {
                Err(err) => {
                    submitted += (e - s) as f64;
                    for (n, c) in &keys[s..e] {
                        errors.push(&item_error(
                            n,
                            c,
                            err.code(),
                            err.meta_code().map(|m| m as f64),
                            err.message(),
                        ));
                    }
                }
                Ok(data) => {
                    submitted += get(&data, "submitted")
                        .as_f64()
                        .or_else(|| {
                            Js(&data)
                                .text("submitted")
                                .and_then(|t| t.trim().parse::<u32>().ok())
                                .map(f64::from)
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
                                trackings.push(&t);
                            }),
                            "errors" => array_of(&data, "errors").iter().for_each(|x| {
                                errors.push(&api_item_error(&x));
                            }),
                            _ => match (get(&out, &k).as_f64(), v.as_f64()) {
                                (Some(a), Some(b)) => set(&out, &k, &JsValue::from_f64(a + b)),
                                _ => set(&out, &k, &v),
                            },
                        }
                    }
                }
            }
        }
        set(&out, "submitted", &submitted.into());
        set(&out, "trackings", &trackings);
        set(&out, "errors", &errors);
        Ok(out.into())
    }
}

#[wasm_bindgen]
impl TrackingMore {
    /// Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "TrackingMoreOptions")] options: JsValue,
    ) -> Result<TrackingMore, JsValue> {
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
        Ok(TrackingMore {
            inner: Rc::new(Inner {
                core: Core::new(transport, settings),
            }),
        })
    }

    /// The three chunked many-item calls share one promise path.
    fn many(&self, ep: Endpoint, items: JsValue, opts: JsValue, check_update: bool) -> Promise {
        run(Op::Many(self.inner.clone(), ep, items, opts, check_update))
    }

    /// Runs a simple call: `req` was built and checked synchronously; `post` fixes the answer.
    fn exec(
        &self,
        ep: Endpoint,
        req: Result<HttpRequest, Error>,
        post: Post,
        opts: &JsValue,
    ) -> Promise {
        let prepared = req.and_then(|r| Ok((r, signal_of(opts)?)));
        let (req, signal) = match prepared {
            Ok(p) => p,
            Err(e) => return Promise::reject(&e.into()),
        };
        run(Op::Simple(self.inner.clone(), ep, req, post, signal))
    }

    /// `GET /carriers`: every courier.
    #[wasm_bindgen(unchecked_return_type = "Promise<Carrier[]>")]
    pub fn carriers(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = lang_of(&opts).map(|lang| {
            let mut r = HttpRequest::new(Method::Get, "/carriers".into());
            r.lang_header = lang;
            r
        });
        self.exec(Endpoint::Carriers, req, Post::Data, &opts)
    }

    /// `POST /carriers/detect`: couriers whose numbers look like this one.
    #[wasm_bindgen(js_name = detectCarrier, unchecked_return_type = "Promise<CarrierMatch[]>")]
    pub fn detect_carrier(
        &self,
        #[wasm_bindgen(js_name = trackingNumber, unchecked_param_type = "string")] tracking_number: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = string_arg(&tracking_number, "trackingNumber").and_then(|n| {
            validate::tracking_number(&n)?;
            let body = Object::new();
            set(&body, "tracking_number", &JsValue::from_str(&n));
            Ok(Inner::post(Endpoint::DetectCarrier, stringify(&body)?))
        });
        self.exec(Endpoint::DetectCarrier, req, Post::Data, &opts)
    }

    /// `POST /trackings/post`: creates one tracking.
    #[wasm_bindgen(js_name = createTracking, unchecked_return_type = "Promise<Tracking>")]
    pub fn create_tracking(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewTracking")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = object_item(&input)
            .and_then(|_| Ok(Inner::post(Endpoint::CreateTracking, stringify(&input)?)));
        self.exec(Endpoint::CreateTracking, req, Post::Tracking, &opts)
    }

    /// `GET /trackings/{carrier}/{number}[/{lang}]`: one tracking with its results.
    #[wasm_bindgen(js_name = getTracking, unchecked_return_type = "Promise<Tracking>")]
    pub fn get_tracking(
        &self,
        #[wasm_bindgen(js_name = carrierCode, unchecked_param_type = "string")]
        carrier_code: JsValue,
        #[wasm_bindgen(js_name = trackingNumber, unchecked_param_type = "string")] tracking_number: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            Ok(HttpRequest::new(
                Method::Get,
                encode::tracking_path(&c, &n, lang_of(&opts)?.as_deref()),
            ))
        });
        self.exec(Endpoint::GetTracking, req, Post::Tracking, &opts)
    }

    /// `PUT /trackings/{carrier}/{number}`: edits a tracking (`status` only 4, 7 or 8).
    #[wasm_bindgen(js_name = updateTracking, unchecked_return_type = "Promise<Tracking>")]
    pub fn update_tracking(
        &self,
        #[wasm_bindgen(js_name = carrierCode, unchecked_param_type = "string")]
        carrier_code: JsValue,
        #[wasm_bindgen(js_name = trackingNumber, unchecked_param_type = "string")] tracking_number: JsValue,
        #[wasm_bindgen(unchecked_param_type = "TrackingUpdate")] fields: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            object_arg(&fields, "fields")?;
            validate::update_fields(&Js(&fields), "fields")?;
            Ok(
                HttpRequest::new(Method::Put, encode::tracking_path(&c, &n, None))
                    .with_body(stringify(&fields)?),
            )
        });
        self.exec(Endpoint::UpdateTracking, req, Post::Tracking, &opts)
    }

    /// `DELETE /trackings/{carrier}/{number}`.
    #[wasm_bindgen(js_name = deleteTracking, unchecked_return_type = "Promise<void>")]
    pub fn delete_tracking(
        &self,
        #[wasm_bindgen(js_name = carrierCode, unchecked_param_type = "string")]
        carrier_code: JsValue,
        #[wasm_bindgen(js_name = trackingNumber, unchecked_param_type = "string")] tracking_number: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = tracking_args(&carrier_code, &tracking_number)
            .map(|(c, n)| HttpRequest::new(Method::Delete, encode::tracking_path(&c, &n, None)));
        self.exec(Endpoint::DeleteTracking, req, Post::Undefined, &opts)
    }

    /// `POST /trackings/realtime`: asks the carrier now; resolves with the first of `data.items`.
    #[wasm_bindgen(js_name = realtimeTracking, unchecked_return_type = "Promise<Tracking>")]
    pub fn realtime_tracking(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RealtimeQuery")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = object_item(&input)
            .and_then(|_| Ok(Inner::post(Endpoint::RealtimeTracking, stringify(&input)?)));
        self.exec(Endpoint::RealtimeTracking, req, Post::FirstItem, &opts)
    }

    /// `POST /trackings/update`: moves a tracking to another carrier code.
    #[wasm_bindgen(js_name = changeCarrier, unchecked_return_type = "Promise<void>")]
    pub fn change_carrier(
        &self,
        #[wasm_bindgen(js_name = carrierCode, unchecked_param_type = "string")]
        carrier_code: JsValue,
        #[wasm_bindgen(js_name = trackingNumber, unchecked_param_type = "string")] tracking_number: JsValue,
        #[wasm_bindgen(js_name = newCarrierCode, unchecked_param_type = "string")] new_carrier_code: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = tracking_args(&carrier_code, &tracking_number).and_then(|(c, n)| {
            let nc = string_arg(&new_carrier_code, "newCarrierCode")?;
            validate::carrier_code(&nc)?;
            let body = Object::new();
            set(&body, "tracking_number", &JsValue::from_str(&n));
            set(&body, "carrier_code", &JsValue::from_str(&c));
            set(&body, "update_carrier_code", &JsValue::from_str(&nc));
            Ok(Inner::post(Endpoint::ChangeCarrier, stringify(&body)?))
        });
        self.exec(Endpoint::ChangeCarrier, req, Post::Undefined, &opts)
    }

    /// `POST /trackings/batch` in chunks of 40; every input ends up in `trackings` or `errors`.
    #[wasm_bindgen(js_name = createTrackings, unchecked_return_type = "Promise<BatchResult>")]
    pub fn create_trackings(
        &self,
        #[wasm_bindgen(unchecked_param_type = "NewTracking[]")] inputs: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BatchOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let inner = self.inner.clone();
        run(Op::Batch(inner, inputs, opts))
    }

    /// `GET /trackings/get`: one page (`total` as a number).
    #[wasm_bindgen(js_name = listTrackings, unchecked_return_type = "Promise<TrackingPage>")]
    pub fn list_trackings(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListQuery")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let query = query.unwrap_or(JsValue::UNDEFINED);
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        self.exec(
            Endpoint::ListTrackings,
            list_request(&query),
            Post::Page,
            &opts,
        )
    }

    /// Every tracking matching `query`, page after page, as an async iterable.
    #[wasm_bindgen(js_name = allTrackings, unchecked_return_type = "AsyncIterable<Tracking>")]
    pub fn all_trackings(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "ListQuery")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        let query = query.unwrap_or(JsValue::UNDEFINED);
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let query = if query.is_undefined() || query.is_null() {
            Object::new().into()
        } else {
            query
        };
        object_arg(&query, "query")?;
        validate::list_query(&Js(&query))?;
        signal_of(&opts)?;
        let page = Js(&query)
            .text("page")
            .and_then(|p| p.parse().ok())
            .unwrap_or(1);
        let limit = Js(&query)
            .text("limit")
            .and_then(|p| p.parse().ok())
            .unwrap_or(100);
        let state = PagerState {
            inner: self.inner.clone(),
            query,
            opts,
            page,
            limit,
            buffer: Vec::new(),
            done: false,
        };
        Ok(async_iterable(TrackingPager {
            state: Rc::new(RefCell::new(state)),
        }))
    }

    /// `POST /trackings/updatemore`, chunked.
    #[wasm_bindgen(js_name = updateTrackings, unchecked_return_type = "Promise<ManyResult>")]
    pub fn update_trackings(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TrackingUpdateItem[]")] items: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        self.many(
            Endpoint::UpdateTrackings,
            items,
            opts.unwrap_or(JsValue::UNDEFINED),
            true,
        )
    }

    /// `POST /trackings/delete`, chunked.
    #[wasm_bindgen(js_name = deleteTrackings, unchecked_return_type = "Promise<ManyResult>")]
    pub fn delete_trackings(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TrackingRef[]")] refs: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        self.many(
            Endpoint::DeleteTrackings,
            refs,
            opts.unwrap_or(JsValue::UNDEFINED),
            false,
        )
    }

    /// `POST /trackings/notupdate`, chunked: stops auto-refresh.
    #[wasm_bindgen(js_name = stopUpdating, unchecked_return_type = "Promise<ManyResult>")]
    pub fn stop_updating(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TrackingRef[]")] refs: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        self.many(
            Endpoint::StopUpdating,
            refs,
            opts.unwrap_or(JsValue::UNDEFINED),
            false,
        )
    }

    /// `GET /trackings/getuserinfo`.
    #[wasm_bindgen(js_name = userInfo, unchecked_return_type = "Promise<UserInfo>")]
    pub fn user_info(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
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
    #[wasm_bindgen(js_name = statusCounts, unchecked_return_type = "Promise<StatusCounts>")]
    pub fn status_counts(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "StatusCountsQuery")] query: Option<JsValue>,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let query = query.unwrap_or(JsValue::UNDEFINED);
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = optional_object(&query, "query").map(|_| {
            HttpRequest::new(
                Method::Get,
                encode::with_query("/trackings/getstatusnumber", &query_pairs(&query)),
            )
        });
        self.exec(Endpoint::StatusCounts, req, Post::Counts, &opts)
    }

    /// `POST /trackings/remote`: are these destinations remote areas?
    #[wasm_bindgen(js_name = checkRemote, unchecked_return_type = "Promise<RemoteResult>")]
    pub fn check_remote(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RemoteQuery[]")] queries: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = array_arg(&queries, "queries").and_then(|a| {
            for q in a.iter() {
                if Js(&q).text("country").is_none() || Js(&q).text("postcode").is_none() {
                    return Err(Error::invalid("every query needs country and postcode"));
                }
            }
            Ok(Inner::post(Endpoint::CheckRemote, stringify(&a)?))
        });
        self.exec(Endpoint::CheckRemote, req, Post::Remote, &opts)
    }

    /// `POST /trackings/costtime`: transit-time statistics, as returned.
    #[wasm_bindgen(js_name = transitTimes, unchecked_return_type = "Promise<unknown>")]
    pub fn transit_times(
        &self,
        #[wasm_bindgen(unchecked_param_type = "TransitQuery[]")] queries: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "CallOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
        let req = array_arg(&queries, "queries").and_then(|a| {
            for q in a.iter() {
                validate::carrier_code(&Js(&q).text("carrier_code").unwrap_or_default())?;
            }
            Ok(Inner::post(Endpoint::TransitTimes, stringify(&a)?))
        });
        self.exec(Endpoint::TransitTimes, req, Post::Data, &opts)
    }

    /// `POST /trackings/aircargo`: air waybills, as returned.
    #[wasm_bindgen(js_name = airCargo, unchecked_return_type = "Promise<unknown>")]
    pub fn air_cargo(
        &self,
        #[wasm_bindgen(js_name = awbNumbers, unchecked_param_type = "string[]")]
        awb_numbers: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "LangOptions")] opts: Option<JsValue>,
    ) -> Promise {
        let opts = opts.unwrap_or(JsValue::UNDEFINED);
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
            Ok(Inner::post(Endpoint::AirCargo, stringify(&body)?))
        });
        self.exec(Endpoint::AirCargo, req, Post::Data, &opts)
    }
}

/// The request of `listTrackings` after checking the query.
fn list_request(query: &JsValue) -> Result<HttpRequest, Error> {
    optional_object(query, "query")?;
    validate::list_query(&Js(query))?;
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

struct PagerState {
    inner: Rc<Inner>,
    query: JsValue,
    opts: JsValue,
    page: u32,
    limit: u32,
    buffer: Vec<JsValue>,
    done: bool,
}

/// The iterator behind `allTrackings` (use it through `for await`).
#[wasm_bindgen(skip_typescript)]
pub struct TrackingPager {
    state: Rc<RefCell<PagerState>>,
}

fn iter_result(value: Option<JsValue>) -> JsValue {
    let o = Object::new();
    set(&o, "done", &JsValue::from_bool(value.is_none()));
    set(&o, "value", &value.unwrap_or(JsValue::UNDEFINED));
    o.into()
}

#[wasm_bindgen]
impl TrackingPager {
    /// The next `{ done, value }`.
    pub fn next(&self) -> Promise {
        run(Op::Page(self.state.clone()))
    }
}

async fn next_page(state: Rc<RefCell<PagerState>>) -> Result<JsValue, Error> {
    loop {
        let (inner, query, opts, page, limit) = {
            let mut s = state.borrow_mut();
            if let Some(t) = s.buffer.pop() {
                return Ok(iter_result(Some(t)));
            }
            if s.done {
                return Ok(iter_result(None));
            }
            (
                s.inner.clone(),
                s.query.clone(),
                s.opts.clone(),
                s.page,
                s.limit,
            )
        };
        let q = Object::assign(&Object::new(), query.unchecked_ref());
        set(&q, "page", &JsValue::from(page));
        let p = match (list_request(&q.into()), signal_of(&opts)) {
            (Ok(req), Ok(signal)) => inner
                .call(Endpoint::ListTrackings, req, signal.as_ref())
                .await
                .and_then(|d| Post::Page.apply(d)),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        let mut s = state.borrow_mut();
        let p = match p {
            Ok(p) => p,
            Err(e) => {
                s.done = true;
                return Err(e);
            }
        };
        let items: Vec<JsValue> = array_of(&p, "items").iter().collect();
        let total = get(&p, "total").as_f64().unwrap_or(0.0);
        s.done = items.is_empty()
            || items.len() < limit as usize
            || f64::from(page) * f64::from(limit) >= total;
        s.page = page + 1;
        s.buffer = items.into_iter().rev().collect();
    }
}

/// Verifies a v2 webhook: `verifyInfo.signature` (top level or inside `data`) against
/// hex HMAC-SHA256 of `verifyInfo.timeStr` keyed by the account e-mail, in constant time.
/// Malformed bodies give `false`.
#[wasm_bindgen(js_name = verifyWebhook, unchecked_return_type = "Promise<boolean>")]
pub fn verify_webhook(
    #[wasm_bindgen(unchecked_param_type = "string | object")] body: JsValue,
    #[wasm_bindgen(js_name = accountEmail, unchecked_param_type = "string")] account_email: JsValue,
) -> Promise {
    run(Op::Verify(body, account_email))
}

/// The `TrackingMoreError` class (the entry files export it).
#[wasm_bindgen(js_name = __errorClass, skip_typescript)]
pub fn error_class() -> JsValue {
    error_class_js()
}
