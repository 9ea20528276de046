//! The fetch transport: the global `fetch` (or an injected one) with a per-attempt timeout
//! through `AbortController`, the caller's `AbortSignal`, and JSON decoding done by the JS engine.
//! Works in pages, workers, Node ≥ 18 and workerd: nothing here touches `window`.

use crate::client::{Reply, Transport};
use crate::encode::{join_url, HttpRequest};
use crate::error::{Error, ErrorCode};
use js_sys::{Function, Object, Promise, Reflect};
use serde::de::DeserializeOwned;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, AbortSignal, Response};

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch, catch)]
    fn global_fetch(url: &str, init: &Object) -> Result<Promise, JsValue>;
    #[wasm_bindgen(js_name = setTimeout)]
    fn set_timeout(cb: &Function, ms: f64) -> JsValue;
    #[wasm_bindgen(js_name = clearTimeout)]
    fn clear_timeout(handle: &JsValue);
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

/// Clears the timer and unhooks the caller's signal when an attempt ends, however it ends.
struct AbortGuard {
    controller: AbortController,
    timer: JsValue,
    caller: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    _on_timeout: Closure<dyn FnMut()>,
    timed_out: Rc<Cell<bool>>,
}

impl AbortGuard {
    fn new(timeout_ms: u32, caller: Option<&AbortSignal>) -> Result<AbortGuard, Error> {
        let controller = AbortController::new()
            .map_err(|_| Error::new(ErrorCode::Network, "AbortController is not available"))?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (c, t) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                t.set(true);
                c.abort();
            })
        };
        let timer = set_timeout(on_timeout.as_ref().unchecked_ref(), f64::from(timeout_ms));
        let caller = caller.map(|sig| {
            let c = controller.clone();
            let cb = Closure::<dyn FnMut()>::new(move || c.abort());
            let _ = sig.add_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
            (sig.clone(), cb)
        });
        Ok(AbortGuard {
            controller,
            timer,
            caller,
            _on_timeout: on_timeout,
            timed_out,
        })
    }

    /// The error for a rejected fetch or body read.
    fn failure(&self, js: &JsValue) -> Error {
        if self.caller.as_ref().is_some_and(|(s, _)| s.aborted()) {
            Error::new(ErrorCode::Aborted, "the request was aborted by the caller")
        } else if self.timed_out.get() {
            Error::new(ErrorCode::Timeout, "no response within the timeout")
        } else {
            // fetch's own message ("fetch failed", "Failed to fetch", "terminated"): no URL, no headers.
            let msg = Reflect::get(js, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
                .unwrap_or_default();
            Error::new(
                ErrorCode::Network,
                format!(
                    "network error: {}",
                    if msg.is_empty() { "fetch failed" } else { &msg }
                ),
            )
        }
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        clear_timeout(&self.timer);
        if let Some((sig, cb)) = &self.caller {
            let _ = sig.remove_event_listener_with_callback("abort", cb.as_ref().unchecked_ref());
        }
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
            .and_then(|s| s.trim().parse::<i64>().ok())
            .map(|c| c as f64)
    })?;
    let message = Reflect::get(&meta, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    Some((code as i64, message))
}

/// A promise that resolves after `ms` (or rejects when `signal` aborts first).
fn sleep_promise(ms: f64, signal: Option<&AbortSignal>) -> Promise {
    let signal = signal.cloned();
    Promise::new(&mut |resolve, reject| {
        if signal.as_ref().is_some_and(AbortSignal::aborted) {
            let _ = reject.call0(&JsValue::UNDEFINED);
            return;
        }
        let timer = set_timeout(&resolve, ms);
        if let Some(sig) = &signal {
            let cb = Closure::once_into_js(move || {
                clear_timeout(&timer);
                let _ = reject.call0(&JsValue::UNDEFINED);
            });
            let _ =
                sig.add_event_listener_with_callback_and_bool("abort", cb.unchecked_ref(), true);
        }
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
        if signal.is_some_and(AbortSignal::aborted) {
            return Err(Error::new(
                ErrorCode::Aborted,
                "the request was aborted by the caller",
            ));
        }
        let guard = AbortGuard::new(timeout_ms, signal)?;
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
        set(&init, "signal", &guard.controller.signal());
        if let Some(b) = &req.body {
            set(&init, "body", &JsValue::from_str(b));
        }
        let url = join_url(&self.base_url, &req.path);
        let started = match &self.fetch {
            Some(f) => f
                .call2(&JsValue::UNDEFINED, &JsValue::from_str(&url), &init)
                .and_then(|p| p.dyn_into::<Promise>()),
            None => global_fetch(&url, &init),
        };
        let promise = started.map_err(|e| {
            Error::new(
                ErrorCode::Network,
                format!(
                    "fetch could not start: {}",
                    Reflect::get(&e, &"message".into())
                        .ok()
                        .and_then(|m| m.as_string())
                        .unwrap_or_else(|| "no fetch in this runtime".into())
                ),
            )
        })?;
        let resp: Response = JsFuture::from(promise)
            .await
            .map_err(|e| guard.failure(&e))?
            .dyn_into()
            .map_err(|_| {
                Error::new(
                    ErrorCode::Network,
                    "fetch resolved with something that is not a Response",
                )
            })?;
        let status = resp.status();
        let retry_after_ms = resp
            .headers()
            .get("retry-after")
            .ok()
            .flatten()
            .and_then(|v| {
                crate::retry::parse_retry_after(&v, js_sys::Date::now(), |d| {
                    Some(date_parse(d)).filter(|t| t.is_finite())
                })
            });
        let text_promise = resp.text().map_err(|e| guard.failure(&e))?;
        let text = JsFuture::from(text_promise)
            .await
            .map_err(|e| guard.failure(&e))?;
        drop(guard);
        let (meta, data) = match parse_json(&text) {
            Some(body) => (
                read_meta(&body),
                Reflect::get(&body, &"data".into()).unwrap_or(JsValue::UNDEFINED),
            ),
            None => (None, JsValue::UNDEFINED),
        };
        Ok(Reply {
            status,
            retry_after_ms,
            meta,
            data,
        })
    }

    async fn sleep(&self, ms: f64, signal: Option<&AbortSignal>) -> Result<(), Error> {
        JsFuture::from(sleep_promise(ms, signal))
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

    fn decode<M: DeserializeOwned>(&self, data: JsValue) -> Result<M, Error> {
        serde_wasm_bindgen::from_value(data)
            .map_err(|e| Error::new(ErrorCode::Decode, format!("unexpected data: {e}")))
    }
}
