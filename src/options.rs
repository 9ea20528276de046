//! The client's options in one place: [`Settings`] (their Rust names and defaults) and
//! [`NUMBER_OPTIONS`], the table of the JS options that set them with their checks. The JS
//! constructor reads the options through this table; a test below holds the TypeScript
//! declaration (`src/js/api.d.ts`) and the README's options table to the same names and defaults.

use crate::attempts::Settings;
use crate::error::{cat, int_text, Error};

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
    /// Sets the field.
    pub set: fn(&mut Settings, f64),
    /// The field's value (`None`: unset, e.g. `maxWaitMs` by default).
    pub get: fn(&Settings) -> Option<f64>,
}

const INT_MAX: f64 = 2_147_483_647.0;

/// The number options, in the order of the README's table.
pub const NUMBER_OPTIONS: [NumberOption; 7] = [
    NumberOption {
        name: "timeoutMs",
        min: 1.0,
        max: INT_MAX,
        whole: false,
        set: |s, v| s.timeout_ms = v as u32,
        get: |s| Some(f64::from(s.timeout_ms)),
    },
    NumberOption {
        name: "maxRetries",
        min: 0.0,
        max: 10.0,
        whole: true,
        set: |s, v| s.retry.max_retries = v as u32,
        get: |s| Some(f64::from(s.retry.max_retries)),
    },
    NumberOption {
        name: "retryBaseDelayMs",
        min: 0.0,
        max: f64::MAX,
        whole: false,
        set: |s, v| s.retry.base_delay_ms = v,
        get: |s| Some(s.retry.base_delay_ms),
    },
    NumberOption {
        name: "rateLimitCooldownMs",
        min: 0.0,
        max: f64::MAX,
        whole: false,
        set: |s, v| s.retry.rate_limit_cooldown_ms = v,
        get: |s| Some(s.retry.rate_limit_cooldown_ms),
    },
    NumberOption {
        name: "requestsPerSecond",
        min: 0.0,
        max: f64::MAX,
        whole: false,
        set: |s, v| s.requests_per_second = v,
        get: |s| Some(s.requests_per_second),
    },
    NumberOption {
        name: "realtimeRequestsPerSecond",
        min: 0.0,
        max: f64::MAX,
        whole: false,
        set: |s, v| s.realtime_requests_per_second = v,
        get: |s| Some(s.realtime_requests_per_second),
    },
    NumberOption {
        name: "maxWaitMs",
        min: 0.0,
        max: f64::MAX,
        whole: false,
        set: |s, v| s.max_wait_ms = Some(v),
        get: |s| s.max_wait_ms,
    },
];

impl NumberOption {
    /// Sets this option in `settings` to `value` (a JS number, or `None` when it was not a
    /// number), or the `INVALID_INPUT` error that says what it accepts.
    pub fn apply(&self, settings: &mut Settings, value: Option<f64>) -> Result<(), Error> {
        match value {
            Some(v) if v >= self.min && v <= self.max && (!self.whole || v.fract() == 0.0) => {
                (self.set)(settings, v);
                Ok(())
            }
            _ => Err(Error::invalid(self.rule())),
        }
    }

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
        let t = &NUMBER_OPTIONS[0];
        assert_eq!(
            t.apply(&mut s, Some(0.0)).unwrap_err().message(),
            "option timeoutMs must be a number >= 1"
        );
        let r = &NUMBER_OPTIONS[1];
        for bad in [Some(11.0), Some(1.5), Some(-1.0), None] {
            assert_eq!(
                r.apply(&mut s, bad).unwrap_err().message(),
                "option maxRetries must be a whole number from 0 to 10"
            );
        }
        r.apply(&mut s, Some(4.0)).unwrap();
        NUMBER_OPTIONS[6].apply(&mut s, Some(2000.0)).unwrap();
        assert_eq!((s.retry.max_retries, s.max_wait_ms), (4, Some(2000.0)));
        assert!(NUMBER_OPTIONS[4]
            .apply(&mut s, Some(f64::INFINITY))
            .is_err());
    }

    /// The TypeScript declaration and the README's options table name every option with the
    /// default of `Settings::default()`: a default changed or an option added in one place only
    /// fails here.
    #[test]
    fn the_declaration_and_the_readme_agree_with_the_table() {
        let dts = include_str!("js/api.d.ts");
        let readme = include_str!("../README.md");
        let d = Settings::default();
        for o in &NUMBER_OPTIONS {
            let default = shown((o.get)(&d));
            let decl = cat(&["  ", o.name, "?: number;"]);
            let at = dts
                .find(&decl)
                .unwrap_or_else(|| panic!("{} is not declared", o.name));
            let doc = &dts[dts[..at].rfind("/**").unwrap()..at];
            let said = if default == "no limit" {
                "Default: no limit".to_string()
            } else {
                cat(&["default ", &default])
            };
            assert!(doc.contains(&said), "{}: the .d.ts says {doc:?}", o.name);
            let row = cat(&["| `", o.name, "` | ", &default, " |"]);
            assert!(readme.contains(&row), "README options table: {row}");
        }
    }
}
