//! Retry schedule and client-side pacing: pure arithmetic, tested natively.

use crate::endpoints::Lane;
use crate::error::{Error, ErrorCode};

/// Longest single backoff sleep.
pub const MAX_BACKOFF_MS: f64 = 30_000.0;

/// Retry settings of one client.
#[derive(Clone, Debug, PartialEq)]
pub struct RetryPolicy {
    /// Retries after the first attempt.
    pub max_retries: u32,
    /// First backoff delay.
    pub base_delay_ms: f64,
    /// Wait after a 429 that carries no `Retry-After`.
    pub rate_limit_cooldown_ms: f64,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_retries: 2,
            base_delay_ms: 500.0,
            rate_limit_cooldown_ms: 120_000.0,
        }
    }
}

impl RetryPolicy {
    /// How long to wait before retry number `retry` (1-based) after `err`, or `None` when the
    /// error is final (not retryable, or the retries are spent). `rand` is uniform in [0, 1).
    ///
    /// Backoff is `base * 2^(retry-1)`, capped at 30 s, with "equal jitter" (half fixed, half
    /// random). A 429 waits for `Retry-After` when the server sent one, else the cooldown.
    pub fn delay_ms(&self, retry: u32, err: &Error, rand: f64) -> Option<f64> {
        if !err.is_retryable() || retry > self.max_retries {
            return None;
        }
        if err.code() == ErrorCode::RateLimited {
            return Some(
                err.retry_after_ms()
                    .map_or(self.rate_limit_cooldown_ms, |ms| ms as f64),
            );
        }
        let exp = self.base_delay_ms * 2f64.powi(retry.saturating_sub(1).min(30) as i32);
        let capped = exp.min(MAX_BACKOFF_MS);
        let backoff = capped / 2.0 + capped / 2.0 * rand.clamp(0.0, 1.0);
        // A 503 may say when to come back: never sooner than that.
        Some(
            err.retry_after_ms()
                .map_or(backoff, |ms| backoff.max(ms as f64)),
        )
    }
}

/// Reads a `Retry-After` header: delay-seconds, or an HTTP date relative to `now_ms`.
pub fn parse_retry_after(
    value: &str,
    now_ms: f64,
    parse_date: impl Fn(&str) -> Option<f64>,
) -> Option<u64> {
    let v = value.trim();
    if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        return crate::error::parse_int(v).map(|s| (s as u64).saturating_mul(1000));
    }
    let at = parse_date(v)?;
    Some((at - now_ms).max(0.0) as u64)
}

/// Spaces requests of one client: each lane admits one request every `1000 / rps` ms. Requests
/// reserve their slot when they ask, so concurrent callers queue in order.
#[derive(Clone, Debug, Default)]
pub struct Pacer {
    general_interval_ms: f64,
    realtime_interval_ms: f64,
    next_general: f64,
    next_realtime: f64,
}

fn interval(rps: f64) -> f64 {
    if rps > 0.0 && rps.is_finite() {
        1000.0 / rps
    } else {
        0.0
    }
}

impl Pacer {
    /// A pacer with `rps` for the general lane and `realtime_rps` for realtime; 0 turns a lane off.
    pub fn new(rps: f64, realtime_rps: f64) -> Self {
        Pacer {
            general_interval_ms: interval(rps),
            realtime_interval_ms: interval(realtime_rps),
            next_general: 0.0,
            next_realtime: 0.0,
        }
    }

    /// Reserves the next slot of `lane` at time `now_ms`; returns how long to wait for it.
    pub fn reserve(&mut self, lane: Lane, now_ms: f64) -> f64 {
        let (next, step) = match lane {
            Lane::General => (&mut self.next_general, self.general_interval_ms),
            Lane::Realtime => (&mut self.next_realtime, self.realtime_interval_ms),
        };
        let slot = next.max(now_ms);
        *next = slot + step;
        slot - now_ms
    }

    /// Pushes a lane's next slot to at least `until_ms` (after a 429, everyone waits).
    pub fn hold(&mut self, lane: Lane, until_ms: f64) {
        let next = match lane {
            Lane::General => &mut self.next_general,
            Lane::Realtime => &mut self.next_realtime,
        };
        *next = next.max(until_ms);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_exponential_capped_and_jittered() {
        let p = RetryPolicy {
            max_retries: 10,
            base_delay_ms: 500.0,
            rate_limit_cooldown_ms: 120_000.0,
        };
        let e = Error::new(ErrorCode::ServerError, "x");
        assert_eq!(p.delay_ms(1, &e, 0.0), Some(250.0));
        assert_eq!(p.delay_ms(1, &e, 1.0), Some(500.0));
        assert_eq!(p.delay_ms(2, &e, 1.0), Some(1000.0));
        assert_eq!(p.delay_ms(3, &e, 0.5), Some(1500.0));
        assert_eq!(p.delay_ms(10, &e, 1.0), Some(MAX_BACKOFF_MS));
        for retry in 1..=10 {
            let d = p.delay_ms(retry, &e, 0.7).unwrap();
            assert!(d > 0.0 && d <= MAX_BACKOFF_MS);
        }
    }

    #[test]
    fn only_retryable_errors_and_within_budget() {
        let p = RetryPolicy::default();
        assert!(p
            .delay_ms(1, &Error::new(ErrorCode::Network, "x"), 0.5)
            .is_some());
        assert!(p
            .delay_ms(2, &Error::new(ErrorCode::Timeout, "x"), 0.5)
            .is_some());
        assert!(
            p.delay_ms(3, &Error::new(ErrorCode::Timeout, "x"), 0.5)
                .is_none(),
            "max_retries = 2"
        );
        for c in [
            ErrorCode::BadRequest,
            ErrorCode::Decode,
            ErrorCode::Aborted,
            ErrorCode::Unauthorized,
            ErrorCode::TrackingExists,
        ] {
            assert!(p.delay_ms(1, &Error::new(c, "x"), 0.5).is_none(), "{c}");
        }
    }

    #[test]
    fn rate_limits_wait_for_retry_after_or_cooldown() {
        let p = RetryPolicy::default();
        let plain = Error::new(ErrorCode::RateLimited, "x");
        assert_eq!(p.delay_ms(1, &plain, 0.0), Some(120_000.0));
        let told = Error::new(ErrorCode::RateLimited, "x").with_retry_after_ms(Some(2000));
        assert_eq!(p.delay_ms(1, &told, 0.9), Some(2000.0));
    }

    #[test]
    fn server_errors_respect_retry_after_too() {
        let p = RetryPolicy::default();
        let e = Error::new(ErrorCode::ServerError, "x").with_retry_after_ms(Some(5000));
        assert_eq!(p.delay_ms(1, &e, 0.0), Some(5000.0));
        let short = Error::new(ErrorCode::ServerError, "x").with_retry_after_ms(Some(1));
        assert_eq!(p.delay_ms(1, &short, 1.0), Some(500.0));
    }

    #[test]
    fn retry_after_formats() {
        assert_eq!(parse_retry_after("7", 0.0, |_| None), Some(7000));
        assert_eq!(parse_retry_after("0", 0.0, |_| None), Some(0));
        assert_eq!(parse_retry_after("-1", 0.0, |_| None), None);
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT", 1000.0, |_| Some(4000.0)),
            Some(3000)
        );
        assert_eq!(parse_retry_after("soon", 0.0, |_| None), None);
    }

    #[test]
    fn pacing_spaces_requests_per_lane() {
        let mut p = Pacer::new(1.0, 3.0);
        assert_eq!(p.reserve(Lane::General, 0.0), 0.0);
        assert_eq!(p.reserve(Lane::General, 0.0), 1000.0);
        assert_eq!(p.reserve(Lane::General, 10.0), 1990.0);
        assert_eq!(p.reserve(Lane::Realtime, 10.0), 0.0);
        assert!((p.reserve(Lane::Realtime, 10.0) - 1000.0 / 3.0).abs() < 1e-9);
        // After an idle period there is no burst credit beyond one request.
        assert_eq!(p.reserve(Lane::General, 10_000.0), 0.0);
        assert_eq!(p.reserve(Lane::General, 10_000.0), 1000.0);
        p.hold(Lane::General, 50_000.0);
        assert_eq!(p.reserve(Lane::General, 12_000.0), 38_000.0);
        let mut off = Pacer::new(0.0, 0.0);
        assert_eq!(off.reserve(Lane::General, 5.0), 0.0);
        assert_eq!(off.reserve(Lane::General, 5.0), 0.0);
        off.hold(Lane::General, 1005.0);
        assert_eq!(
            off.reserve(Lane::General, 5.0),
            1000.0,
            "a 429 hold applies even with pacing off"
        );
    }
}
