//! What every call goes through, without I/O of its own: the [`Transport`] it runs on, [`Core`]
//! (one client's pacing, per-attempt timeout, retries, error mapping, waits), [`Attempt`] (the
//! decisions of one request's attempts). The JS API (`crate::js`) and the Rust API
//! ([`crate::Client`], whose driver is in `client.rs`) drive the very same state machines.

use crate::encode::HttpRequest;
use crate::endpoints::{Api, Endpoint, Lane};
use crate::error::{Error, ErrorCode};
use crate::retry::{Pacer, Rates, RetryPolicy, WaitReason};
use crate::text::{cat, int_text};
use core::cell::RefCell;
use serde::de::DeserializeOwned;
use std::rc::Rc;

/// What one attempt got back: the HTTP status, the server's `Retry-After`, and the envelope's
/// `meta` (`None` when the body was not an envelope) and `data`.
pub struct Reply<D> {
    /// HTTP status.
    pub status: u16,
    /// `Retry-After`, in milliseconds.
    pub retry_after_ms: Option<u64>,
    /// `(meta.code, meta.message)`.
    pub meta: Option<(i64, String)>,
    /// `data`.
    pub data: D,
    /// When the answer's status and headers came ([`Transport::now_ms`]'s clock), if the transport
    /// knows: the pacing counts from there, not from when the body was read and parsed.
    pub answered_ms: Option<f64>,
}

/// Sends requests and keeps time. The crate ships [`FetchTransport`](crate::FetchTransport)
/// (the global or an injected `fetch`, for wasm32); native users can bring their own.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// The decoded `data` of an envelope (a `JsValue` for fetch, a `serde_json::Value` natively).
    type Data: crate::doc::Doc;
    /// The caller's cancellation signal.
    type Signal;
    /// One attempt. Adds the base URL and the API key. Fails with `Timeout`, `Aborted` or `Network`.
    async fn send(
        &self,
        req: &HttpRequest,
        timeout_ms: u32,
        signal: Option<&Self::Signal>,
    ) -> Result<Reply<Self::Data>, Error>;
    /// Waits `ms`; fails with `Aborted` when the signal fires first.
    async fn sleep(&self, ms: f64, signal: Option<&Self::Signal>) -> Result<(), Error>;
    /// Milliseconds on a monotonic clock, as fine as the platform has: the pacing counts 1/R from
    /// an answer's time, and a clock that reads early (whole milliseconds, truncated) sends early.
    fn now_ms(&self) -> f64;
    /// Uniform in [0, 1), for jitter.
    fn random(&self) -> f64;
    /// Decodes `data` into a Rust type (leniently; see [`crate::model`]).
    fn decode<M: DeserializeOwned>(&self, data: Self::Data) -> Result<M, Error>;
    /// The secret this transport sends (the API key), scrubbed from every text the server or the
    /// network wrote before it reaches an error. `None` when it sends none (proxy mode).
    fn secret(&self) -> Option<&str> {
        None
    }
}

/// Settings of a client (the JS options with Rust names).
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Per-attempt timeout.
    pub timeout_ms: u32,
    /// Retries and backoff.
    pub retry: RetryPolicy,
    /// Pacing of all calls but realtime (0 = off).
    pub requests_per_second: f64,
    /// Pacing of v2 realtime calls (0 = off).
    pub realtime_requests_per_second: f64,
    /// Pacing of v4 creates (0 = off).
    pub create_requests_per_second: f64,
    /// The longest single wait a call accepts (`None` = no limit): a call that would have to wait
    /// longer fails at once with the error that caused the wait and `retry_after_ms` set.
    pub max_wait_ms: Option<f64>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            timeout_ms: 10_000,
            retry: RetryPolicy::default(),
            requests_per_second: 1.0,
            realtime_requests_per_second: 3.0,
            create_requests_per_second: 3.0,
            max_wait_ms: None,
        }
    }
}

impl Settings {
    /// The defaults of a version: v2's (1 req/s, realtime 3 req/s) or v4's (10 req/s per
    /// endpoint, create 3 req/s).
    pub fn for_api(api: Api) -> Settings {
        match api {
            Api::V2 => Settings::default(),
            Api::V4 => Settings {
                requests_per_second: 10.0,
                ..Settings::default()
            },
        }
    }

    /// The pacing rates.
    pub fn rates(&self) -> Rates {
        Rates {
            requests_per_second: self.requests_per_second,
            realtime_requests_per_second: self.realtime_requests_per_second,
            create_requests_per_second: self.create_requests_per_second,
        }
    }
}

/// A wait a call is about to make, as told to the `on_wait` hook ([`Core::set_on_wait`]; `onWait`
/// in JavaScript).
#[derive(Clone, Debug, PartialEq)]
pub struct Wait {
    /// Why.
    pub reason: WaitReason,
    /// For how long, in milliseconds.
    pub ms: f64,
    /// The attempt it waits to make (1 = the first).
    pub attempt: u32,
    /// The error that caused it (a failed attempt before a retry, or the 429 behind a hold).
    pub cause: Option<Error>,
}

impl Wait {
    /// The error a call fails with when it refuses this wait (longer than `max_wait_ms`): the
    /// cause, or `RateLimited` for the client's own pacing, with `retry_after_ms` set to the wait.
    pub fn refused(self) -> Error {
        let ms = Some(self.ms.ceil() as u64);
        match self.cause {
            Some(e) => e.with_retry_after_ms(ms),
            None => Error::new(
                ErrorCode::RateLimited,
                cat(&[
                    "the client's pacing would wait ",
                    &int_text(self.ms.ceil() as i64),
                    " ms for a slot, longer than maxWaitMs",
                ]),
            )
            .with_retry_after_ms(ms),
        }
    }
}

/// Pacing, retries and error mapping over a transport. Shared by the Rust and the JS API.
pub struct Core<T: Transport> {
    /// The transport.
    pub transport: T,
    settings: Settings,
    pacer: Rc<RefCell<Pacer>>,
    on_wait: Option<WaitHook>,
}

/// The `on_wait` hook of a [`Core`].
type WaitHook = Box<dyn Fn(&Wait)>;

impl<T: Transport> Core<T> {
    /// A core with the given settings and a pacer of its own.
    pub fn new(transport: T, settings: Settings) -> Self {
        let pacer = Pacer::new(settings.rates());
        Core::with_pacer(transport, settings, Rc::new(RefCell::new(pacer)))
    }

    /// A core that paces with `pacer`, shared with other cores of the same account (see
    /// [`crate::retry::shared_pacer`]).
    pub fn with_pacer(transport: T, settings: Settings, pacer: Rc<RefCell<Pacer>>) -> Self {
        Core {
            transport,
            settings,
            pacer,
            on_wait: None,
        }
    }

    /// Calls `f` before every wait a call makes (pacing, backoff, a 429 hold): no wait is silent.
    pub fn set_on_wait(&mut self, f: impl Fn(&Wait) + 'static) {
        self.on_wait = Some(Box::new(f));
    }

    /// How long `attempt` must wait before it is sent (`None`: send it now, and it counts as in
    /// flight until [`Core::landed`]), or the error when that wait is longer than `max_wait_ms`.
    pub fn pace(&self, attempt: &mut Attempt) -> Result<Option<f64>, Error> {
        let now = self.transport.now_ms();
        let timeout = self.settings.timeout_ms as f64;
        let wait = attempt.pace(&mut self.pacer.borrow_mut(), now, timeout);
        wait.map(|w| self.accept_wait(w)).transpose()
    }

    /// The answer (or failure) of `attempt`'s request came back, at `answered_ms` when the
    /// transport told (else now).
    pub fn landed(&self, attempt: &mut Attempt, answered_ms: Option<f64>) {
        let now = self.transport.now_ms();
        let at = answered_ms.filter(|t| *t <= now).unwrap_or(now);
        attempt.landed(&mut self.pacer.borrow_mut(), at);
    }

    /// After a failed attempt: how long to sleep before pacing again, or the final error. Every
    /// error leaves here scrubbed of the API key.
    pub fn after_failure(&self, attempt: &mut Attempt, err: Error) -> Result<f64, Error> {
        let err = err.scrub(self.transport.secret());
        let wait = attempt.failed(
            err,
            &self.settings.retry,
            &mut self.pacer.borrow_mut(),
            self.transport.now_ms(),
            self.transport.random(),
        )?;
        match wait {
            Some(w) => self.accept_wait(w),
            None => Ok(0.0),
        }
    }

    /// Applies `max_wait_ms` and tells the hook.
    fn accept_wait(&self, w: Wait) -> Result<f64, Error> {
        if self.settings.max_wait_ms.is_some_and(|max| w.ms > max) {
            return Err(w.refused());
        }
        if let Some(f) = &self.on_wait {
            f(&w);
        }
        Ok(w.ms)
    }

    /// Decodes `data` with the transport; a decode error quotes data, so it is scrubbed too.
    pub fn decode<M: DeserializeOwned>(&self, data: T::Data) -> Result<M, Error> {
        self.transport
            .decode(data)
            .map_err(|e| e.scrub(self.transport.secret()))
    }

    /// `text` without the API key (for per-item messages and anything else the server wrote).
    pub fn scrub(&self, text: &str) -> String {
        crate::error::scrub(text, self.transport.secret())
    }

    /// The per-attempt timeout.
    pub fn timeout_ms(&self) -> u32 {
        self.settings.timeout_ms
    }
}

impl<D> Reply<D> {
    /// `data`, or the error the status and `meta` mean.
    pub fn into_result(self) -> Result<D, Error> {
        let meta = self.meta.as_ref().map(|(c, m)| (*c, m.as_str()));
        match Error::from_response(self.status, meta) {
            None => Ok(self.data),
            Some(e) => Err(e.with_retry_after_ms(self.retry_after_ms)),
        }
    }
}

impl Reply<serde_json::Value> {
    /// A reply from a response's status, `Retry-After` and body, for native transports: the
    /// body's `meta` (`code` a number or numeric text) and `data`. Tolerates the documented
    /// `"phone":+86…` quirk (a number with a leading `+`, not JSON); a body that is not a JSON
    /// envelope has no `meta` (its status decides) and `data` null.
    pub fn from_body(status: u16, retry_after_ms: Option<u64>, body: &str) -> Self {
        use serde_json::Value;
        let parsed = serde_json::from_str::<Value>(body)
            .or_else(|_| serde_json::from_str::<Value>(&quote_plus_numbers(body)))
            .unwrap_or(Value::Null);
        let meta = parsed.get("meta").and_then(|m| {
            let code = match m.get("code")? {
                Value::Number(n) => n.as_i64()?,
                Value::String(s) => crate::text::parse_int(s)?,
                _ => return None,
            };
            let message = m.get("message").and_then(Value::as_str).unwrap_or("");
            Some((code, message.to_string()))
        });
        Reply {
            status,
            retry_after_ms,
            meta,
            data: parsed.get("data").cloned().unwrap_or(Value::Null),
            answered_ms: None,
        }
    }
}

/// `:+123` → `:"+123"` (outside strings too, as the JS side does: the quirk is a bare value).
fn quote_plus_numbers(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len() + 8);
    let mut i = 0;
    let mut last = 0;
    while i < b.len() {
        if b[i] == b':' {
            let mut j = i + 1;
            while j < b.len() && b[j].is_ascii_whitespace() {
                j += 1;
            }
            let digits = b
                .get(j + 1..)
                .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count());
            if b.get(j) == Some(&b'+') && digits > 0 {
                out.push_str(&text[last..j]);
                out.push_str("\"");
                out.push_str(&text[j..j + 1 + digits]);
                out.push_str("\"");
                i = j + 1 + digits;
                last = i;
                continue;
            }
        }
        i += 1;
    }
    out.push_str(&text[last..]);
    out
}

/// The attempts of one API call, without I/O: asks for a pacing slot before each attempt and
/// decides after each failure whether and when to retry. [`Core::call`] drives it with async
/// Rust; the JS API drives the same decisions from a small JS loop.
#[derive(Clone, Debug)]
pub struct Attempt {
    lane: Lane,
    retry: u32,
    paced: bool,
    in_flight: bool,
    /// The last failure, while the call waits to retry it.
    cause: Option<Error>,
    /// An earlier attempt failed in a way that leaves open whether the server acted on it.
    ambiguous: bool,
}

impl Attempt {
    /// The first attempt of a call to `ep`.
    pub fn new(ep: Endpoint) -> Self {
        Attempt {
            lane: ep.lane(),
            retry: 0,
            paced: false,
            in_flight: false,
            cause: None,
            ambiguous: false,
        }
    }

    /// Whether an earlier attempt of this call may have reached the server and been acted on
    /// although the client saw a failure (a timeout, a network error, a 5xx): then a retried
    /// create that answers 4016 created the tracking itself.
    pub fn may_have_landed(&self) -> bool {
        self.ambiguous
    }

    fn wait(&self, reason: WaitReason, ms: f64) -> Wait {
        Wait {
            reason,
            ms,
            attempt: self.retry + 1,
            cause: self.cause.clone(),
        }
    }

    /// Before sending: reserves this attempt's slot (once per attempt) and then waits for the lane
    /// (see [`Pacer`]). `None` means send now: the request is then in flight until
    /// [`Attempt::landed`].
    pub fn pace(&mut self, pacer: &mut Pacer, now_ms: f64, timeout_ms: f64) -> Option<Wait> {
        if !self.paced {
            self.paced = true;
            // One wait, told once: until the reserved slot, or until the lane is free as far as
            // is known now (1/R after the previous answer), whichever is later.
            let (slot, why) = pacer.reserve(self.lane, now_ms);
            let wait = slot.max(pacer.ready(self.lane, now_ms));
            if wait > 0.0 {
                return Some(self.wait(why, wait));
            }
        }
        let wait = pacer.ready(self.lane, now_ms);
        if wait > 0.0 {
            return Some(self.wait(WaitReason::Pacing, wait));
        }
        pacer.sent(self.lane, now_ms, timeout_ms);
        self.in_flight = true;
        None
    }

    /// The request's answer (or failure) came back at `now_ms`.
    pub fn landed(&mut self, pacer: &mut Pacer, now_ms: f64) {
        if core::mem::take(&mut self.in_flight) {
            pacer.landed(self.lane, now_ms);
        }
    }

    /// After `err`: `Ok(Some(wait))` to sleep before the next attempt, `Ok(None)` after a 429
    /// (which holds the whole lane instead: the account, not this call, is over the limit; the
    /// next [`Attempt::pace`] waits for the hold), or `Err` when final.
    pub fn failed(
        &mut self,
        err: Error,
        policy: &RetryPolicy,
        pacer: &mut Pacer,
        now_ms: f64,
        random: f64,
    ) -> Result<Option<Wait>, Error> {
        self.retry += 1;
        self.paced = false;
        self.ambiguous |= matches!(
            err.code(),
            ErrorCode::Timeout | ErrorCode::Network | ErrorCode::ServerError
        );
        let Some(delay) = policy.delay_ms(self.retry, &err, random) else {
            return Err(err);
        };
        let rate_limited = err.is_rate_limited();
        self.cause = Some(err);
        if rate_limited {
            pacer.hold(self.lane, now_ms + delay);
            Ok(None)
        } else {
            Ok(Some(self.wait(WaitReason::Retry, delay)))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::WaitReason;

    fn policy() -> RetryPolicy {
        RetryPolicy {
            max_retries: 2,
            base_delay_ms: 100.0,
            rate_limit_cooldown_ms: 5_000.0,
        }
    }

    const T: f64 = 10_000.0;

    fn ms(w: Option<Wait>) -> Option<(f64, WaitReason)> {
        w.map(|w| (w.ms, w.reason))
    }

    #[test]
    fn an_attempt_asks_for_its_pacing_slot_once() {
        let mut pacer = Pacer::new(crate::retry::test_rates(1.0, 3.0));
        let mut a = Attempt::new(Endpoint::GetTracking);
        let mut b = Attempt::new(Endpoint::GetTracking);
        assert_eq!(
            ms(a.pace(&mut pacer, 0.0, T)),
            None,
            "the first slot is free"
        );
        a.landed(&mut pacer, 5.0);
        assert_eq!(
            ms(b.pace(&mut pacer, 5.0, T)),
            Some((1000.0, WaitReason::Pacing)),
            "the next waits, in one wait, until a second after the first answer"
        );
        assert_eq!(ms(b.pace(&mut pacer, 1005.0, T)), None);
        let mut rt = Attempt::new(Endpoint::RealtimeTracking);
        assert_eq!(
            ms(rt.pace(&mut pacer, 0.0, T)),
            None,
            "realtime has its own lane"
        );
    }

    #[test]
    fn failures_back_off_then_give_up() {
        let mut pacer = Pacer::new(crate::retry::test_rates(0.0, 0.0));
        let mut a = Attempt::new(Endpoint::GetTracking);
        let err = || Error::new(ErrorCode::ServerError, "boom");
        let first = a.failed(err(), &policy(), &mut pacer, 0.0, 0.0).unwrap();
        let first = first.expect("a backoff");
        assert_eq!(first.ms, 50.0, "base 100, equal jitter with random 0");
        assert_eq!((first.reason, first.attempt), (WaitReason::Retry, 2));
        assert_eq!(first.cause.unwrap().code(), ErrorCode::ServerError);
        let second = a.failed(err(), &policy(), &mut pacer, 0.0, 1.0).unwrap();
        assert_eq!(
            ms(second),
            Some((200.0, WaitReason::Retry)),
            "doubled, full jitter"
        );
        let last = a.failed(err(), &policy(), &mut pacer, 0.0, 0.0);
        assert_eq!(last.unwrap_err().code(), ErrorCode::ServerError);
        let mut b = Attempt::new(Endpoint::GetTracking);
        let bad = Error::new(ErrorCode::Unauthorized, "no");
        assert!(
            b.failed(bad, &policy(), &mut pacer, 0.0, 0.0).is_err(),
            "not retryable"
        );
    }

    #[test]
    fn a_rate_limit_holds_the_whole_lane() {
        let mut pacer = Pacer::new(crate::retry::test_rates(1.0, 3.0));
        let mut a = Attempt::new(Endpoint::GetTracking);
        assert_eq!(ms(a.pace(&mut pacer, 0.0, T)), None);
        a.landed(&mut pacer, 10.0);
        let limited =
            Error::new(ErrorCode::RateLimited, "slow down").with_retry_after_ms(Some(3_000));
        let wait = a.failed(limited, &policy(), &mut pacer, 10.0, 0.5).unwrap();
        assert!(wait.is_none(), "no private sleep: the lane is held");
        let held = a.pace(&mut pacer, 10.0, T).unwrap();
        assert_eq!((held.ms, held.reason), (3_000.0, WaitReason::RateLimited));
        assert_eq!(held.cause.unwrap().code(), ErrorCode::RateLimited);
        let mut other = Attempt::new(Endpoint::ListTrackings);
        assert_eq!(
            ms(other.pace(&mut pacer, 10.0, T)),
            Some((4_000.0, WaitReason::RateLimited)),
            "and so does every other call of the lane, after it"
        );
    }

    #[test]
    fn a_refused_wait_is_the_error_that_caused_it() {
        let w = Wait {
            reason: WaitReason::RateLimited,
            ms: 120_000.0,
            attempt: 2,
            cause: Some(Error::new(ErrorCode::RateLimited, "429")),
        };
        let e = w.refused();
        assert_eq!(
            (e.code(), e.retry_after_ms()),
            (ErrorCode::RateLimited, Some(120_000))
        );
        let pacing = Wait {
            reason: WaitReason::Pacing,
            ms: 2_500.4,
            attempt: 1,
            cause: None,
        };
        let e = pacing.refused();
        assert_eq!(
            (e.code(), e.retry_after_ms()),
            (ErrorCode::RateLimited, Some(2_501))
        );
        assert!(e.message().contains("maxWaitMs"), "{}", e.message());
    }
}
