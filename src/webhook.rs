//! Webhook verification: `verifyInfo.signature` must equal hex(HMAC-SHA256(`timeStr`, key = the
//! account e-mail)). `verifyInfo` is looked for at the top level and inside `data`. The HMAC and its
//! constant-time comparison are the platform's (`crypto.subtle.verify`), which keeps the wasm small.
//!
//! v2 signs only `timeStr` (unix seconds), not the body: a replayed or edited body with a valid
//! `verifyInfo` still verifies. A freshness bound (`max_age_seconds`) is the only limit on replays;
//! use it, and treat the webhook's tracking as a hint to fetch, or as data from a trusted sender.

use crate::doc::Doc;
use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    /// Resolves with whether `signature` (hex) is HMAC-SHA256(`message`, `key`); `false` when it
    /// is not hex. The comparison is Web Crypto's, in constant time.
    #[wasm_bindgen(js_name = hmacVerify)]
    fn hmac_verify(key: &str, message: &str, signature: &str) -> Promise;
}

/// `(timeStr, signature)` from a webhook body's `verifyInfo`, top level first, then `data`.
/// `timeStr` may be a string or a whole number; anything else gives `None`.
pub fn verify_info<D: Doc>(body: &D) -> Option<(String, String)> {
    for info in [
        body.field("verifyInfo"),
        body.field("data").field("verifyInfo"),
    ] {
        let (t, sig) = (info.field("timeStr"), info.field("signature").as_string());
        let t = match (t.as_string(), t.as_f64(), sig.is_some()) {
            (_, _, false) => continue,
            (Some(t), _, _) => t,
            (None, Some(n), _) if n.is_finite() && n.fract() == 0.0 => {
                crate::error::int_text(n as i64)
            }
            _ => return None,
        };
        return Some((t, sig?));
    }
    None
}

/// Whether `time_str` (unix seconds) is within `max_age_seconds` of `now_ms`, either way. With no
/// bound, any `timeStr` is fresh; with one, a `timeStr` that is not an integer is not.
pub fn is_fresh(time_str: &str, max_age_seconds: Option<f64>, now_ms: f64) -> bool {
    let Some(max) = max_age_seconds else {
        return true;
    };
    crate::error::parse_int(time_str).is_some_and(|t| (now_ms / 1000.0 - t as f64).abs() <= max)
}

/// A webhook body as an object: parsed when it is a string.
pub fn body_object(body: &JsValue) -> Option<JsValue> {
    let parsed = if body.is_string() {
        crate::transport::parse_json(body)
    } else {
        Some(body.clone())
    };
    parsed.filter(JsValue::is_object)
}

/// Verifies a webhook body (a JSON string or a parsed object) without awaiting: a promise of
/// `true` or `false`. Malformed bodies, bodies whose signature is not hex, and (with
/// `max_age_seconds`) a `timeStr` further than that from now give `false`.
pub fn verify_promise(
    body: &JsValue,
    account_email: &str,
    max_age_seconds: Option<f64>,
) -> Promise {
    let now = js_sys::Date::now();
    let check = body_object(body)
        .filter(|_| !account_email.is_empty())
        .and_then(|p| verify_info(&p))
        .filter(|(time_str, _)| is_fresh(time_str, max_age_seconds, now));
    match check {
        Some((time_str, sig)) => hmac_verify(account_email, &time_str, &sig),
        None => Promise::resolve(&JsValue::FALSE),
    }
}

/// Verifies a webhook body (a JSON string or a parsed object). Malformed bodies give `false`, and
/// so does a `timeStr` further than `max_age_seconds` from now (when given).
pub async fn verify(body: &JsValue, account_email: &str, max_age_seconds: Option<f64>) -> bool {
    JsFuture::from(verify_promise(body, account_email, max_age_seconds))
        .await
        .is_ok_and(|v| v.is_truthy())
}

/// Verifies a webhook body like [`verify`] and decodes its `data`, the tracking (leniently, like
/// API answers). Fails with [`crate::ErrorCode::InvalidWebhook`]; the message names neither the
/// e-mail nor the key.
pub async fn parse(
    body: &JsValue,
    account_email: &str,
    max_age_seconds: Option<f64>,
) -> Result<crate::model::Tracking, crate::Error> {
    let invalid = || crate::Error::new(crate::ErrorCode::InvalidWebhook, INVALID);
    let object = body_object(body).ok_or_else(invalid)?;
    if !verify(&object, account_email, max_age_seconds).await {
        return Err(invalid());
    }
    let data = Reflect::get(&object, &"data".into()).unwrap_or(JsValue::UNDEFINED);
    if !data.is_object() {
        return Err(invalid());
    }
    serde_wasm_bindgen::from_value(data).map_err(|_| invalid())
}

/// The message of an [`crate::ErrorCode::InvalidWebhook`] error.
pub const INVALID: &str =
    "not a valid TrackingMore webhook: bad or stale signature, or not a v2 webhook body";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn freshness_bound_both_ways() {
        let now = 1_700_000_000_000.0;
        assert!(is_fresh("anything", None, now));
        assert!(is_fresh("1700000000", Some(300.0), now));
        assert!(is_fresh("1699999700", Some(300.0), now));
        assert!(!is_fresh("1699999699", Some(300.0), now), "too old");
        assert!(!is_fresh("1700000301", Some(300.0), now), "from the future");
        assert!(
            !is_fresh("2017-01-01", Some(300.0), now),
            "not unix seconds"
        );
    }
    use serde_json::json;

    #[test]
    fn finds_verify_info_in_both_places() {
        let top = json!({"verifyInfo": {"timeStr": 1488249109, "signature": "ab"}});
        assert_eq!(verify_info(&top), Some(("1488249109".into(), "ab".into())));
        let inner = json!({"data": {"verifyInfo": {"timeStr": "5", "signature": "cd"}}});
        assert_eq!(verify_info(&inner), Some(("5".into(), "cd".into())));
        assert_eq!(verify_info(&json!({"data": []})), None);
        let bad = json!({"verifyInfo": {"timeStr": 1.5, "signature": "ab"}});
        assert_eq!(verify_info(&bad), None);
        let no_sig = json!({"verifyInfo": {"timeStr": 1}, "data": {"verifyInfo": {"timeStr": 2, "signature": "ef"}}});
        assert_eq!(verify_info(&no_sig), Some(("2".into(), "ef".into())));
    }
}
