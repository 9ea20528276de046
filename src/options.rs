//! The client's options in one place: [`Settings`] (their Rust names and defaults) and one table
//! of the JS options (the `options!` invocation below) that gives their checks
//! ([`NUMBER_OPTIONS`], which the JS constructor reads them through) and their TypeScript
//! ([`CLIENT_OPTIONS_TS`], the package's `ClientOptions` interface). A test holds the documented
//! defaults and the README's options table to `Settings::default()`.

use crate::attempts::Settings;
use crate::endpoints::Api;
use crate::error::Error;
use crate::text::{cat, int_text};

/// The options only one version has: `(name, the version it belongs to)`. The other version's
/// constructor rejects them rather than ignore them.
pub const VERSION_OPTIONS: [(&str, Api); 2] = [
    ("realtimeRequestsPerSecond", Api::V2),
    ("createRequestsPerSecond", Api::V4),
];

/// A number option of `new TrackingMore({...})` and the [`Settings`] field it sets.
pub struct NumberOption {
    /// Its JS name.
    pub name: &'static str,
    /// The smallest value accepted.
    pub min: f64,
    /// The largest value accepted.
    pub max: f64,
    /// Whether only whole numbers are accepted.
    pub whole: bool,
}

const INT_MAX: f64 = 2_147_483_647.0;

/// Defines the option table once: [`NUMBER_OPTIONS`] (names and checks), [`apply`] (the checks
/// and the setters) and [`CLIENT_OPTIONS_TS`], the TypeScript `ClientOptions` interface the
/// package declares. The setters are one function with a branch per option, not a function
/// pointer each in the table: less code in the wasm (and the getters exist for the tests only).
macro_rules! options {
    (
        numbers { $( $name:literal ($doc:literal) $min:expr, $max:expr, $whole:expr,
            set |$s:ident, $v:ident| $set:expr, get |$g:ident| $get:expr; )* }
        others { $( $oname:literal: $otype:literal ($odoc:literal); )* }
    ) => {
        /// The number options, in the order of the README's table.
        pub const NUMBER_OPTIONS: [NumberOption; [$($name),*].len()] = [$(
            NumberOption {
                name: $name,
                min: $min,
                max: $max,
                whole: $whole,
            },
        )*];

        /// Sets option `i` of [`NUMBER_OPTIONS`] in `settings` to `value` (a JS number, or `None`
        /// when it was not a number), or the `INVALID_INPUT` error that says what it accepts.
        pub fn apply(i: usize, settings: &mut Settings, value: Option<f64>) -> Result<(), Error> {
            let Some(opt) = NUMBER_OPTIONS.get(i) else {
                return Err(Error::invalid("no such option"));
            };
            let v = match value {
                Some(v) if v >= opt.min && v <= opt.max && (!opt.whole || v.fract() == 0.0) => v,
                _ => return Err(Error::invalid(opt.rule())),
            };
            let mut k = 0;
            $(
                if i == k {
                    let ($s, $v) = (settings, v);
                    $set;
                    return Ok(());
                }
                k += 1;
            )*
            let _ = k;
            Ok(())
        }

        /// Option `i`'s value in `settings` (`None`: unset, e.g. `maxWaitMs` by default).
        #[cfg(test)]
        fn value_of(i: usize, settings: &Settings) -> Option<f64> {
            let mut k = 0;
            $(
                if i == k {
                    let $g = settings;
                    return $get;
                }
                k += 1;
            )*
            let _ = k;
            None
        }

        /// The TypeScript `ClientOptions` interface (the options besides `apiKey` and `baseUrl`),
        /// generated from this table: the package's `.d.ts` declares exactly this.
        pub const CLIENT_OPTIONS_TS: &str = concat!(
            "/** The options of `new TrackingMore(...)` and `new TrackingMoreV4(...)` besides `apiKey` and `baseUrl`. */\n",
            "export interface ClientOptions {\n",
            $( "  /** ", $doc, " */\n  ", $name, "?: number;\n", )*
            $( "  /** ", $odoc, " */\n  ", $oname, "?: ", $otype, ";\n", )*
            "}\n"
        );
    };
}

options! {
    numbers {
        "timeoutMs" ("Per attempt; default 10000.") 1.0, INT_MAX, false,
            set |s, v| s.timeout_ms = v as u32, get |s| Some(f64::from(s.timeout_ms));
        "maxRetries" ("Retries after the first attempt (0-10); default 2.") 0.0, 10.0, true,
            set |s, v| s.retry.max_retries = v as u32, get |s| Some(f64::from(s.retry.max_retries));
        "retryBaseDelayMs" ("First backoff delay; default 500 (then doubled per retry, capped at 30 s, jittered).") 0.0, f64::MAX, false,
            set |s, v| s.retry.base_delay_ms = v, get |s| Some(s.retry.base_delay_ms);
        "rateLimitCooldownMs" ("Wait after a 429 without Retry-After; default 120000.") 0.0, f64::MAX, false,
            set |s, v| s.retry.rate_limit_cooldown_ms = v, get |s| Some(s.retry.rate_limit_cooldown_ms);
        "requestsPerSecond" ("Client-side pacing: in v2 of all calls but realtime (default 1), in v4 of each endpoint but create, each on its own (default 10); 0 = off.") 0.0, f64::MAX, false,
            set |s, v| s.requests_per_second = v, get |s| Some(s.requests_per_second);
        "realtimeRequestsPerSecond" ("v2: pacing of realtimeTracking; default 3; 0 = off.") 0.0, f64::MAX, false,
            set |s, v| s.realtime_requests_per_second = v, get |s| Some(s.realtime_requests_per_second);
        "createRequestsPerSecond" ("v4: pacing of createTracking; default 3; 0 = off.") 0.0, f64::MAX, false,
            set |s, v| s.create_requests_per_second = v, get |s| Some(s.create_requests_per_second);
        "maxWaitMs" ("Longest single wait a call accepts; a longer one rejects at once with the error that caused it (`RATE_LIMITED` for a hold or the client's own pacing) and `retryAfterMs` set. Default: no limit (in Cloudflare Workers: 10000).") 0.0, f64::MAX, false,
            set |s, v| s.max_wait_ms = Some(v), get |s| s.max_wait_ms;
    }
    others {
        "fetch": "typeof fetch" ("A fetch to use instead of the global one (a service binding, a proxy).");
        "headers": "Record<string, string>" ("Extra headers on every request (not the key).");
        "onWait": "(wait: WaitInfo) => void" ("Told before every wait the client makes (pacing, backoff, a 429 hold): no wait is silent. A throwing hook never breaks the call.");
    }
}

impl NumberOption {
    /// What the option accepts, as its error message says.
    fn rule(&self) -> String {
        let min = int_text(self.min as i64);
        if self.whole {
            let max = int_text(self.max as i64);
            cat(&[
                "option ",
                self.name,
                " must be a whole number from ",
                &min,
                " to ",
                &max,
            ])
        } else {
            cat(&["option ", self.name, " must be a number >= ", &min])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `10000` for 10000.0, `no limit` for an unset option.
    fn shown(v: Option<f64>) -> String {
        v.map_or("no limit".into(), |v| int_text(v as i64))
    }

    #[test]
    fn checks_and_messages() {
        let mut s = Settings::default();
        assert_eq!(
            apply(0, &mut s, Some(0.0)).unwrap_err().message(),
            "option timeoutMs must be a number >= 1"
        );
        for bad in [Some(11.0), Some(1.5), Some(-1.0), None] {
            assert_eq!(
                apply(1, &mut s, bad).unwrap_err().message(),
                "option maxRetries must be a whole number from 0 to 10"
            );
        }
        apply(1, &mut s, Some(4.0)).unwrap();
        apply(7, &mut s, Some(2000.0)).unwrap();
        assert_eq!((s.retry.max_retries, s.max_wait_ms), (4, Some(2000.0)));
        assert!(apply(4, &mut s, Some(f64::INFINITY)).is_err());
        assert!(apply(NUMBER_OPTIONS.len(), &mut s, Some(1.0)).is_err());
        // Each option sets its own field, and only that one.
        for (i, set) in NUMBER_OPTIONS.iter().enumerate() {
            let mut s = Settings::default();
            apply(i, &mut s, Some(7.0)).unwrap();
            for (j, read) in NUMBER_OPTIONS.iter().enumerate() {
                let want = if i == j {
                    Some(7.0)
                } else {
                    value_of(j, &Settings::default())
                };
                assert_eq!(
                    value_of(j, &s),
                    want,
                    "{} set, {} read",
                    set.name,
                    read.name
                );
            }
        }
    }

    /// The generated TypeScript and the README's options table name every option with the
    /// default of `Settings::default()`: a default changed in one place only fails here.
    #[test]
    fn the_declaration_and_the_readme_agree_with_the_defaults() {
        let readme = include_str!("../README.md");
        let d = Settings::default();
        for (i, o) in NUMBER_OPTIONS.iter().enumerate() {
            let default = shown(value_of(i, &d));
            let decl = cat(&["  ", o.name, "?: number;"]);
            let at = CLIENT_OPTIONS_TS.find(&decl).expect("declared");
            let doc = &CLIENT_OPTIONS_TS[CLIENT_OPTIONS_TS[..at].rfind("/**").unwrap()..at];
            let said = if default == "no limit" {
                "Default: no limit".to_string()
            } else {
                cat(&["default ", &default])
            };
            assert!(doc.contains(&said), "{}: the .d.ts says {doc:?}", o.name);
            let row = cat(&["| `", o.name, "` | ", &default, " |"]);
            assert!(readme.contains(&row), "README options table: {row}");
        }
        for other in ["fetch", "headers", "onWait"] {
            let row = cat(&["| `", other, "` |"]);
            let decl = cat(&["  ", other, "?: "]);
            assert!(
                readme.contains(&row) && CLIENT_OPTIONS_TS.contains(&decl),
                "{other}"
            );
        }
        let hand_written = include_str!("js/api.d.ts");
        assert!(
            !hand_written.contains("interface ClientOptions"),
            "declared once"
        );
    }
}
