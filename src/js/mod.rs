//! The JavaScript API: the only `#[wasm_bindgen]` exports of the crate.
//!
//! Responses are handed to JS as the objects the engine's `JSON.parse` built; the wasm reads
//! `meta` and fixes the known quirks in place instead of round-tripping through Rust structs (an
//! order of magnitude faster and smaller). The `.d.ts` comes from the tsify models in
//! [`crate::model`] plus the declarations below.

use crate::client::{Chunks, Core, Reply, Settings, Transport};
use crate::error::{cat, Error, ErrorCode};
use crate::ops::OPERATIONS;
use crate::plan::{Finish, Pages, Plan, Step};
use crate::shape::Shape;
use crate::transport::{reply_of, FetchTransport};
use crate::validate::Fields;
use js_sys::{Array, Function, Object, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

mod args;
mod doc;
mod task;

use args::*;
use doc::*;
use task::*;

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
    fn api_js(engine: &JsValue, operations: &str) -> JsValue;
    #[wasm_bindgen(js_name = tellProgress)]
    fn tell_progress(hook: &Function, done: usize, total: usize, added: usize, failed: usize);
    #[wasm_bindgen(js_name = tellWait)]
    fn tell_wait(hook: &Function, reason: &str, ms: f64, attempt: u32, code: Option<&str>);
    fn drive(task: Task, fetch: &JsValue, signal: &JsValue, lanes: u32, units: u32) -> Promise;
    #[wasm_bindgen(js_name = pages)]
    fn pages_js(task: Task, fetch: &JsValue, signal: &JsValue) -> JsValue;
}

// The output types, as JS receives them (written by hand, checked against every sandbox answer
// by tests/js/types.test.mjs; the input types come from tsify).
#[wasm_bindgen(typescript_custom_section)]
const TS_OUTPUTS: &'static str = include_str!("../outputs.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = include_str!("api.d.ts");

// The options interface, generated from the option table (src/options.rs).
#[wasm_bindgen(typescript_custom_section)]
const TS_OPTIONS: &'static str = crate::options::CLIENT_OPTIONS_TS;

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

/// The client behind the JS class `TrackingMore` (defined in `io.js`, which forwards every method
/// to [`Engine::call`]: one export instead of nineteen keeps the wasm small).
#[wasm_bindgen(skip_typescript)]
pub struct Engine {
    core: Shared,
}

/// One call in progress, without I/O: the JS `drive` loop performs what [`Task::step`] asks
/// (sleep or send) and feeds back what happened; every decision is made by the [`Plan`]'s units.
#[wasm_bindgen(skip_typescript)]
pub struct Task {
    core: Shared,
    units: Vec<crate::plan::Unit>,
    started: Vec<bool>,
    /// The underlying failure of the first unit's last attempt that got no response (`NETWORK`'s
    /// `cause`).
    cause: JsValue,
    chunks: Chunks<JsValue>,
    signal: Option<AbortSignal>,
    finish: Finish,
    concurrency: usize,
    on_progress: Option<Function>,
    /// `allTrackings`: the pages still to fetch (this task is reloaded with each next page).
    pages: Option<Pages<JsValue>>,
}

#[wasm_bindgen]
impl Task {
    /// Unit `i`'s next action after `ev` (`undefined` at first and after a sleep, `0` when a sleep
    /// was aborted, else what `attempt` resolved with): ms to sleep, `[url, init, timeoutMs]` to
    /// send, or `true` when the unit is settled.
    pub fn step(&mut self, i: usize, ev: JsValue) -> JsValue {
        let outcome = match self.advance(i, ev) {
            Ok(action) => return action,
            Err(outcome) => outcome,
        };
        let r = self.chunks.done(i, outcome);
        if let (Finish::Create(b), Some(f)) = (&mut self.finish, &self.on_progress) {
            let p = b.chunk_done(i, r);
            tell_progress(f, p.done, p.total, p.added, p.failed);
        }
        JsValue::TRUE
    }

    /// The call's result (or its error), once every unit is settled. The JS `drive` loop frees
    /// the task afterwards (`allTrackings` reloads it with the next page instead).
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let results = core::mem::replace(&mut self.chunks, Chunks::new(0)).into_results();
        let finish = core::mem::replace(&mut self.finish, Finish::One(Shape::Nothing));
        let one = matches!(finish, Finish::One(_));
        let cause = core::mem::take(&mut self.cause);
        finish
            .result(results, self.core.transport.secret())
            .map_err(|e| {
                let network = one && e.code() == ErrorCode::Network;
                let err = JsValue::from(e);
                if network && cause.is_object() {
                    set(&err, "cause", &cause);
                }
                err
            })
    }

    /// `allTrackings`: takes a fetched page and loads the next one's request into this task:
    /// `[items, more]`.
    pub fn accept(&mut self, page: JsValue) -> Array {
        let Some(pages) = self.pages.as_mut() else {
            return Array::of2(&Array::new(), &JsValue::FALSE);
        };
        let items = pages.accept(&page);
        let next = match pages.next_page() {
            Some(Ok(plan)) => Some(plan),
            _ => None,
        };
        let more = next.is_some();
        if let Some(plan) = next {
            self.load(plan);
        }
        Array::of2(&items, &JsValue::from_bool(more))
    }
}

#[wasm_bindgen]
impl Engine {
    /// Creates a client. Throws `TrackingMoreError` (`INVALID_INPUT`) for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<Engine, JsValue> {
        let o = if options.is_null_or_undefined() {
            Object::new().into()
        } else {
            options
        };
        if !o.is_object() {
            return Err(invalid("options must be an object"));
        }
        let key = get(&o, "apiKey");
        let base = get(&o, "baseUrl");
        let api_key = if key.is_null_or_undefined() {
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
        let base_url = if base.is_null_or_undefined() {
            if api_key.is_none() {
                return Err(invalid("apiKey is required (or give baseUrl for proxy mode, where your proxy adds the key)"));
            }
            "https://api.trackingmore.com/v2".to_string()
        } else {
            let b = base
                .as_string()
                .ok_or_else(|| invalid("baseUrl must be a string"))?;
            if b.trim_ascii().is_empty() {
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
        // The defaults are Settings::default()'s and the checks the option table's: one place
        // for both APIs (crate::options).
        let mut settings = Settings::default();
        for opt in &crate::options::NUMBER_OPTIONS {
            let v = get(&o, opt.name);
            if !v.is_null_or_undefined() {
                opt.apply(&mut settings, v.as_f64())?;
            }
        }
        let on_wait = match get(&o, "onWait") {
            v if v.is_null_or_undefined() => None,
            v => Some(
                v.dyn_into::<Function>()
                    .map_err(|_| invalid("option onWait must be a function"))?,
            ),
        };
        let mut transport = FetchTransport::new(&base_url, api_key);
        let f = get(&o, "fetch");
        if !f.is_null_or_undefined() {
            transport = transport.with_fetch(
                f.dyn_into::<Function>()
                    .map_err(|_| invalid("option fetch must be a function"))?,
            );
        }
        let h = get(&o, "headers");
        if !h.is_null_or_undefined() {
            if !h.is_object() {
                return Err(invalid("option headers must be an object of strings"));
            }
            for (k, v) in crate::ops::query_pairs(&h) {
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

    /// Runs the JS class's method number `op` (its place in [`OPERATIONS`]; see `api` in
    /// `io.js`) with its arguments: that operation of [`crate::ops`], never another (a number past
    /// the list is an error). A number, not the name: no string crosses per call.
    pub fn call(&self, op: usize, a: JsValue, b: JsValue, c: JsValue, d: JsValue) -> Promise {
        match self.prepare(op, [a, b, c, d]) {
            Ok(task) => task.run(),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// `allTrackings`: checks the query now, then pages lazily.
    pub fn pages(&self, query: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
        let mut pages = Pages::new(&query)?;
        let signal = signal_of(&opts)?;
        let Some(Ok(first)) = pages.next_page() else {
            return Err(Error::invalid("query can not be paged").into());
        };
        let fetch = self.core.transport.fetch_fn();
        let js_signal = signal.clone().map_or(JsValue::UNDEFINED, JsValue::from);
        let mut task = Task::new(&self.core, first, signal, None);
        task.pages = Some(pages);
        Ok(pages_js(task, &fetch, &js_signal))
    }
}

impl Engine {
    fn prepare(&self, op: usize, args: [JsValue; 4]) -> Result<Task, Error> {
        let p = crate::ops::prepare_op(op, &args)?;
        let signal = signal_of(&p.opts)?;
        let on_progress = match (&p.plan.finish, get(&p.opts, "onProgress")) {
            (Finish::Create(_), f) if !f.is_null_or_undefined() => Some(
                f.dyn_into::<Function>()
                    .map_err(|_| Error::invalid("onProgress must be a function"))?,
            ),
            _ => None,
        };
        Ok(Task::new(&self.core, p.plan, signal, on_progress))
    }
}

/// `{ TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook }`: the public API around the
/// exported `Engine` class, with one method per name in [`OPERATIONS`] (the entry files call this
/// once and export them).
#[wasm_bindgen(js_name = __api, skip_typescript)]
pub fn api(engine: JsValue) -> JsValue {
    api_js(&engine, OPERATIONS)
}
