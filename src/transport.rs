//! The fetch transport: the global `fetch` (or an injected one) with a per-attempt timeout
//! through `AbortController`, the caller's `AbortSignal`, and JSON decoding done by the JS engine.
//! Works in pages, workers, Node ≥ 18 and workerd: nothing here touches `window`.

use crate::client::{Reply, Transport};
use crate::encode::{join_url, HttpRequest};
use crate::error::{Error, ErrorCode};
use js_sys::{Function, Object, Promise, Reflect};
use serde::de::DeserializeOwned;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

// One attempt and one abortable sleep, in JS (src/io.js): AbortController, setTimeout and event
// listeners are the platform's, and doing them there keeps closures (large in wasm) out of the
// binary. The Rust API awaits them; the JS API's `drive` loop calls them directly.
#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    fn attempt(
        fetch: &JsValue,
        url: &str,
        init: &Object,
        timeout_ms: u32,
        signal: &JsValue,
    ) -> Promise;
    fn sleep(ms: f64, signal: &JsValue) -> Promise;
}

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = JSON, js_name = parse, catch)]
    fn json_parse(text: &JsValue) -> Result<JsValue, JsValue>;
    #[wasm_bindgen(js_namespace = Date, js_name = parse)]
    fn date_parse(text: &str) -> f64;
}

/// The API key header of v2.
pub const KEY_HEADER: &str = "Trackingmore-Api-Key";

/// Sends requests with `fetch`. Holds the API key; its `Debug` output does not show it.
pub struct FetchTransport {
    base_url: String,
    api_key: Option<String>,
    headers: Vec<(String, String)>,
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
    /// Talks to `base_url` (e.g. `https://api.trackingmore.com/v2`) with an API key, or without
    /// one in proxy mode (a Worker adds it).
    pub fn new(base_url: &str, api_key: Option<String>) -> Self {
        FetchTransport {
            base_url: base_url.trim_end_matches('/').to_string(),
            api_key,
            headers: Vec::new(),
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
        self.headers.push((name, value));
        self
    }
}

fn set(o: &Object, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// Parses a body with the engine's `JSON.parse`; on failure, retries once with the documented
/// `"phone":+86…` quirk (a number with a leading `+`) quoted.
pub fn parse_json(text: &JsValue) -> Option<JsValue> {
    if let Ok(v) = json_parse(text) {
        return Some(v);
    }
    let s: &js_sys::JsString = text.dyn_ref()?;
    let re = js_sys::RegExp::new(r#"(:\s*)\+(\d+)"#, "g");
    let fixed = s.replace_by_pattern(&re, "$1\"+$2\"");
    json_parse(&fixed).ok()
}

/// Reads `meta.code` / `meta.message` of a parsed envelope.
pub fn read_meta(body: &JsValue) -> Option<(i64, String)> {
    let meta = Reflect::get(body, &"meta".into())
        .ok()
        .filter(|m| m.is_object())?;
    let code = Reflect::get(&meta, &"code".into()).ok()?;
    let code = code.as_f64().or_else(|| {
        code.as_string()
            .and_then(|s| crate::error::parse_int(&s))
            .map(|c| c as f64)
    })?;
    let message = Reflect::get(&meta, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    Some((code as i64, message))
}

impl FetchTransport {
    /// The URL and `fetch` init (method, headers with the key, body) of a request.
    pub(crate) fn prepare(&self, req: &HttpRequest) -> (String, Object) {
        let headers = Object::new();
        set(&headers, "Content-Type", &"application/json".into());
        for (k, v) in &self.headers {
            set(&headers, k, &JsValue::from_str(v));
        }
        if let Some(k) = &self.api_key {
            set(&headers, KEY_HEADER, &JsValue::from_str(k));
        }
        if let Some(l) = &req.lang_header {
            set(&headers, "Lang", &JsValue::from_str(l));
        }
        let init = Object::new();
        set(&init, "method", &req.method.as_str().into());
        set(&init, "headers", &headers);
        if let Some(b) = &req.body {
            set(&init, "body", &JsValue::from_str(b));
        }
        (join_url(&self.base_url, &req.path), init)
    }

    /// The injected `fetch`, or `undefined` for the global one.
    pub(crate) fn fetch_fn(&self) -> JsValue {
        self.fetch
            .as_ref()
            .map_or(JsValue::UNDEFINED, |f| f.clone().into())
    }
}

/// What the JS `attempt` helper resolved with: `[status, retryAfter, text]` from a response, or
/// `[kind, message]` when there was none (`aborted`, `timeout`, `network`).
pub(crate) fn reply_of(got: &JsValue) -> Result<Reply<JsValue>, Error> {
    let part = |i: u32| Reflect::get(got, &i.into()).unwrap_or_default();
    let first = part(0);
    let Some(status) = first.as_f64() else {
        // fetch's own message ("fetch failed", "Failed to fetch", "terminated"): no URL, no headers.
        let msg = part(1).as_string().unwrap_or_default();
        return Err(match first.as_string().as_deref() {
            Some("aborted") => {
                Error::new(ErrorCode::Aborted, "the request was aborted by the caller")
            }
            Some("timeout") => Error::new(ErrorCode::Timeout, "no response within the timeout"),
            _ => Error::new(
                ErrorCode::Network,
                if msg.is_empty() {
                    "network error: fetch failed".to_string()
                } else {
                    "network error: ".to_string() + &msg
                },
            ),
        });
    };
    let retry_after_ms = part(1).as_string().and_then(|v| {
        crate::retry::parse_retry_after(&v, js_sys::Date::now(), |d| {
            Some(date_parse(d)).filter(|t| t.is_finite())
        })
    });
    let (meta, data) = match parse_json(&part(2)) {
        Some(body) => (
            read_meta(&body),
            Reflect::get(&body, &"data".into()).unwrap_or(JsValue::UNDEFINED),
        ),
        None => (None, JsValue::UNDEFINED),
    };
    Ok(Reply {
        status: status as u16,
        retry_after_ms,
        meta,
        data,
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
        let (url, init) = self.prepare(req);
        let signal = signal.map_or(JsValue::UNDEFINED, |s| s.clone().into());
        let p = attempt(&self.fetch_fn(), &url, &init, timeout_ms, &signal);
        reply_of(&JsFuture::from(p).await.unwrap_or_default())
    }

    async fn sleep(&self, ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
        let signal = signal.map_or(JsValue::UNDEFINED, |s| s.clone().into());
        JsFuture::from(sleep(ms, &signal))
            .await
            .map(|_| ())
            .map_err(|_| Error::new(ErrorCode::Aborted, "the request was aborted by the caller"))
    }

    fn now_ms(&self) -> f64 {
        js_sys::Date::now()
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
