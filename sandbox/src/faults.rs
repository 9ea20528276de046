//! Deterministic fault injection: rules queued through `POST /_sandbox/faults` answer the next
//! N matching requests instead of (or before) the emulated API.

use serde::{Deserialize, Serialize};

/// What to do to a request.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Fault {
    /// An HTTP error status with an HTML body (a proxy or server error page); `body` replaces
    /// the default page (`{key}` in it is replaced by the request's API key: an echoing proxy).
    Status {
        #[serde(default = "default_status")]
        status: u16,
        #[serde(default)]
        body: Option<String>,
    },
    /// The API's error envelope with this meta code (HTTP status as the sandbox's mode says) and
    /// `message` (default: the reference's text) and `data` (default `[]`); `{key}` in any of
    /// their strings is replaced by the request's key.
    Meta {
        code: u32,
        #[serde(default)]
        message: Option<String>,
        #[serde(default)]
        data: Option<serde_json::Value>,
    },
    /// HTTP 429 with meta 429, and a `Retry-After` header when `retry_after` (seconds) is given.
    RateLimit {
        #[serde(default)]
        retry_after: Option<u32>,
    },
    /// Wait, then answer normally.
    Delay { ms: u64 },
    /// Close the connection without any response.
    Reset,
    /// Send the headers and half of a JSON body, then close the connection.
    Truncate,
    /// HTTP 200 with an HTML body.
    NonJson,
    /// HTTP 200 with a valid envelope padded to about `bytes` bytes.
    Large {
        #[serde(default = "default_large")]
        bytes: usize,
    },
}

fn default_status() -> u16 {
    500
}
fn default_large() -> usize {
    8 << 20
}

/// A queued rule: applies to requests whose path starts with `path` (and whose method matches,
/// when given), `count` times — to every `every`-th such request (default 1: each one), so that
/// faults can be spread through a long run instead of hitting consecutive requests.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Rule {
    #[serde(default = "default_path")]
    pub path: String,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default = "default_count")]
    pub count: u32,
    #[serde(default = "default_count")]
    pub every: u32,
    /// Matching requests seen so far (for `every`).
    #[serde(default, skip_serializing)]
    pub seen: u32,
    pub fault: Fault,
}

fn default_path() -> String {
    "/".into()
}
fn default_count() -> u32 {
    1
}

/// The queue, in order of arrival.
#[derive(Default)]
pub struct Faults {
    rules: Vec<Rule>,
}

impl Faults {
    pub fn push(&mut self, rule: Rule) {
        if rule.count > 0 {
            self.rules.push(rule);
        }
    }

    pub fn clear(&mut self) {
        self.rules.clear();
    }

    pub fn list(&self) -> &[Rule] {
        &self.rules
    }

    /// Takes one use of the first rule that matches the request and whose turn it is.
    pub fn take(&mut self, method: &str, path: &str) -> Option<Fault> {
        let mut hit = None;
        for (i, r) in self.rules.iter_mut().enumerate() {
            let matches = path.starts_with(&r.path)
                && r.method
                    .as_deref()
                    .is_none_or(|m| m.eq_ignore_ascii_case(method));
            if !matches {
                continue;
            }
            r.seen += 1;
            if r.seen % r.every.max(1) == 0 {
                hit = Some(i);
                break;
            }
        }
        let i = hit?;
        let rule = &mut self.rules[i];
        rule.count -= 1;
        let fault = rule.fault.clone();
        if rule.count == 0 {
            self.rules.remove(i);
        }
        Some(fault)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_apply_in_order_and_run_out() {
        let mut f = Faults::default();
        let rules: Vec<Rule> = serde_json::from_str(
            r#"[{"path":"/v2/trackings/get","count":2,"fault":{"kind":"status","status":503}},
                {"path":"/v2","method":"POST","fault":{"kind":"reset"}}]"#,
        )
        .unwrap();
        rules.into_iter().for_each(|r| f.push(r));
        assert_eq!(f.take("GET", "/v2/carriers"), None);
        assert_eq!(
            f.take("GET", "/v2/trackings/get"),
            Some(Fault::Status {
                status: 503,
                body: None
            })
        );
        assert_eq!(
            f.take("GET", "/v2/trackings/get"),
            Some(Fault::Status {
                status: 503,
                body: None
            })
        );
        assert_eq!(f.take("GET", "/v2/trackings/get"), None);
        assert_eq!(f.take("post", "/v2/trackings/post"), Some(Fault::Reset));
        assert!(f.list().is_empty());
    }

    #[test]
    fn every_spreads_a_rule_over_matching_requests() {
        let mut f = Faults::default();
        f.push(
            serde_json::from_str(r#"{"path":"/v2","count":2,"every":3,"fault":{"kind":"reset"}}"#)
                .unwrap(),
        );
        let hits: Vec<bool> = (0..9)
            .map(|_| f.take("GET", "/v2/carriers").is_some())
            .collect();
        assert_eq!(
            hits,
            [false, false, true, false, false, true, false, false, false]
        );
    }
}
