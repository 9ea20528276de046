//! Webhook verification: `verifyInfo.signature` must equal hex(HMAC-SHA256(`timeStr`, key = the
//! account e-mail)). `verifyInfo` is looked for at the top level and inside `data`. The HMAC and its
//! constant-time comparison are the platform's (`crypto.subtle.verify`), which keeps the wasm small.

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

/// Verifies a webhook body (a JSON string or a parsed object) without awaiting: a promise of
/// `true` or `false`. Malformed bodies and bodies whose signature is not hex give `false`.
pub fn verify_promise(body: &JsValue, account_email: &str) -> Promise {
    let parsed = if body.is_string() {
        crate::transport::parse_json(body)
    } else {
        Some(body.clone())
    };
    let check = parsed
        .filter(|p| p.is_object() && !account_email.is_empty())
        .and_then(|p| verify_info(|base, leaf| js_get(&p, base, leaf)))
        .and_then(|(time_str, sig)| Some((time_str, from_hex(&sig)?)));
    match check {
        Some((time_str, sig)) => hmac_verify(account_email, &time_str, &sig),
        None => Promise::resolve(&JsValue::FALSE),
    }
}

/// Verifies a webhook body (a JSON string or a parsed object). Malformed bodies give `false`.
pub async fn verify(body: &JsValue, account_email: &str) -> bool {
    JsFuture::from(verify_promise(body, account_email))
        .await
        .is_ok_and(|v| v.is_truthy())
}

#[cfg(test)]
mod tests {
    use super::*;
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
