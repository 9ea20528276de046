//! Webhook verification: `verifyInfo.signature` must equal hex(HMAC-SHA256(`timeStr`, key = the
//! account e-mail)). `verifyInfo` is looked for at the top level and inside `data`. The HMAC is the
//! platform's (`crypto.subtle`), which keeps the wasm small; the compare is constant-time.

use js_sys::{Array, Function, Object, Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Compares two byte strings in time that depends only on their lengths.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Lower-case hex of bytes.
pub fn to_hex(bytes: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    bytes
        .iter()
        .flat_map(|b| {
            [
                HEX[(b >> 4) as usize] as char,
                HEX[(b & 15) as usize] as char,
            ]
        })
        .collect()
}

/// `(timeStr, signature)` from a webhook body's `verifyInfo`, top level first, then `data`.
/// `timeStr` may be a number or a string; anything else gives `None`.
pub fn verify_info(get: impl Fn(&[&str]) -> Option<VerifyField>) -> Option<(String, String)> {
    for base in [&[][..], &["data"][..]] {
        let path = |leaf: &'static str| -> Vec<&str> {
            base.iter().copied().chain(["verifyInfo", leaf]).collect()
        };
        let time = get(&path("timeStr"));
        let sig = get(&path("signature"));
        if let (Some(t), Some(VerifyField::Text(s))) = (time, sig) {
            let t = match t {
                VerifyField::Text(t) => t,
                VerifyField::Number(n) if n.is_finite() && n.fract() == 0.0 => {
                    format!("{}", n as i64)
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

fn js_get(root: &JsValue, path: &[&str]) -> Option<VerifyField> {
    let mut v = root.clone();
    for k in path {
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

async fn call_subtle(subtle: &JsValue, name: &str, args: &Array) -> Option<JsValue> {
    let f: Function = Reflect::get(subtle, &JsValue::from_str(name))
        .ok()?
        .dyn_into()
        .ok()?;
    let p: Promise = Reflect::apply(&f, subtle, args).ok()?.dyn_into().ok()?;
    JsFuture::from(p).await.ok()
}

/// hex(HMAC-SHA256(message, key)) with Web Crypto; `None` when there is no `crypto.subtle`.
pub async fn hmac_sha256_hex(key: &str, message: &str) -> Option<String> {
    let crypto = Reflect::get(&js_sys::global(), &"crypto".into()).ok()?;
    let subtle = Reflect::get(&crypto, &"subtle".into())
        .ok()
        .filter(|s| s.is_object())?;
    let alg = Object::new();
    Reflect::set(&alg, &"name".into(), &"HMAC".into()).ok()?;
    Reflect::set(&alg, &"hash".into(), &"SHA-256".into()).ok()?;
    let usages = Array::of1(&"sign".into());
    let key_bytes = Uint8Array::from(key.as_bytes());
    let args = Array::of5(&"raw".into(), &key_bytes, &alg, &JsValue::FALSE, &usages);
    let crypto_key = call_subtle(&subtle, "importKey", &args).await?;
    let msg = Uint8Array::from(message.as_bytes());
    let sig = call_subtle(
        &subtle,
        "sign",
        &Array::of3(&"HMAC".into(), &crypto_key, &msg),
    )
    .await?;
    Some(to_hex(&Uint8Array::new(&sig).to_vec()))
}

/// Verifies a webhook body (a JSON string or a parsed object). Malformed bodies give `false`.
pub async fn verify(body: &JsValue, account_email: &str) -> bool {
    let parsed = if body.is_string() {
        crate::transport::parse_json(body)
    } else {
        Some(body.clone())
    };
    let Some(parsed) = parsed.filter(JsValue::is_object) else {
        return false;
    };
    let Some((time_str, signature)) = verify_info(|p| js_get(&parsed, p)) else {
        return false;
    };
    let Some(expected) = hmac_sha256_hex(account_email, &time_str).await else {
        return false;
    };
    constant_time_eq(
        expected.as_bytes(),
        signature.trim().to_ascii_lowercase().as_bytes(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn compare_and_hex() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
        assert_eq!(to_hex(&[0, 15, 255]), "000fff");
    }

    #[test]
    fn finds_verify_info_in_both_places() {
        let top: HashMap<&str, VerifyField> = [
            ("verifyInfo.timeStr", VerifyField::Number(1488249109.0)),
            ("verifyInfo.signature", VerifyField::Text("ab".into())),
        ]
        .into_iter()
        .collect();
        let get = |m: &HashMap<&str, VerifyField>, p: &[&str]| {
            m.get(p.join(".").as_str()).map(|v| match v {
                VerifyField::Text(s) => VerifyField::Text(s.clone()),
                VerifyField::Number(n) => VerifyField::Number(*n),
            })
        };
        assert_eq!(
            verify_info(|p| get(&top, p)),
            Some(("1488249109".to_string(), "ab".to_string()))
        );
        let inner: HashMap<&str, VerifyField> = [
            ("data.verifyInfo.timeStr", VerifyField::Text("5".into())),
            ("data.verifyInfo.signature", VerifyField::Text("cd".into())),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            verify_info(|p| get(&inner, p)),
            Some(("5".to_string(), "cd".to_string()))
        );
        let none: HashMap<&str, VerifyField> = HashMap::new();
        assert_eq!(verify_info(|p| get(&none, p)), None);
        let bad: HashMap<&str, VerifyField> = [
            ("verifyInfo.timeStr", VerifyField::Number(1.5)),
            ("verifyInfo.signature", VerifyField::Text("ab".into())),
        ]
        .into_iter()
        .collect();
        assert_eq!(verify_info(|p| get(&bad, p)), None);
    }
}
