//! Reading what JS passes: the client's options and a call's `signal`, typed and checked, with
//! `INVALID_INPUT` errors.

use super::*;
use crate::attempts::Settings;
use crate::endpoints::Api;

/// The [`Core`] of `new TrackingMore(options)` (`api` v2) or `new TrackingMoreV4(options)`.
pub(super) fn core_of(api: Api, options: JsValue) -> Result<Core<FetchTransport>, Error> {
    let o = if options.is_null_or_undefined() {
        Object::new().into()
    } else {
        options
    };
    if !o.is_object() {
        return Err(Error::invalid("options must be an object"));
    }
    let (api_key, base_url) = key_and_base(api, &o)?;
    for (name, only) in crate::options::VERSION_OPTIONS {
        if only != api && !get(&o, name).is_undefined() {
            return Err(Error::invalid(crate::text::cat(&[
                "option ",
                name,
                " is a ",
                only.as_str(),
                " option",
            ])));
        }
    }
    // The defaults are Settings::for_api's and the checks the option table's: one place for both
    // APIs (crate::options).
    let mut settings = Settings::for_api(api);
    for (i, opt) in crate::options::NUMBER_OPTIONS.iter().enumerate() {
        let v = get(&o, opt.name);
        if !v.is_null_or_undefined() {
            crate::options::apply(i, &mut settings, v.as_f64())?;
        }
    }
    let on_wait = match get(&o, "onWait") {
        v if v.is_null_or_undefined() => None,
        v => Some(
            v.dyn_into::<Function>()
                .map_err(|_| Error::invalid("option onWait must be a function"))?,
        ),
    };
    // Clients of one account in this isolate or process share its pacer and its 429 holds: the
    // account is the API version at this base URL with this key (in proxy mode, none: the
    // proxy's).
    let account = crate::text::cat(&[
        api.as_str(),
        " ",
        &base_url,
        " ",
        api_key.as_deref().unwrap_or(""),
    ]);
    let transport = transport_of(api, &o, &base_url, api_key)?;
    let pacer = crate::retry::shared_pacer(&account, settings.rates());
    let mut core = Core::with_pacer(transport, settings, pacer);
    if let Some(f) = on_wait {
        core.set_on_wait(move |w| {
            let code = w.cause.as_ref().map(|e| e.code().as_str());
            tell_wait(&f, w.reason.as_str(), w.ms, w.attempt, code);
        });
    }
    Ok(core)
}

/// The `apiKey` and `baseUrl` options, checked: `(key, base URL)` (the real API's URL when only a
/// key is given; no key in proxy mode).
fn key_and_base(api: Api, o: &JsValue) -> Result<(Option<String>, String), Error> {
    let key = get(o, "apiKey");
    let base = get(o, "baseUrl");
    let api_key = if key.is_null_or_undefined() {
        None
    } else {
        let k = key
            .as_string()
            .ok_or_else(|| Error::invalid("apiKey must be a string"))?;
        // Checked here so that fetch never rejects the header (its message would quote it).
        if k.is_empty() || !k.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(Error::invalid(
                "apiKey must be a non-empty string of visible ASCII characters",
            ));
        }
        Some(k)
    };
    let base_url = if base.is_null_or_undefined() {
        if api_key.is_none() {
            return Err(Error::invalid("apiKey is required (or give baseUrl for proxy mode, where your proxy adds the key)"));
        }
        api.default_base_url().to_string()
    } else {
        let b = base
            .as_string()
            .ok_or_else(|| Error::invalid("baseUrl must be a string"))?;
        if b.trim_ascii().is_empty() {
            return Err(Error::invalid("baseUrl must not be empty"));
        }
        if !is_base_url(&b) {
            return Err(Error::invalid(crate::text::cat(&[
                "baseUrl must be an http(s) URL (e.g. https://api.trackingmore.com/v2) or, in a page, a path on its own origin (/v2); got \"",
                &b,
                "\"",
            ])));
        }
        b
    };
    Ok((api_key, base_url))
}

/// The fetch transport of the options: the base URL and key, and the `fetch` and `headers` options.
fn transport_of(
    api: Api,
    o: &JsValue,
    base_url: &str,
    api_key: Option<String>,
) -> Result<FetchTransport, Error> {
    let mut transport = FetchTransport::for_api(api, base_url, api_key);
    let f = get(o, "fetch");
    if !f.is_null_or_undefined() {
        transport = transport.with_fetch(
            f.dyn_into::<Function>()
                .map_err(|_| Error::invalid("option fetch must be a function"))?,
        );
    }
    let h = get(o, "headers");
    if !h.is_null_or_undefined() {
        if !h.is_object() {
            return Err(Error::invalid(
                "option headers must be an object of strings",
            ));
        }
        for (k, v) in crate::ops::query_pairs(&h) {
            if [Api::V2, Api::V4]
                .iter()
                .any(|a| k.eq_ignore_ascii_case(a.key_header()))
            {
                return Err(Error::invalid("pass the API key as apiKey, not in headers"));
            }
            transport = transport.with_header(k, v);
        }
    }
    Ok(transport)
}

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
