//! Webhook verification: `verifyInfo.signature` must equal hex(HMAC-SHA256(`timeStr`, key = the
//! account e-mail)). `verifyInfo` is looked for at the top level and inside `data`. The HMAC and its
//! constant-time comparison are the platform's (`crypto.subtle.verify`), which keeps the wasm small.
//!
//! v2 signs only `timeStr` (unix seconds), not the body: a replayed or edited body with a valid
//! `verifyInfo` still verifies. A freshness bound (`max_age_seconds`) is the only limit on replays;
//! use it, and treat the webhook's tracking as a hint to fetch, or as data from a trusted sender.

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    #[wasm_bindgen(js_name = hmacVerify)]
    fn hmac_verify(key: &str, message: &str, signature: &[u8]) -> Promise;
}

/// Bytes of a hex string (either case, surrounding blanks ignored); `None` if it is not hex.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    let s = s.trim().as_bytes();
    if s.is_empty() || s.len() % 2 != 0 {
        return None;
    }
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(s.len() / 2);
    for p in s.chunks(2) {
        out.push(digit(p[0])? << 4 | digit(p[1])?);
    }
    Some(out)
}

/// `(timeStr, signature)` from a webhook body's `verifyInfo`, top level first, then `data`.
/// `timeStr` may be a number or a string; anything else gives `None`. `get(base, leaf)` reads
/// `verifyInfo.<leaf>` of the body (`base` empty) or of its `data` (`base` = `"data"`).
pub fn verify_info(get: impl Fn(&str, &str) -> Option<VerifyField>) -> Option<(String, String)> {
    for base in ["", "data"] {
        if let (Some(t), Some(VerifyField::Text(s))) =
            (get(base, "timeStr"), get(base, "signature"))
        {
            let t = match t {
                VerifyField::Text(t) => t,
                VerifyField::Number(n) if n.is_finite() && n.fract() == 0.0 => {
                    crate::error::int_text(n as i64)
                }
                VerifyField::Number(_) => return None,
            };
            return Some((t, s));
        }
    }
    None
}

/// A field value seen by [`verify_info`].
pub enum VerifyField {
    /// A string.
    Text(String),
    /// A number.
    Number(f64),
}

fn js_get(root: &JsValue, base: &str, leaf: &str) -> Option<VerifyField> {
    let mut v = root.clone();
    for k in [base, "verifyInfo", leaf] {
        if k.is_empty() {
            continue;
        }
        if !v.is_object() {
            return None;
        }
        v = Reflect::get(&v, &JsValue::from_str(k)).ok()?;
    }
    if let Some(s) = v.as_string() {
        Some(VerifyField::Text(s))
    } else {
        v.as_f64().map(VerifyField::Number)
    }
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
        .and_then(|p| verify_info(|base, leaf| js_get(&p, base, leaf)))
        .filter(|(time_str, _)| is_fresh(time_str, max_age_seconds, now))
        .and_then(|(time_str, sig)| Some((time_str, from_hex(&sig)?)));
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
    use std::collections::HashMap;

    #[test]
    fn hex_signatures() {
        assert_eq!(from_hex("000fFf"), Some(vec![0, 15, 255]));
        assert_eq!(from_hex(" ab\n"), Some(vec![0xab]));
        assert_eq!(from_hex("abc"), None);
        assert_eq!(from_hex("zz"), None);
        assert_eq!(from_hex(""), None);
        assert_eq!(from_hex("+1"), None);
    }

    #[test]
    fn finds_verify_info_in_both_places() {
        let top: HashMap<&str, VerifyField> = [
            ("verifyInfo.timeStr", VerifyField::Number(1488249109.0)),
            ("verifyInfo.signature", VerifyField::Text("ab".into())),
        ]
        .into_iter()
        .collect();
        let get = |m: &HashMap<&str, VerifyField>, base: &str, leaf: &str| {
            let path = [base, "verifyInfo", leaf]
                .into_iter()
                .filter(|k| !k.is_empty())
                .collect::<Vec<_>>()
                .join(".");
            m.get(path.as_str()).map(|v| match v {
                VerifyField::Text(s) => VerifyField::Text(s.clone()),
                VerifyField::Number(n) => VerifyField::Number(*n),
            })
        };
        assert_eq!(
            verify_info(|b, l| get(&top, b, l)),
            Some(("1488249109".to_string(), "ab".to_string()))
        );
        let inner: HashMap<&str, VerifyField> = [
            ("data.verifyInfo.timeStr", VerifyField::Text("5".into())),
            ("data.verifyInfo.signature", VerifyField::Text("cd".into())),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            verify_info(|b, l| get(&inner, b, l)),
            Some(("5".to_string(), "cd".to_string()))
        );
        let none: HashMap<&str, VerifyField> = HashMap::new();
        assert_eq!(verify_info(|b, l| get(&none, b, l)), None);
        let bad: HashMap<&str, VerifyField> = [
            ("verifyInfo.timeStr", VerifyField::Number(1.5)),
            ("verifyInfo.signature", VerifyField::Text("ab".into())),
        ]
        .into_iter()
        .collect();
        assert_eq!(verify_info(|b, l| get(&bad, b, l)), None);
    }
}
