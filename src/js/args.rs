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

/// The caller's `signal` from an options object.
pub(super) fn signal_of(opts: &JsValue) -> Result<Option<AbortSignal>, Error> {
    let s = get(opts, "signal");
    if s.is_null_or_undefined() {
        return Ok(None);
    }
    s.dyn_into::<AbortSignal>()
        .map(Some)
        .map_err(|_| Error::invalid("signal must be an AbortSignal"))
}
