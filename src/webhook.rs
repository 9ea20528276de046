//! Webhook verification for the Rust API in wasm: `verifyInfo.signature` must equal
//! hex(HMAC-SHA256(`timeStr`, key = the account e-mail)), `verifyInfo` looked for at the top level
//! and inside `data`. One implementation serves both APIs: `verifyWebhook` and `parseWebhook` in
//! `src/io.js` (the JS API exports them as they are), on the platform's Web Crypto, whose
//! `crypto.subtle.verify` compares in constant time.
//!
//! v2 signs only `timeStr` (unix seconds), not the body: a replayed or edited body with a valid
//! `verifyInfo` still verifies. A freshness bound (`max_age_seconds`) is the only limit on replays;
//! use it, and treat the webhook's tracking as a hint to fetch, or as data from a trusted sender.

use crate::error::{Error, ErrorCode};
use js_sys::{Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    #[wasm_bindgen(js_name = verifyWebhook)]
    fn verify_js(body: &JsValue, account_email: &str, opts: &JsValue) -> Promise;
    #[wasm_bindgen(js_name = webhookTracking)]
    fn parse_js(body: &JsValue, account_email: &str, opts: &JsValue) -> Promise;
}

/// `{ maxAgeSeconds }`, or the `INVALID_INPUT` error for a negative bound.
fn options(max_age_seconds: Option<f64>) -> Result<JsValue, Error> {
    let o = Object::new();
    if let Some(m) = max_age_seconds {
        if m.is_nan() || m < 0.0 {
            return Err(Error::invalid("maxAgeSeconds must be a number >= 0"));
        }
        let _ = Reflect::set(&o, &"maxAgeSeconds".into(), &m.into());
    }
    Ok(o.into())
}

/// Verifies a webhook body (a JSON string or a parsed object). Malformed bodies give `false`, and
/// so does a `timeStr` further than `max_age_seconds` from now (when given).
pub async fn verify(body: &JsValue, account_email: &str, max_age_seconds: Option<f64>) -> bool {
    let Ok(opts) = options(max_age_seconds) else {
        return false;
    };
    JsFuture::from(verify_js(body, account_email, &opts))
        .await
        .is_ok_and(|v| v.is_truthy())
}

/// Verifies a webhook body like [`verify`] and decodes its `data`, the tracking (leniently, like
/// API answers). Fails with [`ErrorCode::InvalidWebhook`]; the message names neither the e-mail
/// nor the key.
pub async fn parse(
    body: &JsValue,
    account_email: &str,
    max_age_seconds: Option<f64>,
) -> Result<crate::model::Tracking, Error> {
    let opts = options(max_age_seconds)?;
    let data = JsFuture::from(parse_js(body, account_email, &opts))
        .await
        .map_err(|e| {
            let message = Reflect::get(&e, &"message".into())
                .ok()
                .and_then(|m| m.as_string());
            Error::new(ErrorCode::InvalidWebhook, message.unwrap_or_default())
        })?;
    serde_wasm_bindgen::from_value(data).map_err(|_| {
        Error::new(
            ErrorCode::InvalidWebhook,
            "the webhook's tracking can not be read",
        )
    })
}
