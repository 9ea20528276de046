//! Reading the arguments and options JS passes: typed, checked, with `INVALID_INPUT` errors.

use super::*;

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
