//! URL building: percent-encoded path segments and query values.

use crate::endpoints::Method;
use crate::text::{cat, char_at};

/// A request ready for a transport. Carries no API key: the transport adds it.
#[derive(Clone, Debug, PartialEq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// Path and query below the base URL, e.g. `/trackings/dhl/123?lang=en`.
    pub path: String,
    /// Extra header (the `Lang` header of `GET /carriers`).
    pub lang_header: Option<String>,
    /// JSON body (never for GET / DELETE).
    pub body: Option<String>,
}

impl HttpRequest {
    /// A request without body.
    pub fn new(method: Method, path: String) -> Self {
        HttpRequest {
            method,
            path,
            lang_header: None,
            body: None,
        }
    }
    /// Adds a JSON body (ignored for GET / DELETE, which never carry one).
    pub fn with_body(mut self, body: String) -> Self {
        if matches!(self.method, Method::Post | Method::Put) {
            self.body = Some(body);
        }
        self
    }
}

/// Percent-encodes everything but the RFC 3986 unreserved characters.
pub fn encode_component(s: &str) -> String {
    encode(s, false)
}

// An index loop: the index slices `s` (see `char_at`).
#[allow(clippy::needless_range_loop)]
fn encode(s: &str, keep_comma: bool) -> String {
    const HEX: &str = "0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    let bytes = s.as_bytes();
    for i in 0..bytes.len() {
        let b = bytes[i];
        if b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'_' | b'.' | b'~')
            || (keep_comma && b == b',')
        {
            out.push_str(char_at(s, i));
        } else {
            out.push_str("%");
            out.push_str(char_at(HEX, usize::from(b >> 4)));
            out.push_str(char_at(HEX, usize::from(b & 15)));
        }
    }
    out
}

/// `/trackings/{carrier}/{number}[/{lang}]` with each segment encoded.
pub fn tracking_path(carrier: &str, number: &str, lang: Option<&str>) -> String {
    let mut p = cat(&[
        "/trackings/",
        &encode_component(carrier),
        "/",
        &encode_component(number),
    ]);
    if let Some(l) = lang.filter(|l| !l.is_empty()) {
        p.push_str("/");
        p.push_str(&encode_component(l));
    }
    p
}

/// Appends `?k=v&…` (values encoded; pairs with empty values are skipped).
pub fn with_query(path: &str, pairs: &[(String, String)]) -> String {
    let mut out = path.to_string();
    let mut first = true;
    for (k, v) in pairs.iter().filter(|(_, v)| !v.is_empty()) {
        out.push_str(if first { "?" } else { "&" });
        first = false;
        out.push_str(&encode_component(k));
        out.push_str("=");
        // Commas separate the values of `numbers` / `orders`: keep them literal.
        out.push_str(&encode(v, true));
    }
    out
}

/// Joins a base URL and a path: exactly one slash between them, whatever the base ends with.
pub fn join_url(base: &str, path: &str) -> String {
    cat(&[without_trailing_slashes(base), path])
}

/// `text` without the `/`s it ends with (a byte loop: `trim_end_matches` brings the generic
/// pattern searcher into the wasm).
pub fn without_trailing_slashes(text: &str) -> &str {
    let mut end = text.len();
    while end > 0 && text.as_bytes()[end - 1] == b'/' {
        end -= 1;
    }
    text.get(..end).unwrap_or(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trailing_slashes_go_and_nothing_else() {
        for (text, want) in [
            ("https://x/v2//", "https://x/v2"),
            ("/", ""),
            ("", ""),
            ("/v2", "/v2"),
            ("ü/", "ü"),
        ] {
            assert_eq!(without_trailing_slashes(text), want);
        }
        assert_eq!(
            join_url("https://x/v2/", "/carriers"),
            "https://x/v2/carriers"
        );
    }

    #[test]
    fn every_ascii_character_is_kept_or_percent_encoded() {
        for b in 0u8..=127 {
            let c = char::from(b);
            let kept = c.is_ascii_alphanumeric() || "-_.~".contains(c);
            let want = if kept {
                c.to_string()
            } else {
                format!("%{b:02X}")
            };
            assert_eq!(encode_component(&c.to_string()), want, "{b}");
        }
        assert_eq!(encode(",a,", true), ",a,");
        assert_eq!(char_at("aü", 1), "", "not a one-byte character");
        assert_eq!(char_at("a", 1), "");
        assert_eq!(char_at("ab", 1), "b");
    }

    #[test]
    fn encodes_segments_and_queries() {
        assert_eq!(
            encode_component("AB 12#34/5?x&y=z%"),
            "AB%2012%2334%2F5%3Fx%26y%3Dz%25"
        );
        assert_eq!(encode_component("ü"), "%C3%BC");
        assert_eq!(
            tracking_path("china-post", "LK 1/2", Some("en")),
            "/trackings/china-post/LK%201%2F2/en"
        );
        assert_eq!(tracking_path("dhl", "1", None), "/trackings/dhl/1");
        let q = with_query(
            "/trackings/get",
            &[
                ("page".into(), "1".into()),
                ("orders".into(), "#1,#2".into()),
                ("status".into(), String::new()),
            ],
        );
        assert_eq!(q, "/trackings/get?page=1&orders=%231,%232");
        assert_eq!(
            join_url("http://h/v2/", "/carriers"),
            "http://h/v2/carriers"
        );
        assert_eq!(join_url("http://h/v2", "/carriers"), "http://h/v2/carriers");
    }

    #[test]
    fn get_and_delete_never_carry_a_body() {
        assert_eq!(
            HttpRequest::new(Method::Get, "/x".into())
                .with_body("{}".into())
                .body,
            None
        );
        assert_eq!(
            HttpRequest::new(Method::Delete, "/x".into())
                .with_body("{}".into())
                .body,
            None
        );
        assert_eq!(
            HttpRequest::new(Method::Post, "/x".into())
                .with_body("{}".into())
                .body
                .as_deref(),
            Some("{}")
        );
    }
}
