//! The fetch transport: the global `fetch` (or an injected one) with a per-attempt timeout
//! through `AbortController`, the caller's `AbortSignal`, and JSON decoding done by the JS engine.
//! Works in pages, workers, Node ^20.16 or ≥ 22.3 and workerd: nothing here touches `window`.

use crate::attempts::{Reply, Transport};
use crate::encode::{join_url, HttpRequest};
use crate::endpoints::Api;
use crate::error::{Error, ErrorCode};
use js_sys::{Function, Object, Promise};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;

use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

// One attempt and one abortable sleep, in JS (src/io.js): AbortController, setTimeout and event
// listeners are the platform's, and doing them there keeps closures (large in wasm) out of the
// binary. The Rust API awaits them; the JS API's `run` loop calls them directly.
#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    fn attempt(
        fetch: &JsValue,
        url: &str,
        init: &Object,
        timeout_ms: u32,
        signal: &JsValue,
    ) -> Promise;
    /// Resolves after `ms` with false, or with true as soon as `signal` aborts.
    fn sleep(ms: f64, signal: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = requestInit)]
    fn request_init(
        method: &str,
        body: Option<&str>,
        lang: Option<&str>,
        headers: &Object,
    ) -> Object;
    /// The JS driver's send action `{ kind: "send", url, init, timeoutMs }`.
    #[wasm_bindgen(js_name = sendAction)]
    fn send_action_js(
        url: &str,
        method: &str,
        body: Option<&str>,
        lang: Option<&str>,
        headers: &Object,
        timeout_ms: u32,
    ) -> JsValue;
    #[wasm_bindgen(js_name = parseBody)]
    fn parse_body(text: &JsValue) -> JsValue;
    /// Milliseconds until an HTTP date, on the wall clock (NaN when the text is none).
    #[wasm_bindgen(js_name = untilDate)]
    fn until_date(text: &str) -> f64;
    /// `o[k]` when `o` is an object, else `undefined` (a throwing getter reads as `undefined`):
    /// one crossing, where `Reflect::get` took four (the object check, the key made, the get, the
    /// key dropped).
    pub(crate) fn field(o: &JsValue, k: &str) -> JsValue;
    /// `o[k] = v` (a throwing setter is ignored).
    pub(crate) fn put(o: &JsValue, k: &str, v: &JsValue);
}

#[wasm_bindgen]
extern "C" {
    /// The pacing clock, as `io.js`'s: monotonic milliseconds, finer than one. (An import of
    /// `io.js`'s own would be imported bare, and bring the module's whole namespace into the glue.)
    #[wasm_bindgen(js_namespace = performance)]
    fn now() -> f64;
}

/// Sends requests with `fetch`. Holds the API key; its `Debug` output does not show it.
pub struct FetchTransport {
    base_url: String,
    api_key: Option<String>,
    headers: Vec<(String, String)>,
    /// The headers of every request (`Content-Type`, the key, the extra ones), built once.
    headers_js: Object,
    fetch: Option<Function>,
}

impl core::fmt::Debug for FetchTransport {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("FetchTransport")
            .field("base_url", &self.base_url)
            .field("api_key", &self.api_key.as_ref().map(|_| "[redacted]"))
            .field(
                "headers",
                &self
                    .headers
                    .iter()
                    .map(|(k, _)| k.as_str())
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

impl FetchTransport {
    /// Talks to the v2 API at `base_url` (e.g. `https://api.trackingmore.com/v2`) with an API
    /// key, or without one in proxy mode (a Worker adds it).
    pub fn new(base_url: &str, api_key: Option<String>) -> Self {
        FetchTransport::for_api(Api::V2, base_url, api_key)
    }

    /// Talks to `api` at `base_url` (e.g. `https://api.trackingmore.com/v4`), sending the key in
    /// that version's header.
    pub fn for_api(api: Api, base_url: &str, api_key: Option<String>) -> Self {
        let headers_js = Object::new();
        set(&headers_js, "Content-Type", &"application/json".into());
        if let Some(k) = &api_key {
            set(&headers_js, api.key_header(), &JsValue::from_str(k));
        }
        FetchTransport {
            base_url: crate::encode::without_trailing_slashes(base_url).to_string(),
            api_key,
            headers: Vec::new(),
            headers_js,
            fetch: None,
        }
    }
    /// Uses this function instead of the global `fetch` (a service binding, a proxy).
    pub fn with_fetch(mut self, fetch: Function) -> Self {
        self.fetch = Some(fetch);
        self
    }
    /// Adds a header to every request.
    pub fn with_header(mut self, name: String, value: String) -> Self {
        set(&self.headers_js, &name, &JsValue::from_str(&value));
        self.headers.push((name, value));
        self
    }
}

fn set(o: &Object, k: &str, v: &JsValue) {
    put(o, k, v);
}

/// Parses a body with the engine's `JSON.parse`; on failure, retries once with the documented
/// `"phone":+86…` quirk (a number with a leading `+`) quoted. `None` when it is not JSON.
pub fn parse_json(text: &JsValue) -> Option<JsValue> {
    Some(parse_body(text)).filter(|v| !v.is_undefined())
}

impl FetchTransport {
    /// The URL and `fetch` init (method, headers with the key, body) of a request.
    fn url_and_init(&self, req: &HttpRequest) -> (String, Object) {
        let init = request_init(
            req.method.as_str(),
            req.body.as_deref(),
            req.lang_header.as_deref(),
            &self.headers_js,
        );
        (join_url(&self.base_url, &req.path), init)
    }

    /// The JS driver's action for sending `req` with that timeout.
    pub(crate) fn send_action(&self, req: &HttpRequest, timeout_ms: u32) -> JsValue {
        send_action_js(
            &join_url(&self.base_url, &req.path),
            req.method.as_str(),
            req.body.as_deref(),
            req.lang_header.as_deref(),
            &self.headers_js,
            timeout_ms,
        )
    }

    /// The injected `fetch`, or `undefined` for the global one.
    pub(crate) fn fetch_fn(&self) -> JsValue {
        self.fetch
            .as_ref()
            .map_or(JsValue::UNDEFINED, |f| f.clone().into())
    }
}

/// What the JS `attempt` helper resolved with: `{ kind: "response", status, retryAfter,
/// metaCode, metaMessage, data, answeredAt }` (the envelope read in JS), or `{ kind, message,
/// cause }` when there was no response (`kind` "aborted", "timeout" or "network").
pub(crate) fn reply_of(got: &JsValue) -> Result<Reply<JsValue>, Error> {
    let kind = field(got, "kind").as_string().unwrap_or_default();
    if kind != "response" {
        // fetch's own message ("fetch failed", "Failed to fetch", "terminated"): no URL, no headers.
        let msg = field(got, "message").as_string().unwrap_or_default();
        return Err(match kind.as_str() {
            "aborted" => Error::new(ErrorCode::Aborted, "the request was aborted by the caller"),
            "timeout" => Error::new(ErrorCode::Timeout, "no response within the timeout"),
            _ if msg.is_empty() => Error::new(ErrorCode::Network, "network error: fetch failed"),
            _ => Error::new(ErrorCode::Network, "network error: ".to_string() + &msg),
        });
    }
    let retry_after_ms = field(got, "retryAfter").as_string().and_then(|v| {
        crate::retry::parse_retry_after(&v, 0.0, |d| Some(until_date(d)).filter(|t| t.is_finite()))
    });
    let meta = field(got, "metaCode").as_f64().map(|code| {
        let message = field(got, "metaMessage").as_string().unwrap_or_default();
        (code as i64, message)
    });
    Ok(Reply {
        status: field(got, "status").as_f64().unwrap_or(0.0) as u16,
        retry_after_ms,
        meta,
        data: field(got, "data"),
        answered_ms: field(got, "answeredAt").as_f64(),
    })
}

impl Transport for FetchTransport {
    type Data = JsValue;
    type Signal = AbortSignal;

    async fn send(
        &self,
        req: &HttpRequest,
        timeout_ms: u32,
        signal: Option<&AbortSignal>,
    ) -> Result<Reply<JsValue>, Error> {
        let (url, init) = self.url_and_init(req);
        let signal = signal.map_or(JsValue::UNDEFINED, |s| s.clone().into());
        let p = attempt(&self.fetch_fn(), &url, &init, timeout_ms, &signal);
        reply_of(&JsFuture::from(p).await.unwrap_or_default())
    }

    async fn sleep(&self, ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
        let signal = signal.map_or(JsValue::UNDEFINED, |s| s.clone().into());
        // Resolves with whether the signal ended the sleep; never rejects.
        let aborted = JsFuture::from(sleep(ms, &signal)).await.unwrap_or_default();
        if aborted.is_truthy() {
            return Err(Error::new(
                ErrorCode::Aborted,
                "the request was aborted by the caller",
            ));
        }
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        now()
    }

    fn random(&self) -> f64 {
        js_sys::Math::random()
    }

    fn secret(&self) -> Option<&str> {
        self.api_key.as_deref()
    }

    fn decode<M: DeserializeOwned>(&self, data: JsValue) -> Result<M, Error> {
        serde_wasm_bindgen::from_value(data)
            .map_err(|e| Error::new(ErrorCode::Decode, format!("unexpected data: {e}")))
    }
}
