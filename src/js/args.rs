//! Reading the arguments and options JS passes: typed, checked, with `INVALID_INPUT` errors.

use super::*;

/// `http://host…`, `https://host…`, or a path on the page's own origin (`/v2`); no blanks.
pub(super) fn is_base_url(b: &str) -> bool {
    if b.bytes()
        .any(|c| c.is_ascii_whitespace() || c.is_ascii_control())
    {
        return false;
    }
    // The scheme compared in place, either case (no lowercased copy of the URL).
    let mut rest = None;
    for scheme in &["https://", "http://"] {
        let n = scheme.len();
        if b.len() >= n && b.as_bytes()[..n].eq_ignore_ascii_case(scheme.as_bytes()) {
            rest = b.get(n..);
            break;
        }
    }
    match rest {
        Some(rest) => !rest.is_empty() && !rest.starts_with("/"),
        None => b.starts_with("/") && !b.starts_with("//"),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        for ok in [
            "https://api.trackingmore.com/v2",
            "HTTPS://API.example/v2",
            "Http://127.0.0.1:8790/v2",
            "http://h",
            "/v2",
            "/",
        ] {
            assert!(is_base_url(ok), "{ok}");
        }
        for bad in [
            "",
            "ftp://h/v2",
            "https://",
            "http:///v2",
            "//evil.example/v2",
            "v2",
            "https://h/v 2",
            "https://h/\tv2",
            "httpsx://h",
            "https:/h",
        ] {
            assert!(!is_base_url(bad), "{bad}");
        }
    }
}
