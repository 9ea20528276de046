//! The one error type: a stable [`ErrorCode`] plus what the API or the transport said.
//!
//! Messages are built only from the API's `meta.message`, the request's endpoint name, the
//! platform's network error text and client checks: never from URLs or headers. What the server
//! or the network wrote may still echo the key (a proxy quoting the request, a `meta.message`
//! with the header in it), so every such text is passed through [`scrub`] before it reaches an
//! error, a per-item error or a log.

use crate::text::{cat, int_text};
use core::fmt;

/// What went wrong, as a stable code (`err.code` in JavaScript).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// Rejected by the client before any request was sent.
    InvalidInput,
    /// meta 401, 403, 4001, 4002, or HTTP 401, 403 (a proxy refusing the call included).
    Unauthorized,
    /// meta 4016.
    TrackingExists,
    /// meta 4017, 4031.
    TrackingNotFound,
    /// meta 4032.
    CarrierNotDetected,
    /// meta 402, 4019, 4021.
    QuotaExceeded,
    /// Any other 4xx / 40xx meta code.
    BadRequest,
    /// meta or HTTP 429, after retries.
    RateLimited,
    /// meta or HTTP 5xx, after retries.
    ServerError,
    /// No response within the per-attempt timeout, on the last attempt.
    Timeout,
    /// The caller's signal aborted.
    Aborted,
    /// `fetch` itself failed (refused, reset, DNS, a body cut short), after retries.
    Network,
    /// A 2xx answer whose body is not the expected JSON envelope.
    Decode,
    /// `parseWebhook`: the signature is wrong or stale, or the body is not a v2 webhook.
    InvalidWebhook,
}

impl ErrorCode {
    /// The JavaScript spelling (`"TRACKING_EXISTS"`, …).
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::Unauthorized => "UNAUTHORIZED",
            ErrorCode::TrackingExists => "TRACKING_EXISTS",
            ErrorCode::TrackingNotFound => "TRACKING_NOT_FOUND",
            ErrorCode::CarrierNotDetected => "CARRIER_NOT_DETECTED",
            ErrorCode::QuotaExceeded => "QUOTA_EXCEEDED",
            ErrorCode::BadRequest => "BAD_REQUEST",
            ErrorCode::RateLimited => "RATE_LIMITED",
            ErrorCode::ServerError => "SERVER_ERROR",
            ErrorCode::Timeout => "TIMEOUT",
            ErrorCode::Aborted => "ABORTED",
            ErrorCode::Network => "NETWORK",
            ErrorCode::Decode => "DECODE",
            ErrorCode::InvalidWebhook => "INVALID_WEBHOOK",
        }
    }

    /// Whether the client retries this kind of failure.
    pub fn is_retryable(self) -> bool {
        matches!(
            self,
            ErrorCode::RateLimited
                | ErrorCode::ServerError
                | ErrorCode::Timeout
                | ErrorCode::Network
        )
    }

    /// Maps an API `meta.code` to a code; `None` for the success codes 200, 201 and 202. The v2
    /// codes (40xx) and the v4 codes (41xx) do not overlap, so one table serves both.
    pub fn from_meta(meta: i64) -> Option<ErrorCode> {
        Some(match meta {
            200..=202 => return None,
            401 | 403 | 4001 | 4002 => ErrorCode::Unauthorized,
            4016 | 4101 => ErrorCode::TrackingExists,
            4017 | 4031 | 4102 | 4112 => ErrorCode::TrackingNotFound,
            4032 | 4121 => ErrorCode::CarrierNotDetected,
            402 | 4019 | 4021 | 4190 => ErrorCode::QuotaExceeded,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::BadRequest,
        })
    }

    /// Maps a bare HTTP status (no envelope to read); `None` for 2xx.
    pub fn from_http(status: u16) -> Option<ErrorCode> {
        Some(match status {
            200..=299 => return None,
            401 | 403 => ErrorCode::Unauthorized,
            402 => ErrorCode::QuotaExceeded,
            429 => ErrorCode::RateLimited,
            500..=599 => ErrorCode::ServerError,
            _ => ErrorCode::BadRequest,
        })
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A failed call. Carries no request data (and so never the API key). One pointer wide, so that
/// `Result<T, Error>` stays small (which keeps the wasm small: every `?` moves it).
#[derive(Clone, Debug, PartialEq)]
pub struct Error(Box<Inner>);

#[derive(Clone, Debug, PartialEq)]
struct Inner {
    code: ErrorCode,
    message: String,
    meta_code: Option<i64>,
    status: Option<u16>,
    retry_after_ms: Option<u64>,
}

impl Error {
    /// A new error of `code` with a human-readable message.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Error::made(code, message.into())
    }

    // One copy of the boxing for every kind of message (`new` is generic).
    #[inline(never)]
    fn made(code: ErrorCode, message: String) -> Self {
        Error(Box::new(Inner {
            code,
            message,
            meta_code: None,
            status: None,
            retry_after_ms: None,
        }))
    }

    /// An [`ErrorCode::InvalidInput`] error.
    pub fn invalid(message: impl Into<String>) -> Self {
        Error::new(ErrorCode::InvalidInput, message)
    }

    /// Sets the API's `meta.code`.
    pub fn with_meta_code(mut self, meta: i64) -> Self {
        self.0.meta_code = Some(meta);
        self
    }

    /// Sets the HTTP status.
    pub fn with_status(mut self, status: u16) -> Self {
        self.0.status = Some(status);
        self
    }

    /// Sets the server's `Retry-After`, in milliseconds.
    pub fn with_retry_after_ms(mut self, ms: Option<u64>) -> Self {
        self.0.retry_after_ms = ms;
        self
    }

    /// The stable code.
    pub fn code(&self) -> ErrorCode {
        self.0.code
    }
    /// The message.
    pub fn message(&self) -> &str {
        &self.0.message
    }
    /// The API's `meta.code`, when the API answered with an envelope.
    pub fn meta_code(&self) -> Option<i64> {
        self.0.meta_code
    }
    /// The HTTP status, when there was a response.
    pub fn status(&self) -> Option<u16> {
        self.0.status
    }
    /// The server's `Retry-After`, in milliseconds.
    pub fn retry_after_ms(&self) -> Option<u64> {
        self.0.retry_after_ms
    }
    /// Whether this kind of failure is retried.
    pub fn is_retryable(&self) -> bool {
        self.0.code.is_retryable()
    }
    /// `true` for [`ErrorCode::Timeout`].
    pub fn is_timeout(&self) -> bool {
        self.0.code == ErrorCode::Timeout
    }
    /// `true` for [`ErrorCode::RateLimited`].
    pub fn is_rate_limited(&self) -> bool {
        self.0.code == ErrorCode::RateLimited
    }
    /// `true` for [`ErrorCode::TrackingNotFound`].
    pub fn is_not_found(&self) -> bool {
        self.0.code == ErrorCode::TrackingNotFound
    }

    /// The error for an API answer: both the HTTP status and `meta.code` are read (v2 sends errors
    /// with HTTP 200; v4 sets both). A gateway's 429 or 5xx wins; else `meta.code` decides when it
    /// is an error; else the HTTP status. `None` means success.
    pub fn from_response(status: u16, meta: Option<(i64, &str)>) -> Option<Error> {
        let http = ErrorCode::from_http(status);
        let meta_code = meta.map(|(c, _)| c);
        let meta_error = meta_code.map(ErrorCode::from_meta);
        let code = match (http, meta_error) {
            // A gateway's 429 / 5xx wins over whatever body it carried.
            (Some(c @ (ErrorCode::RateLimited | ErrorCode::ServerError)), _) => c,
            // `meta.code` decides when it is an error (v4 sets both: HTTP 400 with 4101)…
            (_, Some(Some(c))) => c,
            // …a success meta code under an error status is the status's error…
            (Some(c), _) => c,
            // …and a success is a success.
            (None, Some(None)) => return None,
            (None, None) => ErrorCode::Decode,
        };
        let said = meta.map_or("", |(_, m)| m);
        let message = if !said.is_empty() {
            said.to_string()
        } else if let Some(m) = meta_code {
            cat(&[
                "TrackingMore answered meta code ",
                &int_text(m),
                " (HTTP ",
                &int_text(status.into()),
                ")",
            ])
        } else if http.is_some() {
            cat(&["TrackingMore answered HTTP ", &int_text(status.into())])
        } else {
            "the response is not a TrackingMore JSON envelope".to_string()
        };
        let mut e = Error::new(code, message).with_status(status);
        e.0.meta_code = meta_code;
        Some(e)
    }
}

/// What [`scrub`] puts where the secret was.
pub const REDACTED: &str = "[redacted]";

/// `text` with every occurrence of `secret` replaced by `[redacted]` (also its percent-encoded
/// form, as a proxy quoting a URL would write it). Keys shorter than 4 characters are not
/// searched for (they would match ordinary words); the client accepts only visible ASCII keys.
pub fn scrub(text: &str, secret: Option<&str>) -> String {
    match secret.filter(|s| s.len() >= 4) {
        Some(secret) => scrub_impl(text, secret),
        None => text.to_string(),
    }
}

// In the wasm, the engine's `split`/`join` and `encodeURIComponent` do it (src/io.js): a few
// bytes instead of a Rust searcher.
#[cfg(target_family = "wasm")]
#[wasm_bindgen::prelude::wasm_bindgen(module = "/src/io.js")]
extern "C" {
    #[wasm_bindgen(js_name = scrub)]
    fn scrub_js(text: &str, secret: &str) -> wasm_bindgen::JsValue;
}

// The text comes back as a JS string, read like every other (a `String` return has its own
// conversion in the wasm).
#[cfg(target_family = "wasm")]
fn scrub_impl(text: &str, secret: &str) -> String {
    scrub_js(text, secret).as_string().unwrap_or_default()
}

#[cfg(not(target_family = "wasm"))]
fn scrub_impl(text: &str, secret: &str) -> String {
    let once = replace_all(text, secret);
    let encoded = crate::encode::encode_component(secret);
    if encoded == secret {
        once
    } else {
        replace_all(&once, &encoded)
    }
}

/// `text` with every `secret` replaced by [`REDACTED`].
#[cfg(not(target_family = "wasm"))]
fn replace_all(text: &str, secret: &str) -> String {
    text.replace(secret, REDACTED)
}

impl Error {
    /// This error with the secret scrubbed from its message.
    pub fn scrub(mut self, secret: Option<&str>) -> Self {
        if secret.is_some() {
            self.0.message = scrub(&self.0.message, secret);
        }
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.0.code, self.0.message)
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meta_table() {
        use ErrorCode::*;
        let cases = [
            (401, Unauthorized),
            (4001, Unauthorized),
            (4002, Unauthorized),
            (4016, TrackingExists),
            (4017, TrackingNotFound),
            (4031, TrackingNotFound),
            (4032, CarrierNotDetected),
            (402, QuotaExceeded),
            (4019, QuotaExceeded),
            (4021, QuotaExceeded),
            (4012, BadRequest),
            (4013, BadRequest),
            (4014, BadRequest),
            (4015, BadRequest),
            (4018, BadRequest),
            (4020, BadRequest),
            (4033, BadRequest),
            (403, Unauthorized),
            (404, BadRequest),
            (405, BadRequest),
            (429, RateLimited),
            (500, ServerError),
            (503, ServerError),
        ];
        for (meta, code) in cases {
            assert_eq!(ErrorCode::from_meta(meta), Some(code), "meta {meta}");
        }
        for ok in [200, 201, 202] {
            assert_eq!(ErrorCode::from_meta(ok), None);
        }
    }

    #[test]
    fn v4_statuses_and_meta_codes() {
        use ErrorCode::*;
        let cases = [
            (400, 4101, TrackingExists),
            (400, 4102, TrackingNotFound),
            (400, 4112, TrackingNotFound),
            (400, 4121, CarrierNotDetected),
            (400, 4190, QuotaExceeded),
            (401, 401, Unauthorized),
            (403, 403, Unauthorized),
            (429, 429, RateLimited),
            (500, 511, ServerError),
            (500, 513, ServerError),
            (400, 4103, BadRequest),
            (400, 4113, BadRequest),
            (400, 4160, BadRequest),
            (400, 4161, BadRequest),
            (404, 404, BadRequest),
            (400, 200, BadRequest),
        ];
        for (status, meta, code) in cases {
            let e = Error::from_response(status, Some((meta, "m"))).expect("an error");
            assert_eq!(
                (e.code(), e.meta_code(), e.status()),
                (code, Some(meta), Some(status)),
                "HTTP {status}, meta {meta}"
            );
        }
        assert!(Error::from_response(200, Some((200, "ok"))).is_none());
    }

    #[test]
    fn errors_with_http_200_are_found_in_meta() {
        let e = Error::from_response(200, Some((4016, "Tracking already exists."))).unwrap();
        assert_eq!(
            (e.code(), e.meta_code(), e.status()),
            (ErrorCode::TrackingExists, Some(4016), Some(200))
        );
        assert_eq!(e.message(), "Tracking already exists.");
        assert!(Error::from_response(200, Some((200, "Success"))).is_none());
        assert!(Error::from_response(201, Some((201, ""))).is_none());
    }

    #[test]
    fn bare_http_statuses() {
        assert_eq!(
            Error::from_response(503, None).unwrap().code(),
            ErrorCode::ServerError
        );
        assert_eq!(
            Error::from_response(502, Some((200, "ok"))).unwrap().code(),
            ErrorCode::ServerError
        );
        assert_eq!(
            Error::from_response(429, None).unwrap().code(),
            ErrorCode::RateLimited
        );
        assert_eq!(
            Error::from_response(401, None).unwrap().code(),
            ErrorCode::Unauthorized
        );
        assert_eq!(
            Error::from_response(403, None).unwrap().code(),
            ErrorCode::Unauthorized,
            "a proxy refusing the call"
        );
        assert_eq!(
            Error::from_response(404, None).unwrap().code(),
            ErrorCode::BadRequest
        );
        let d = Error::from_response(200, None).unwrap();
        assert_eq!(d.code(), ErrorCode::Decode);
        assert!(!d.is_retryable());
        assert_eq!(
            Error::from_response(401, Some((4001, "Invalid API key.")))
                .unwrap()
                .meta_code(),
            Some(4001)
        );
    }

    #[test]
    fn response_messages() {
        let msg = |status, meta| {
            Error::from_response(status, meta)
                .unwrap()
                .message()
                .to_string()
        };
        // What the API said, when it said something; else what came, in those words.
        assert_eq!(msg(503, Some((503, "busy"))), "busy");
        assert_eq!(
            msg(429, Some((429, ""))),
            "TrackingMore answered meta code 429 (HTTP 429)"
        );
        assert_eq!(
            msg(200, Some((4130, ""))),
            "TrackingMore answered meta code 4130 (HTTP 200)"
        );
        assert_eq!(msg(404, None), "TrackingMore answered HTTP 404");
        assert_eq!(
            msg(200, None),
            "the response is not a TrackingMore JSON envelope"
        );
        // A success envelope under an error status is that status's error (v4 sets both).
        let e = Error::from_response(404, Some((200, "Success"))).unwrap();
        assert_eq!((e.code(), e.status()), (ErrorCode::BadRequest, Some(404)));
        let e = Error::from_response(502, Some((200, ""))).unwrap();
        assert_eq!(
            (e.code(), e.meta_code()),
            (ErrorCode::ServerError, Some(200))
        );
    }

    #[test]
    fn retryable_codes() {
        let r: Vec<_> = [
            ErrorCode::RateLimited,
            ErrorCode::ServerError,
            ErrorCode::Timeout,
            ErrorCode::Network,
        ]
        .into_iter()
        .filter(|c| c.is_retryable())
        .collect();
        assert_eq!(r.len(), 4);
        for c in [
            ErrorCode::InvalidInput,
            ErrorCode::Unauthorized,
            ErrorCode::Aborted,
            ErrorCode::Decode,
            ErrorCode::BadRequest,
        ] {
            assert!(!c.is_retryable());
        }
    }

    #[test]
    fn scrub_removes_the_key_and_its_encoded_form() {
        let key = "sk_live+Key/123";
        let text = "bad key sk_live+Key/123 in header; url ?k=sk_live%2BKey%2F123";
        let out = scrub(text, Some(key));
        assert!(
            !out.contains(key) && !out.contains("sk_live%2BKey%2F123"),
            "{out}"
        );
        assert_eq!(out.matches(REDACTED).count(), 2);
        assert_eq!(scrub("nothing here", Some(key)), "nothing here");
        assert_eq!(scrub("abc abc", None), "abc abc");
        let e = Error::new(ErrorCode::Unauthorized, "key sk_live+Key/123 revoked").scrub(Some(key));
        assert!(!e.to_string().contains(key) && !format!("{e:?}").contains(key));
    }
}
