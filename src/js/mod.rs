//! The JavaScript API: the crate's only `#[wasm_bindgen]` exports.
//!
//! * [`CoreHandle`], what the public class `TrackingMore` (`pkg/entries/api.js`) holds: it runs
//!   the operations by name ([`Endpoint::js_name`]) and `allTrackings`; wasm-bindgen's own
//!   `free` lets go of it.
//! * [`Call`] (`call.rs`), one call in progress: the `run` loop of `src/io.js` drives it, performing
//!   the sleeps and sends it asks for.
//! * `errorClass`, `verifyWebhook`, `webhookTracking`, `shapeTracking`, `verifyWebhookV4`,
//!   `parseWebhookV4`: what the rest of the package's API is made of.
//!
//! Answers stay the objects the engine's `JSON.parse` built: the wasm reads `meta` and shapes
//! them in place instead of round-tripping them through Rust structs. The `.d.ts` is the tsify
//! models of [`crate::model`], the endpoint table's class declaration and the sections below.

use crate::attempts::{Core, Reply, Transport};
use crate::batch::Chunks;
use crate::endpoints::{Api, Endpoint};
use crate::error::{Error, ErrorCode};
use crate::ops::Pages;
use crate::plan::{Finish, Plan, Step};
use crate::shape::Shape;
use crate::transport::{reply_of, FetchTransport};
use crate::validate::Fields;
use js_sys::{Array, Function, Object, Promise};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::AbortSignal;

mod call;
mod doc;
mod options;

pub use call::Call;
use doc::*;
use options::*;

#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    /// The JS error class of every failure.
    #[wasm_bindgen(js_name = TrackingMoreError)]
    type JsError;
    #[wasm_bindgen(constructor, js_class = "TrackingMoreError")]
    fn make_error(
        code: &str,
        message: &str,
        meta_code: Option<f64>,
        status: Option<u16>,
        retryable: bool,
        retry_after_ms: Option<f64>,
    ) -> JsError;
    #[wasm_bindgen(js_name = errorClass)]
    fn error_class_js() -> JsValue;
    #[wasm_bindgen(js_name = tellProgress)]
    fn tell_progress(hook: &Function, done: usize, total: usize, added: usize, failed: usize);
    #[wasm_bindgen(js_name = tellWait)]
    fn tell_wait(hook: &Function, reason: &str, ms: f64, attempt: u32, code: Option<&str>);
    /// Runs a call to its end and frees it: a promise of its result.
    #[wasm_bindgen(js_name = runCall)]
    fn run_call(call: Call) -> Promise;
    /// The async iterator of `allTrackings` over a call that is reloaded page after page.
    #[wasm_bindgen(js_name = pageItems)]
    fn page_items(call: Call) -> JsValue;
    #[wasm_bindgen(js_name = verifyWebhook)]
    fn verify_webhook_js(body: &JsValue, account_email: &JsValue, opts: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = webhookTracking)]
    fn webhook_tracking_js(body: &JsValue, account_email: &JsValue, opts: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = verifyWebhookV4)]
    fn verify_webhook_v4_js(request: &JsValue, secret: &JsValue, opts: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = webhookTrackingV4)]
    fn webhook_tracking_v4_js(request: &JsValue, secret: &JsValue, opts: &JsValue) -> Promise;
}

// The output types, as JS receives them (written by hand, checked against every sandbox answer
// by tests/js/types.test.mjs; the input types come from tsify).
#[wasm_bindgen(typescript_custom_section)]
const TS_OUTPUTS: &'static str = include_str!("../outputs.d.ts");

#[wasm_bindgen(typescript_custom_section)]
const TS_API: &'static str = include_str!("api.d.ts");

// The classes, from the endpoint table (src/endpoints.rs).
#[wasm_bindgen(typescript_custom_section)]
const TS_CLASSES: &'static str = crate::endpoints::TS_CLASSES;

// The options interface, generated from the option table (src/options.rs).
#[wasm_bindgen(typescript_custom_section)]
const TS_OPTIONS: &'static str = crate::options::CLIENT_OPTIONS_TS;

impl From<Error> for JsValue {
    fn from(e: Error) -> JsValue {
        JsError::make_error(
            e.code().as_str(),
            e.message(),
            e.meta_code().map(|c| c as f64),
            e.status(),
            e.is_retryable(),
            e.retry_after_ms().map(|m| m as f64),
        )
        .into()
    }
}

/// The API version of a client, as the JS classes name it.
#[wasm_bindgen]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ApiVersion {
    /// `TrackingMore`.
    V2 = "v2",
    /// `TrackingMoreV4`.
    V4 = "v4",
}

impl ApiVersion {
    fn api(self) -> Result<Api, Error> {
        match self {
            ApiVersion::V2 => Ok(Api::V2),
            ApiVersion::V4 => Ok(Api::V4),
            _ => Err(Error::invalid("no such API version")),
        }
    }
}

/// The wasm side of a `TrackingMore` or `TrackingMoreV4` client (the public classes,
/// `pkg/entries/api.js`, hold one): its version, its [`Core`], and the operations run on it.
#[wasm_bindgen(skip_typescript)]
pub struct CoreHandle {
    api: Api,
    core: Rc<Core<FetchTransport>>,
}

#[wasm_bindgen]
impl CoreHandle {
    /// A client's core; throws `INVALID_INPUT` for bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(version: ApiVersion, options: JsValue) -> Result<CoreHandle, JsValue> {
        let api = version.api()?;
        Ok(CoreHandle {
            api,
            core: Rc::new(core_of(api, options)?),
        })
    }

    /// The JS names of a version's operations, in the endpoint table's order: its public class
    /// has one method of each name, which calls [`CoreHandle::call`] with it.
    pub fn operations(version: ApiVersion) -> Result<Array, JsValue> {
        let api = version.api()?;
        Ok(api
            .endpoints()
            .iter()
            .map(|ep| JsValue::from_str(ep.js_name()))
            .collect())
    }

    /// Runs the operation named `operation` with the method's arguments: a promise of its
    /// result, rejected before any request when they are wrong (or the name is no operation).
    pub fn call(&self, operation: &str, args: Array) -> Promise {
        match self.plan(operation, args) {
            Ok(call) => run_call(call),
            Err(e) => Promise::reject(&e.into()),
        }
    }

    /// Every tracking matching `query`, page after page: an async iterator. Throws for a bad
    /// query or signal; pages are fetched as the iterator is read.
    #[wasm_bindgen(js_name = allTrackings)]
    pub fn all_trackings(&self, query: JsValue, opts: JsValue) -> Result<JsValue, JsValue> {
        let mut pages = Pages::new(self.api, &query)?;
        let signal = signal_of(&opts)?;
        let first = pages
            .next_page()
            .unwrap_or_else(|| Err(Error::invalid("query can not be paged")))?;
        let mut call = Call::new(&self.core, first, signal, None);
        call.pages = Some(pages);
        Ok(page_items(call))
    }
}

impl CoreHandle {
    fn plan(&self, operation: &str, args: Array) -> Result<Call, Error> {
        let ep = Endpoint::from_js_name(self.api, operation)
            .ok_or_else(|| Error::invalid(crate::text::cat(&["no such operation: ", operation])))?;
        let args = [args.get(0), args.get(1), args.get(2), args.get(3)];
        let planned = crate::ops::plan(ep, &args)?;
        let signal = signal_of(&planned.opts)?;
        let on_progress = match (&planned.plan.finish, get(&planned.opts, "onProgress")) {
            (Finish::Create(_), f) if !f.is_null_or_undefined() => Some(
                f.dyn_into::<Function>()
                    .map_err(|_| Error::invalid("onProgress must be a function"))?,
            ),
            _ => None,
        };
        Ok(Call::new(&self.core, planned.plan, signal, on_progress))
    }
}

/// The `TrackingMoreError` class (the entry files export it).
#[wasm_bindgen(js_name = errorClass, skip_typescript)]
pub fn error_class() -> JsValue {
    error_class_js()
}

/// Verifies a v2 webhook (see `verifyWebhook` in `src/js/api.d.ts`).
#[wasm_bindgen(js_name = verifyWebhook, skip_typescript)]
pub fn verify_webhook(body: JsValue, account_email: JsValue, opts: JsValue) -> Promise {
    verify_webhook_js(&body, &account_email, &opts)
}

/// The tracking of a verified v2 webhook, as sent (`parseWebhook` in `pkg/entries/api.js` shapes
/// it with [`shape_tracking`]); rejects with `INVALID_WEBHOOK`.
#[wasm_bindgen(js_name = webhookTracking, skip_typescript)]
pub fn webhook_tracking(body: JsValue, account_email: JsValue, opts: JsValue) -> Promise {
    webhook_tracking_js(&body, &account_email, &opts)
}

/// Verifies a v4 webhook (see `verifyWebhookV4` in `src/js/api.d.ts`).
#[wasm_bindgen(js_name = verifyWebhookV4, skip_typescript)]
pub fn verify_webhook_v4(request: JsValue, secret: JsValue, opts: JsValue) -> Promise {
    verify_webhook_v4_js(&request, &secret, &opts)
}

/// The tracking of a verified v4 webhook (`parseWebhookV4`); rejects with `INVALID_WEBHOOK`.
#[wasm_bindgen(js_name = parseWebhookV4, skip_typescript)]
pub fn parse_webhook_v4(request: JsValue, secret: JsValue, opts: JsValue) -> Promise {
    webhook_tracking_v4_js(&request, &secret, &opts)
}

/// A tracking shaped like API answers: its real-data quirks fixed in place.
#[wasm_bindgen(js_name = shapeTracking, skip_typescript)]
pub fn shape_tracking(mut tracking: JsValue) -> JsValue {
    crate::shape::fix_tracking(&mut tracking);
    tracking
}
