//! Reading the arguments and options JS passes: typed, checked, with `INVALID_INPUT` errors.

use super::*;

pub(super) fn get(o: &JsValue, k: &str) -> JsValue {
    if o.is_object() {
        Reflect::get(o, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

pub(super) fn set(o: &JsValue, k: &str, v: &JsValue) {
    let _ = Reflect::set(o, &JsValue::from_str(k), v);
}

/// A number as JS would print it (the engine formats; Rust's float formatting is large).
pub(super) fn number_text(n: f64) -> Option<String> {
    if !n.is_finite() {
        None
    } else if n.fract() == 0.0 && n.abs() < 1e15 {
        Some(crate::error::int_text(n as i64))
    } else {
        js_sys::Number::from(n)
            .to_string_with_radix(10)
            .ok()
            .map(String::from)
    }
}

/// `parseFloat(text)` (the engine parses; NaN for non-numbers).
pub(super) fn js_number(text: &str) -> f64 {
    js_sys::Number::parse_float(text.trim())
}

impl Fields for JsValue {
    fn text(&self, key: &str) -> Option<String> {
        let v = get(self, key);
        v.as_string().or_else(|| v.as_f64().and_then(number_text))
    }
    fn has(&self, key: &str) -> bool {
        let v = get(self, key);
        !v.is_undefined() && !v.is_null()
    }
}

pub(super) fn invalid(msg: impl Into<String>) -> JsValue {
    Error::invalid(msg).into()
}

/// `http://host…`, `https://host…`, or a path on the page's own origin (`/v2`); no blanks.
pub(super) fn is_base_url(b: &str) -> bool {
    if b.bytes()
        .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return false;
    }
    let lower = b.to_ascii_lowercase();
    match lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        Some(rest) => !rest.is_empty() && !rest.starts_with('/'),
        None => b.starts_with('/') && !b.starts_with("//"),
    }
}

/// A number option: absent → default; otherwise finite and ≥ 0.
pub(super) fn opt_number(o: &JsValue, k: &str, default: f64) -> Result<f64, JsValue> {
    let v = get(o, k);
    if v.is_undefined() || v.is_null() {
        return Ok(default);
    }
    match v.as_f64() {
        Some(n) if n.is_finite() && n >= 0.0 => Ok(n),
        _ => Err(invalid(crate::error::cat(&[
            "option ",
            k,
            " must be a number >= 0",
        ]))),
    }
}

/// The caller's `signal` from an options object.
pub(super) fn signal_of(opts: &JsValue) -> Result<Option<AbortSignal>, Error> {
    let s = get(opts, "signal");
    if s.is_undefined() || s.is_null() {
        return Ok(None);
    }
    s.dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| Error::invalid("signal must be an AbortSignal"))
}

pub(super) fn string_arg(v: &JsValue, what: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::invalid(crate::error::cat(&[what, " must be a string"])))
}

pub(super) fn lang_of(opts: &JsValue) -> Result<Option<String>, Error> {
    let l = get(opts, "lang");
    if l.is_undefined() || l.is_null() {
        return Ok(None);
    }
    let l = string_arg(&l, "lang")?;
    if l.is_empty()
        || l.len() > 10
        || !l
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::invalid(crate::error::cat(&[
            "lang \"",
            &l,
            "\" is not a language code",
        ])));
    }
    Ok(Some(l))
}

pub(super) fn stringify(v: &JsValue) -> Result<String, Error> {
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| Error::invalid("input can not be encoded as JSON"))
}

/// `undefined` / `null` or an object.
pub(super) fn optional_object(v: &JsValue, what: &str) -> Result<(), Error> {
    if v.is_undefined() || v.is_null() {
        Ok(())
    } else {
        object_arg(v, what)
    }
}

/// An input object with a valid `tracking_number` and `carrier_code`.
pub(super) fn object_item(input: &JsValue) -> Result<(), Error> {
    object_arg(input, "input")?;
    validate::item(input, "input").map(|_| ())
}

/// `(carrierCode, trackingNumber)` arguments, checked.
pub(super) fn tracking_args(
    carrier: &JsValue,
    number: &JsValue,
) -> Result<(String, String), Error> {
    let (c, n) = (
        string_arg(carrier, "carrierCode")?,
        string_arg(number, "trackingNumber")?,
    );
    validate::carrier_code(&c)?;
    validate::tracking_number(&n)?;
    Ok((c, n))
}

pub(super) fn object_arg(v: &JsValue, what: &str) -> Result<(), Error> {
    if v.is_object() && !Array::is_array(v) {
        Ok(())
    } else {
        Err(Error::invalid(crate::error::cat(&[
            what,
            " must be an object",
        ])))
    }
}

pub(super) fn array_arg(v: &JsValue, what: &str) -> Result<Array, Error> {
    if !Array::is_array(v) {
        return Err(Error::invalid(crate::error::cat(&[
            what,
            " must be an array",
        ])));
    }
    let a: Array = v.clone().unchecked_into();
    if a.length() == 0 {
        return Err(Error::invalid(crate::error::cat(&[what, " is empty"])));
    }
    Ok(a)
}

/// Query pairs from a plain object (strings, numbers and booleans; others skipped).
pub(super) fn query_pairs(q: &JsValue) -> Vec<(String, String)> {
    if !q.is_object() {
        return Vec::new();
    }
    let mut pairs = Vec::new();
    for k in Object::keys(q.unchecked_ref::<Object>()) {
        let Some(key) = k.as_string() else { continue };
        let v = get(q, &key);
        let text = match v.as_bool() {
            Some(b) => Some((if b { "true" } else { "false" }).into()),
            None => q.text(&key),
        };
        if let Some(text) = text {
            pairs.push((key, text));
        }
    }
    pairs
}
