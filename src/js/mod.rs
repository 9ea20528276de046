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
mod held;
mod task;

use args::*;
use doc::*;
use held::*;
use task::*;

#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    /// The JS error class (`new TrackingMoreError(…)`, made directly: no helper between).
    #[wasm_bindgen(js_name = TrackingMoreError)]
    type JsError;
    #[wasm_bindgen(constructor, js_class = "TrackingMoreError")]
    fn make_error(
        code: &str,
        message: &str,
        meta_code: JsValue,
        status: JsValue,
        retryable: bool,
        retry_after_ms: JsValue,
    ) -> JsError;
    #[wasm_bindgen(js_name = api)]
    fn api_js(engine: &JsValue, operations: &str) -> JsValue;
    #[wasm_bindgen(js_name = tellProgress)]
    fn tell_progress(hook: &Function, done: usize, total: usize, added: usize, failed: usize);
    #[wasm_bindgen(js_name = tellWait)]
    fn tell_wait(hook: &Function, reason: &str, ms: f64, attempt: u32, code: Option<&str>);
    fn drive(task: u32, fetch: &JsValue, signal: &JsValue, lanes: u32, units: u32) -> Promise;
    #[wasm_bindgen(js_name = pages)]
    fn pages_js(task: u32, fetch: &JsValue, signal: &JsValue) -> JsValue;
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
        JsError::make_error(
            e.code().as_str(),
            e.message(),
            num(e.meta_code().map(|c| c as f64)),
            num(e.status().map(f64::from)),
            e.is_retryable(),
            num(e.retry_after_ms().map(|m| m as f64)),
        )
        .into()
    }
}

/// One call in progress, without I/O: the JS `drive` loop performs what [`step`] asks (sleep or
/// send) and feeds back what happened; every decision is made by the [`Plan`]'s units. JS holds
/// it by number (`held.rs`).
pub struct Task {
    core: Shared,
    units: Vec<crate::plan::Unit>,
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

impl Task {
    /// Unit `i`'s next action after `ev` (`undefined` at first and after a sleep, `0` when a sleep
    /// was aborted, else what `attempt` resolved with): ms to sleep, `[url, init, timeoutMs]` to
    /// send, or `true` when the unit is settled.
    fn step(&mut self, i: usize, ev: JsValue) -> JsValue {
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

    /// The call's result (or its error), once every unit is settled. The JS `drive` loop lets go
    /// of the task afterwards (`allTrackings` reloads it with the next page instead).
    fn finish(&mut self) -> Result<JsValue, JsValue> {
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

    /// `allTrackings`: takes a fetched page (whose `items` the JS side yields) and loads the next
    /// one's request into this task: whether there is one.
    fn accept(&mut self, page: JsValue) -> bool {
        let Some(pages) = self.pages.as_mut() else {
            return false;
        };
        pages.accept(&page);
        match pages.next_page() {
            Some(Ok(plan)) => {
                self.load(plan);
                true
            }
            _ => false,
        }
    }
}

/// Creates a client (the JS class `TrackingMore`, defined in `io.js`, holds its number and
/// forwards every method to [`call`]: one export instead of nineteen keeps the wasm small).
/// Returns its number, or the `INVALID_INPUT` error for bad options (`io.js` throws it).
#[wasm_bindgen(js_name = engine, skip_typescript)]
pub fn new_engine(options: JsValue) -> JsValue {
    match engine_of(options) {
        Ok(core) => hold(Held::Engine(Rc::new(core))).into(),
        Err(e) => e.into(),
    }
}

fn engine_of(options: JsValue) -> Result<Core<FetchTransport>, Error> {
    let o = if options.is_null_or_undefined() {
        Object::new().into()
    } else {
        options
    };
    if !o.is_object() {
        return Err(Error::invalid("options must be an object"));
    }
    let key = get(&o, "apiKey");
    let base = get(&o, "baseUrl");
    let api_key = if key.is_null_or_undefined() {
        None
    } else {
        let k = key
            .as_string()
            .ok_or_else(|| Error::invalid("apiKey must be a string"))?;
        // Checked here so that fetch never rejects the header (its message would quote it).
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid(
                "apiKey must be a non-empty string of visible ASCII characters",
            ));
        }
        Some(k)
    };
    let base_url = if base.is_null_or_undefined() {
        if api_key.is_none() {
            return Err(Error::invalid("apiKey is required (or give baseUrl for proxy mode, where your proxy adds the key)"));
        }
        "https://api.trackingmore.com/v2".to_string()
    } else {
        let b = base
            .as_string()
            .ok_or_else(|| Error::invalid("baseUrl must be a string"))?;
        if b.trim_ascii().is_empty() {
            return Err(Error::invalid("baseUrl must not be empty"));
        }
        if !is_base_url(&b) {
            return Err(Error::invalid(cat(&[
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
    for (i, opt) in crate::options::NUMBER_OPTIONS.iter().enumerate() {
        let v = get(&o, opt.name);
        if !v.is_null_or_undefined() {
            crate::options::apply(i, &mut settings, v.as_f64())?;
        }
    }
    let on_wait = match get(&o, "onWait") {
        v if v.is_null_or_undefined() => None,
        v => Some(
            v.dyn_into::<Function>()
                .map_err(|_| Error::invalid("option onWait must be a function"))?,
        ),
    };
    let mut transport = FetchTransport::new(&base_url, api_key);
    let f = get(&o, "fetch");
    if !f.is_null_or_undefined() {
        transport = transport.with_fetch(
            f.dyn_into::<Function>()
                .map_err(|_| Error::invalid("option fetch must be a function"))?,
        );
    }
    let h = get(&o, "headers");
    if !h.is_null_or_undefined() {
        if !h.is_object() {
            return Err(Error::invalid(
                "option headers must be an object of strings",
            ));
        }
        for (k, v) in crate::ops::query_pairs(&h) {
            if k.eq_ignore_ascii_case(crate::transport::KEY_HEADER) {
                return Err(Error::invalid("pass the API key as apiKey, not in headers"));
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
    Ok(core)
}

/// Runs the JS class's method number `op` (its place in [`OPERATIONS`]; see `api` in `io.js`)
/// of client `engine` with its arguments (`args`, the method's, as an array: one argument
/// crossing instead of four, which wasm-bindgen's export code pays for each; 0.1 KB): that
/// operation of [`crate::ops`], never another (a number past the list is an error), as a
/// promise. A number, not the name: no string crosses per call. With `op` = [`PAGES`],
/// `allTrackings(query, opts)`: checks the query now and returns the async iterator that pages
/// lazily, or the error (`io.js` throws it). One export for both: less code.
#[wasm_bindgen(skip_typescript)]
pub fn call(engine: u32, op: usize, args: Array) -> JsValue {
    let [a, b, c, d] = [args.get(0), args.get(1), args.get(2), args.get(3)];
    if op == PAGES {
        return paged(engine, a, b).unwrap_or_else(JsValue::from);
    }
    match prepare(engine, op, [a, b, c, d]) {
        Ok(task) => task.run().into(),
        Err(e) => Promise::reject(&e.into()).into(),
    }
}

/// [`call`]'s `op` for `allTrackings`.
const PAGES: usize = usize::MAX;

fn paged(engine: u32, query: JsValue, opts: JsValue) -> Result<JsValue, Error> {
    let core = client(engine)?;
    let mut pages = Pages::new(&query)?;
    let signal = signal_of(&opts)?;
    let Some(Ok(first)) = pages.next_page() else {
        return Err(Error::invalid("query can not be paged"));
    };
    let fetch = core.transport.fetch_fn();
    let js_signal = signal.clone().map_or(JsValue::UNDEFINED, JsValue::from);
    let mut task = Task::new(&core, first, signal, None);
    task.pages = Some(pages);
    Ok(pages_js(
        hold(Held::Task(Box::new(task))),
        &fetch,
        &js_signal,
    ))
}

/// Task `task`'s unit `i`: its next action after `ev` (`undefined` at first and after a sleep,
/// `0` when a sleep was aborted, else what `attempt` resolved with): ms to sleep,
/// `[url, init, timeoutMs]` to send, or `true` when the unit is settled (also when there is no
/// such task). With `i` = [`FINISH`], the call's result or its error (`io.js` throws it), once
/// every unit is settled; with `i` = [`ACCEPT`] (`allTrackings`), takes the fetched page `ev`
/// and loads the next one's request: whether there is one; with `i` = [`FREE`], lets go of the
/// client or the call numbered `task` (twice, or a number never given: nothing). One export for
/// the four: less code.
#[wasm_bindgen(skip_typescript)]
pub fn step(task: u32, i: u32, ev: JsValue) -> JsValue {
    if i == FREE {
        release(task);
        return JsValue::UNDEFINED;
    }
    let Some(mut t) = take_task(task) else {
        return match i {
            FINISH => gone().into(),
            ACCEPT => JsValue::FALSE,
            _ => JsValue::TRUE,
        };
    };
    let out = match i {
        FINISH => t.finish().unwrap_or_else(|e| e),
        ACCEPT => t.accept(ev).into(),
        _ => t.step(i as usize, ev),
    };
    hold_as(task, Held::Task(t));
    out
}

/// [`step`]'s `i` that asks for the result.
const FINISH: u32 = u32::MAX;
/// [`step`]'s `i` that hands over a page.
const ACCEPT: u32 = u32::MAX - 1;
/// [`step`]'s `i` that lets go.
const FREE: u32 = u32::MAX - 2;

/// The error of a client or a call that is no longer held.
fn gone() -> Error {
    Error::invalid("this TrackingMore client was freed")
}

/// The client numbered `engine`.
fn client(engine: u32) -> Result<Shared, Error> {
    held::engine(engine).ok_or_else(gone)
}

fn prepare(engine: u32, op: usize, args: [JsValue; 4]) -> Result<Task, Error> {
    let core = client(engine)?;
    let p = crate::ops::prepare_op(op, &args)?;
    let signal = signal_of(&p.opts)?;
    let on_progress = match (&p.plan.finish, get(&p.opts, "onProgress")) {
        (Finish::Create(_), f) if !f.is_null_or_undefined() => Some(
            f.dyn_into::<Function>()
                .map_err(|_| Error::invalid("onProgress must be a function"))?,
        ),
        _ => None,
    };
    Ok(Task::new(&core, p.plan, signal, on_progress))
}

/// `{ TrackingMore, TrackingMoreError, verifyWebhook, parseWebhook }`: the public API around the
/// exported functions (`wasm`: the glue's `engine`, `call` and `step`), with one method
/// per name in [`OPERATIONS`] (the entry files call this once and export them).
#[wasm_bindgen(js_name = __api, skip_typescript)]
pub fn api(wasm: JsValue) -> JsValue {
    api_js(&wasm, OPERATIONS)
}
