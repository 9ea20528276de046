//! Retry schedule and client-side pacing: pure arithmetic, tested natively.

use crate::endpoints::Lane;
use crate::error::{Error, ErrorCode};
use std::cell::RefCell;
use std::rc::Rc;

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

/// The longest `Retry-After` taken at its word: one day. A longer one is garbage (a proxy's bug,
/// a timestamp sent as seconds) and is ignored, so the usual backoff or cooldown applies.
pub const MAX_RETRY_AFTER_MS: u64 = 86_400_000;

/// Reads a `Retry-After` header: delay-seconds, or an HTTP date relative to `now_ms`; `None`
/// when it is neither, or further away than [`MAX_RETRY_AFTER_MS`].
pub fn parse_retry_after(
    value: &str,
    now_ms: f64,
    parse_date: impl Fn(&str) -> Option<f64>,
) -> Option<u64> {
    let v = value.trim_ascii();
    let ms = if !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit()) {
        crate::text::parse_int(v).map(|s| (s as u64).saturating_mul(1000))?
    } else {
        (parse_date(v)? - now_ms).max(0.0) as u64
    };
    (ms <= MAX_RETRY_AFTER_MS).then_some(ms)
}

/// Why a call waits (told to `onWait` / [`crate::client::Core::set_on_wait`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitReason {
    /// For its pacing slot (client-side spacing, or the previous request of the lane still on
    /// its way).
    Pacing,
    /// Backing off before a retry after a failed attempt.
    Retry,
    /// The account is over its limit: the lane is held after a 429.
    RateLimited,
}

impl WaitReason {
    /// The JavaScript spelling (`"pacing"`, `"retry"`, `"rate_limited"`).
    pub fn as_str(self) -> &'static str {
        match self {
            WaitReason::Pacing => "pacing",
            WaitReason::Retry => "retry",
            WaitReason::RateLimited => "rate_limited",
        }
    }
}

/// One lane of the [`Pacer`].
#[derive(Clone, Debug, Default)]
struct LaneState {
    /// `1000 / rps`; 0 = pacing off.
    interval: f64,
    /// The next free slot (reservations move it on by `interval`).
    next: f64,
    /// Until when a 429 holds the lane.
    held_until: f64,
    /// Requests sent and not yet answered.
    in_flight: u32,
    /// No answer can be later than this (send time + the attempt's timeout): past it an
    /// in-flight mark is stale (a dropped future never reported back).
    flight_bound: f64,
    /// When the last answer (or failure) of the lane came back.
    last_landed: f64,
}

/// The rates of a [`Pacer`]'s lanes, in requests per second (0 = pacing off).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rates {
    /// v2's general lane, and each v4 endpoint's own lane but create's.
    pub requests_per_second: f64,
    /// v2's realtime lane.
    pub realtime_requests_per_second: f64,
    /// v4's create lane.
    pub create_requests_per_second: f64,
}

impl Rates {
    fn of(&self, lane: Lane) -> f64 {
        match lane {
            Lane::General | Lane::Endpoint(_) => self.requests_per_second,
            Lane::Realtime => self.realtime_requests_per_second,
            Lane::Create => self.create_requests_per_second,
        }
    }
}

/// Spaces the requests of one client so that they *arrive* at most `rps` per second.
///
/// Spacing the departures is not enough: a request that is slow to arrive (a TLS handshake, a
/// congested link) and the next one sent on time reach the API closer together than `1/rps`,
/// and the API answers 429 and locks the account out for two minutes. Only an answer proves that
/// a request arrived, so each lane keeps at most one request in flight and sends the next one no
/// sooner than `1/rps` after the previous answer came back (and no sooner than its reserved
/// slot). After a 429 the whole lane is held; when the hold ends the lane starts again one
/// request at a time, `1/rps` apart: never a burst. With pacing off (`rps` 0) none of this
/// applies, but a 429 hold still does. Lanes ([`Lane`]) start on first use.
#[derive(Clone, Debug, Default)]
pub struct Pacer {
    rates: Rates,
    lanes: Vec<(Lane, LaneState)>,
}

impl LaneState {
    fn new(interval: f64) -> Self {
        LaneState {
            interval,
            last_landed: f64::NEG_INFINITY,
            ..Default::default()
        }
    }
}

fn interval(rps: f64) -> f64 {
    if rps > 0.0 && rps.is_finite() {
        1000.0 / rps
    } else {
        0.0
    }
}

impl Pacer {
    /// A pacer with these rates.
    pub fn new(rates: Rates) -> Self {
        Pacer {
            rates,
            lanes: Vec::new(),
        }
    }

    fn lane(&mut self, lane: Lane) -> &mut LaneState {
        let i = match self.lanes.iter().position(|(l, _)| *l == lane) {
            Some(i) => i,
            None => {
                let state = LaneState::new(interval(self.rates.of(lane)));
                self.lanes.push((lane, state));
                self.lanes.len() - 1
            }
        };
        &mut self.lanes[i].1
    }

    /// Reserves the next slot of `lane` at time `now_ms`; returns how long to wait for it, and
    /// whether that wait is a 429 hold.
    pub fn reserve(&mut self, lane: Lane, now_ms: f64) -> (f64, WaitReason) {
        let l = self.lane(lane);
        let slot = l.next.max(now_ms);
        l.next = slot + l.interval;
        let why = if l.held_until > now_ms {
            WaitReason::RateLimited
        } else {
            WaitReason::Pacing
        };
        (slot - now_ms, why)
    }

    /// After its slot: how much longer a request must wait for the lane (the previous request
    /// still in flight, or answered less than `1/rps` ago). 0 = send now.
    pub fn ready(&mut self, lane: Lane, now_ms: f64) -> f64 {
        let l = self.lane(lane);
        if l.interval <= 0.0 {
            return 0.0;
        }
        if l.in_flight > 0 && now_ms >= l.flight_bound {
            l.in_flight = 0;
        }
        if l.in_flight > 0 {
            // The answer comes at `now` at the earliest, so the lane is free at `now + interval`
            // at the earliest: waiting that long never overshoots.
            return l.interval;
        }
        (l.last_landed + l.interval - now_ms).max(0.0)
    }

    /// A request of `lane` leaves now; its answer comes within `timeout_ms`.
    pub fn sent(&mut self, lane: Lane, now_ms: f64, timeout_ms: f64) {
        let l = self.lane(lane);
        l.in_flight += 1;
        l.flight_bound = l.flight_bound.max(now_ms + timeout_ms + 1000.0);
    }

    /// The answer (or the failure) of a request of `lane` came back now.
    pub fn landed(&mut self, lane: Lane, now_ms: f64) {
        let l = self.lane(lane);
        l.in_flight = l.in_flight.saturating_sub(1);
        l.last_landed = l.last_landed.max(now_ms);
    }

    /// Slows each lane to its rate in `rates` where that is slower than its own (clients of one
    /// account sharing this pacer: the slowest wins; 0, pacing off, is the fastest).
    pub fn slow_to(&mut self, rates: Rates) {
        let slower = |mine: &mut f64, theirs: f64| {
            if interval(theirs) > interval(*mine) {
                *mine = theirs;
            }
        };
        slower(
            &mut self.rates.requests_per_second,
            rates.requests_per_second,
        );
        slower(
            &mut self.rates.realtime_requests_per_second,
            rates.realtime_requests_per_second,
        );
        slower(
            &mut self.rates.create_requests_per_second,
            rates.create_requests_per_second,
        );
        for (lane, state) in &mut self.lanes {
            state.interval = state.interval.max(interval(self.rates.of(*lane)));
        }
    }

    /// Holds a lane until `until_ms` (after a 429, everyone waits).
    pub fn hold(&mut self, lane: Lane, until_ms: f64) {
        let l = self.lane(lane);
        l.next = l.next.max(until_ms);
        l.held_until = l.held_until.max(until_ms);
    }
}

thread_local! {
    /// The pacer of each account that clients in this thread (a process's or an isolate's: wasm
    /// has one thread) have used. Kept for the thread's life, so that a client made per request
    /// still finds the previous one's slots and 429 hold; one small pacer per account.
    static SHARED: RefCell<Vec<(String, Rc<RefCell<Pacer>>)>> = const { RefCell::new(Vec::new()) };
}

/// The pacer of `account` (whatever names it: the API version, base URL and key) in this thread,
/// shared by every client of that account: clients made one per request pace and hold after a
/// 429 exactly as one shared client does. Its lanes run at the slowest rates asked for.
pub fn shared_pacer(account: &str, rates: Rates) -> Rc<RefCell<Pacer>> {
    SHARED.with_borrow_mut(|pacers| {
        if let Some((_, pacer)) = pacers.iter().find(|(a, _)| a == account) {
            pacer.borrow_mut().slow_to(rates);
            return pacer.clone();
        }
        let pacer = Rc::new(RefCell::new(Pacer::new(rates)));
        pacers.push((account.to_string(), pacer.clone()));
        pacer
    })
}

/// v2 rates for tests: `rps` general, `realtime` for the realtime lane.
#[cfg(test)]
pub(crate) fn test_rates(rps: f64, realtime: f64) -> Rates {
    Rates {
        requests_per_second: rps,
        realtime_requests_per_second: realtime,
        create_requests_per_second: 0.0,
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
        assert_eq!(parse_retry_after("86400", 0.0, |_| None), Some(86_400_000));
        assert_eq!(
            parse_retry_after("86401", 0.0, |_| None),
            None,
            "over a day: garbage"
        );
        assert_eq!(
            parse_retry_after("99999999999999999999", 0.0, |_| None),
            None
        );
    }

    #[test]
    fn pacing_spaces_requests_per_lane() {
        let mut p = Pacer::new(test_rates(1.0, 3.0));
        let w = |r: (f64, WaitReason)| r.0;
        assert_eq!(w(p.reserve(Lane::General, 0.0)), 0.0);
        assert_eq!(w(p.reserve(Lane::General, 0.0)), 1000.0);
        assert_eq!(w(p.reserve(Lane::General, 10.0)), 1990.0);
        assert_eq!(w(p.reserve(Lane::Realtime, 10.0)), 0.0);
        assert!((w(p.reserve(Lane::Realtime, 10.0)) - 1000.0 / 3.0).abs() < 1e-9);
        // After an idle period there is no burst credit beyond one request.
        assert_eq!(w(p.reserve(Lane::General, 10_000.0)), 0.0);
        assert_eq!(w(p.reserve(Lane::General, 10_000.0)), 1000.0);
        p.hold(Lane::General, 50_000.0);
        assert_eq!(
            p.reserve(Lane::General, 12_000.0),
            (38_000.0, WaitReason::RateLimited)
        );
        let mut off = Pacer::new(test_rates(0.0, 0.0));
        assert_eq!(w(off.reserve(Lane::General, 5.0)), 0.0);
        assert_eq!(w(off.reserve(Lane::General, 5.0)), 0.0);
        off.hold(Lane::General, 1005.0);
        assert_eq!(
            w(off.reserve(Lane::General, 5.0)),
            1000.0,
            "a 429 hold applies even with pacing off"
        );
        off.sent(Lane::General, 5.0, 100.0);
        assert_eq!(
            off.ready(Lane::General, 5.0),
            0.0,
            "pacing off: no serialising"
        );
    }

    #[test]
    fn the_next_request_leaves_one_interval_after_the_previous_answer() {
        let mut p = Pacer::new(test_rates(1.0, 3.0));
        assert_eq!(p.reserve(Lane::General, 0.0).0, 0.0);
        assert_eq!(p.ready(Lane::General, 0.0), 0.0);
        p.sent(Lane::General, 0.0, 10_000.0);
        // The second request's slot is at 1000, but the first is still on its way (slow to
        // arrive): it must not leave, whatever its slot says.
        assert_eq!(p.reserve(Lane::General, 10.0).0, 990.0);
        assert_eq!(p.ready(Lane::General, 1000.0), 1000.0);
        p.landed(Lane::General, 1400.0);
        assert_eq!(p.ready(Lane::General, 2000.0), 400.0);
        assert_eq!(p.ready(Lane::General, 2400.0), 0.0);
        // The realtime lane is independent.
        assert_eq!(p.ready(Lane::Realtime, 1000.0), 0.0);
    }

    #[test]
    fn a_lost_in_flight_mark_expires_after_the_timeout() {
        let mut p = Pacer::new(test_rates(1.0, 3.0));
        p.sent(Lane::General, 0.0, 5000.0);
        assert!(p.ready(Lane::General, 5999.0) > 0.0);
        assert_eq!(p.ready(Lane::General, 6000.0), 0.0);
    }

    #[test]
    fn after_a_hold_the_lane_restarts_one_request_at_a_time() {
        let mut p = Pacer::new(test_rates(10.0, 3.0));
        p.hold(Lane::General, 60_000.0);
        // Three callers waiting: their slots are 100 ms apart after the hold, and each also
        // waits for the previous answer.
        let slots: Vec<f64> = (0..3).map(|_| p.reserve(Lane::General, 0.0).0).collect();
        assert_eq!(slots, vec![60_000.0, 60_100.0, 60_200.0]);
        assert_eq!(p.ready(Lane::General, 60_000.0), 0.0);
        p.sent(Lane::General, 60_000.0, 10_000.0);
        assert_eq!(
            p.ready(Lane::General, 60_100.0),
            100.0,
            "first still in flight"
        );
        p.landed(Lane::General, 60_150.0);
        assert_eq!(p.ready(Lane::General, 60_200.0), 50.0);
    }

    #[test]
    fn clients_of_one_account_share_one_pacer_at_the_slowest_rate() {
        let a = shared_pacer("v2 key-a", test_rates(2.0, 3.0));
        let b = shared_pacer("v2 key-a", test_rates(1.0, 0.0));
        let other = shared_pacer("v2 key-b", test_rates(2.0, 3.0));
        assert!(Rc::ptr_eq(&a, &b) && !Rc::ptr_eq(&a, &other));
        // The slowest rate wins: 1 req/s; realtime keeps 3 req/s (0 is pacing off, the fastest).
        let mut p = a.borrow_mut();
        assert_eq!(p.reserve(Lane::General, 0.0).0, 0.0);
        assert_eq!(p.reserve(Lane::General, 0.0).0, 1000.0);
        assert_eq!(p.reserve(Lane::Realtime, 0.0).0, 0.0);
        assert!((p.reserve(Lane::Realtime, 0.0).0 - 1000.0 / 3.0).abs() < 1e-9);
        drop(p);
        // A client made later (one per request) still finds the account's slots.
        drop((a, b));
        let later = shared_pacer("v2 key-a", test_rates(2.0, 3.0));
        assert_eq!(later.borrow_mut().reserve(Lane::General, 0.0).0, 2000.0);
    }

    #[test]
    fn v4_endpoints_pace_on_lanes_of_their_own() {
        let mut p = Pacer::new(Rates {
            requests_per_second: 10.0,
            realtime_requests_per_second: 0.0,
            create_requests_per_second: 3.0,
        });
        let get = Lane::Endpoint("/trackings/get");
        let awb = Lane::Endpoint("/awb");
        assert_eq!(p.reserve(get, 0.0).0, 0.0);
        assert_eq!(p.reserve(get, 0.0).0, 100.0);
        assert_eq!(p.reserve(awb, 0.0).0, 0.0, "another endpoint, another lane");
        assert_eq!(p.reserve(Lane::Create, 0.0).0, 0.0);
        assert!((p.reserve(Lane::Create, 0.0).0 - 1000.0 / 3.0).abs() < 1e-9);
        p.hold(get, 120_000.0);
        assert_eq!(
            p.reserve(awb, 0.0).0,
            100.0,
            "a 429 holds its endpoint only"
        );
    }
}
