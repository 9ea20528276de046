//! The engine every call goes through (pacing, per-attempt timeout, retries, error mapping), the
//! [`Transport`] it runs on, and the typed Rust API ([`Client`]).

use crate::batch;
use crate::encode::{self, HttpRequest};
use crate::endpoints::{Endpoint, Lane, Method};
use crate::error::{cat, int_text, Error, ErrorCode};
use crate::model::*;
use crate::retry::{Pacer, RetryPolicy, WaitReason};
use crate::validate::{self, Fields};
use core::cell::{Cell, RefCell};
use core::future::Future;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

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
}

/// Sends requests and keeps time. The crate ships [`FetchTransport`](crate::FetchTransport)
/// (the global or an injected `fetch`, for wasm32); native users can bring their own.
#[allow(async_fn_in_trait)]
pub trait Transport {
    /// The decoded `data` of an envelope (a `JsValue` for fetch, a `serde_json::Value` natively).
    type Data;
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
    /// Milliseconds on a monotonic-enough clock.
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
    /// Pacing of realtime calls (0 = off).
    pub realtime_requests_per_second: f64,
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
            max_wait_ms: None,
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
    pacer: RefCell<Pacer>,
    on_wait: Option<WaitHook>,
}

/// The `on_wait` hook of a [`Core`].
type WaitHook = Box<dyn Fn(&Wait)>;

impl<T: Transport> Core<T> {
    /// A core with the given settings.
    pub fn new(transport: T, settings: Settings) -> Self {
        let pacer = Pacer::new(
            settings.requests_per_second,
            settings.realtime_requests_per_second,
        );
        Core {
            transport,
            settings,
            pacer: RefCell::new(pacer),
            on_wait: None,
        }
    }

    /// Calls `f` before every wait a call makes (pacing, backoff, a 429 hold): no wait is silent.
    pub fn set_on_wait(&mut self, f: impl Fn(&Wait) + 'static) {
        self.on_wait = Some(Box::new(f));
    }

    /// Makes one API call: waits its turn, sends, retries what is retryable, and returns `data`
    /// or the typed error. The decisions are [`Attempt`]'s; this loop only sleeps and sends.
    pub async fn call(
        &self,
        ep: Endpoint,
        req: &HttpRequest,
        signal: Option<&T::Signal>,
    ) -> Result<T::Data, Error> {
        self.call_with(&mut Attempt::new(ep), req, signal).await
    }

    /// [`Core::call`] with the caller's [`Attempt`], to look at afterwards (e.g.
    /// [`Attempt::may_have_landed`]).
    pub async fn call_with(
        &self,
        attempt: &mut Attempt,
        req: &HttpRequest,
        signal: Option<&T::Signal>,
    ) -> Result<T::Data, Error> {
        loop {
            while let Some(wait) = self.pace(attempt)? {
                self.transport.sleep(wait, signal).await?;
            }
            let sent = self
                .transport
                .send(req, self.settings.timeout_ms, signal)
                .await;
            self.landed(attempt);
            let err = match sent.and_then(Reply::into_result) {
                Ok(data) => return Ok(data),
                Err(e) => e,
            };
            let wait = self.after_failure(attempt, err)?;
            if wait > 0.0 {
                self.transport.sleep(wait, signal).await?;
            }
        }
    }

    /// How long `attempt` must wait before it is sent (`None`: send it now, and it counts as in
    /// flight until [`Core::landed`]), or the error when that wait is longer than `max_wait_ms`.
    pub fn pace(&self, attempt: &mut Attempt) -> Result<Option<f64>, Error> {
        let now = self.transport.now_ms();
        let timeout = self.settings.timeout_ms as f64;
        let wait = attempt.pace(&mut self.pacer.borrow_mut(), now, timeout);
        wait.map(|w| self.accept_wait(w)).transpose()
    }

    /// The answer (or failure) of `attempt`'s request came back.
    pub fn landed(&self, attempt: &mut Attempt) {
        attempt.landed(&mut self.pacer.borrow_mut(), self.transport.now_ms());
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
            let (wait, why) = pacer.reserve(self.lane, now_ms);
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

/// The bookkeeping of a chunked call, without I/O: which chunk goes next, which are skipped after
/// a fatal error, and every chunk's outcome. Shared by [`run_chunks`] and the JS API.
pub struct Chunks<D> {
    next: usize,
    fatal: Option<Error>,
    results: Vec<Option<Result<D, Error>>>,
}

impl<D> Chunks<D> {
    /// `n` chunks, none taken.
    pub fn new(n: usize) -> Self {
        Chunks {
            next: 0,
            fatal: None,
            results: (0..n).map(|_| None).collect(),
        }
    }

    /// The next chunk to send, in order.
    pub fn take(&mut self) -> Option<usize> {
        let i = self.next;
        (i < self.results.len()).then(|| {
            self.next += 1;
            i
        })
    }

    /// Why chunk about to be sent must not be: `stop` (e.g. the caller aborted) or an earlier
    /// error that [`stops_batch`].
    pub fn skip(&self, stop: Option<Error>) -> Option<Error> {
        stop.or_else(|| self.fatal.clone())
    }

    /// Records chunk `i`'s outcome and returns it.
    pub fn done(&mut self, i: usize, r: Result<D, Error>) -> &Result<D, Error> {
        if let Err(e) = &r {
            if stops_batch(e) && self.fatal.is_none() {
                self.fatal = Some(e.clone());
            }
        }
        self.results[i].insert(r)
    }

    /// Every chunk's outcome, in chunk order (a chunk never run counts as failed).
    pub fn into_results(self) -> Vec<Result<D, Error>> {
        self.results
            .into_iter()
            .map(|r| r.unwrap_or_else(|| Err(Error::new(ErrorCode::Network, "chunk not run"))))
            .collect()
    }
}

/// Runs `f(0..n)` with at most `concurrency` calls in flight, taking indices in order.
pub async fn for_each_chunk<F, Fut>(n: usize, concurrency: usize, f: F)
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = ()>,
{
    let next = Cell::new(0usize);
    let worker = || async {
        loop {
            let i = next.get();
            if i >= n {
                break;
            }
            next.set(i + 1);
            f(i).await;
        }
    };
    let workers = (0..concurrency.clamp(1, n.max(1)))
        .map(|_| Some(Box::pin(worker())))
        .collect();
    JoinAll(workers).await;
}

/// Sends `n` chunks (at most `concurrency` in flight) with `send(i)`, reporting each outcome to
/// `on_done` as it lands, and returns the outcomes in chunk order. After an error that
/// [`stops_batch`], or once `stop()` says so, the chunks not yet sent are not sent: they get that
/// error, so every chunk has an outcome.
pub async fn run_chunks<D, F, Fut>(
    n: usize,
    concurrency: usize,
    stop: impl Fn() -> Option<Error>,
    send: F,
    on_done: impl FnMut(usize, &Result<D, Error>),
) -> Vec<Result<D, Error>>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<D, Error>>,
{
    let state = RefCell::new(Chunks::new(n));
    let on_done = RefCell::new(on_done);
    for_each_chunk(n, concurrency, |i| {
        let (state, on_done, stop, send) = (&state, &on_done, &stop, &send);
        async move {
            let skip = state.borrow().skip(stop());
            let r = match skip {
                Some(e) => Err(e),
                None => send(i).await,
            };
            let mut s = state.borrow_mut();
            (on_done.borrow_mut())(i, s.done(i, r));
        }
    })
    .await;
    state.into_inner().into_results()
}

/// Drives a set of futures of one type to completion (all of `futures-util`'s `join_all` that we
/// need, without the crate in the wasm).
struct JoinAll<F>(Vec<Option<core::pin::Pin<Box<F>>>>);

impl<F: Future<Output = ()>> Future for JoinAll<F> {
    type Output = ();
    fn poll(
        self: core::pin::Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<()> {
        let mut pending = false;
        for slot in self.get_mut().0.iter_mut() {
            if let Some(f) = slot {
                if f.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            core::task::Poll::Pending
        } else {
            core::task::Poll::Ready(())
        }
    }
}

/// Whether a failed chunk means the rest should not be sent (they would fail the same way).
pub fn stops_batch(e: &Error) -> bool {
    matches!(
        e.code(),
        ErrorCode::Unauthorized | ErrorCode::QuotaExceeded | ErrorCode::Aborted
    )
}

/// A per-item `code` (a number, or a number in a string).
fn meta_code(v: &Value) -> Option<i64> {
    v.text("code").and_then(|c| crate::error::parse_int(&c))
}

/// The `BatchItemError` for an item the API reported with a numeric code.
pub fn item_error_from_meta(
    number: String,
    carrier: String,
    meta: Option<i64>,
    message: String,
) -> BatchItemError {
    let code = meta
        .and_then(ErrorCode::from_meta)
        .unwrap_or(ErrorCode::BadRequest);
    BatchItemError {
        tracking_number: number,
        carrier_code: carrier,
        code: code.as_str().to_string(),
        meta_code: meta,
        message,
    }
}

/// The `BatchItemError` for an item of a chunk that failed as a whole.
pub fn item_error_from_chunk(number: String, carrier: String, e: &Error) -> BatchItemError {
    BatchItemError {
        tracking_number: number,
        carrier_code: carrier,
        code: e.code().as_str().to_string(),
        meta_code: e.meta_code(),
        message: e.message().to_string(),
    }
}

/// Progress of a many-item call, after each chunk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Inputs handled so far.
    pub done: usize,
    /// All inputs.
    pub total: usize,
    /// Created (or changed) so far.
    pub added: usize,
    /// Failed so far.
    pub failed: usize,
}

impl Fields for Value {
    fn text(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    fn has(&self, key: &str) -> bool {
        self.get(key).is_some_and(|v| !v.is_null())
    }
}

/// The typed Rust API: the same calls as the JS `TrackingMore` class.
///
/// ```no_run
/// # async fn demo() -> Result<(), trackingmore_wasm::Error> {
/// use trackingmore_wasm::{Client, FetchTransport, NewTracking, Settings};
/// let client = Client::new(FetchTransport::new("https://api.trackingmore.com/v2", Some("KEY".into())), Settings::default());
/// let t = client.create_tracking(&NewTracking { tracking_number: "RN123456789CN".into(), carrier_code: "china-post".into(), ..Default::default() }).await?;
/// println!("{} is {}", t.tracking_number, t.status);
/// # Ok(()) }
/// ```
pub struct Client<T: Transport> {
    core: Core<T>,
}

fn to_value<S: Serialize>(v: &S) -> Result<Value, Error> {
    serde_json::to_value(v).map_err(|e| Error::invalid(format!("input can not be encoded: {e}")))
}

fn query_pairs(v: &Value) -> Vec<(String, String)> {
    v.as_object()
        .map(|m| {
            m.iter()
                .filter_map(|(k, v)| Some((k.clone(), v.text_of()?)))
                .collect()
        })
        .unwrap_or_default()
}

trait TextOf {
    fn text_of(&self) -> Option<String>;
}
impl TextOf for Value {
    fn text_of(&self) -> Option<String> {
        match self {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => Some(n.to_string()),
            Value::Bool(b) => Some(b.to_string()),
            _ => None,
        }
    }
}

impl<T: Transport> Client<T> {
    /// A client over `transport`.
    pub fn new(transport: T, settings: Settings) -> Self {
        Client {
            core: Core::new(transport, settings),
        }
    }

    /// The engine (for calls this API does not wrap).
    pub fn core(&self) -> &Core<T> {
        &self.core
    }

    /// Calls `f` before every wait a call makes (`onWait` in JavaScript; see
    /// [`Core::set_on_wait`]).
    pub fn on_wait(mut self, f: impl Fn(&Wait) + 'static) -> Self {
        self.core.set_on_wait(f);
        self
    }

    async fn run<M: DeserializeOwned>(&self, ep: Endpoint, req: HttpRequest) -> Result<M, Error> {
        let data = self.core.call(ep, &req, None).await?;
        self.core.decode(data)
    }

    fn post(ep: Endpoint, body: &Value) -> HttpRequest {
        HttpRequest::new(ep.route().0, ep.route().1.to_string()).with_body(body.to_string())
    }

    /// `GET /carriers`: every courier.
    pub async fn carriers(&self, lang: Option<&str>) -> Result<Vec<Carrier>, Error> {
        let mut req = HttpRequest::new(Method::Get, "/carriers".into());
        req.lang_header = lang.map(str::to_string);
        self.run(Endpoint::Carriers, req).await
    }

    /// `POST /carriers/detect`: couriers whose numbers look like this one.
    pub async fn detect_carrier(&self, tracking_number: &str) -> Result<Vec<CarrierMatch>, Error> {
        validate::tracking_number(tracking_number)?;
        self.run(
            Endpoint::DetectCarrier,
            Self::post(
                Endpoint::DetectCarrier,
                &serde_json::json!({"tracking_number": tracking_number}),
            ),
        )
        .await
    }

    /// `POST /trackings/post`: creates one tracking.
    ///
    /// Safe to retry: when an attempt timed out (or failed otherwise) after the server had
    /// created the tracking, the retry answers 4016; the call then resolves with the tracking it
    /// created (one GET) instead of failing with `TrackingExists`. A 4016 on the first attempt
    /// (the tracking existed before) is still an error.
    pub async fn create_tracking(&self, input: &NewTracking) -> Result<Tracking, Error> {
        let v = to_value(input)?;
        validate::item(&v, "input")?;
        let mut attempt = Attempt::new(Endpoint::CreateTracking);
        let req = Self::post(Endpoint::CreateTracking, &v);
        match self.core.call_with(&mut attempt, &req, None).await {
            Ok(data) => self.core.decode(data),
            Err(e) if e.code() == ErrorCode::TrackingExists && attempt.may_have_landed() => {
                self.get_tracking(&input.carrier_code, &input.tracking_number, None)
                    .await
            }
            Err(e) => Err(e),
        }
    }

    /// `GET /trackings/{carrier}/{number}[/{lang}]`.
    pub async fn get_tracking(
        &self,
        carrier_code: &str,
        tracking_number: &str,
        lang: Option<&str>,
    ) -> Result<Tracking, Error> {
        validate::carrier_code(carrier_code)?;
        validate::tracking_number(tracking_number)?;
        self.run(
            Endpoint::GetTracking,
            HttpRequest::new(
                Method::Get,
                encode::tracking_path(carrier_code, tracking_number, lang),
            ),
        )
        .await
    }

    /// `PUT /trackings/{carrier}/{number}`.
    pub async fn update_tracking(
        &self,
        carrier_code: &str,
        tracking_number: &str,
        fields: &TrackingUpdate,
    ) -> Result<Tracking, Error> {
        validate::carrier_code(carrier_code)?;
        validate::tracking_number(tracking_number)?;
        let v = to_value(fields)?;
        validate::update_fields(&v, "fields")?;
        let req = HttpRequest::new(
            Method::Put,
            encode::tracking_path(carrier_code, tracking_number, None),
        )
        .with_body(v.to_string());
        self.run(Endpoint::UpdateTracking, req).await
    }

    /// `DELETE /trackings/{carrier}/{number}`. Safe to retry: when an attempt timed out (or
    /// failed otherwise) after the server deleted the tracking, the retry's 4017 means done.
    pub async fn delete_tracking(
        &self,
        carrier_code: &str,
        tracking_number: &str,
    ) -> Result<(), Error> {
        validate::carrier_code(carrier_code)?;
        validate::tracking_number(tracking_number)?;
        let req = HttpRequest::new(
            Method::Delete,
            encode::tracking_path(carrier_code, tracking_number, None),
        );
        let mut attempt = Attempt::new(Endpoint::DeleteTracking);
        match self.core.call_with(&mut attempt, &req, None).await {
            Ok(_) => Ok(()),
            // Gone, as asked: an earlier attempt deleted it although the client saw a failure.
            Err(e) if e.code() == ErrorCode::TrackingNotFound && attempt.may_have_landed() => {
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    /// `POST /trackings/realtime`: asks the carrier now (the first of `data.items`).
    pub async fn realtime_tracking(&self, input: &RealtimeQuery) -> Result<Tracking, Error> {
        let v = to_value(input)?;
        validate::item(&v, "input")?;
        let data: Value = self
            .run(
                Endpoint::RealtimeTracking,
                Self::post(Endpoint::RealtimeTracking, &v),
            )
            .await?;
        let first = data
            .get("items")
            .and_then(|i| i.get(0))
            .cloned()
            .ok_or_else(|| Error::new(ErrorCode::Decode, "realtime answer has no items"))?;
        serde_json::from_value(first).map_err(|e| Error::new(ErrorCode::Decode, e.to_string()))
    }

    /// `POST /trackings/update`: moves a tracking to another carrier code.
    pub async fn change_carrier(
        &self,
        carrier_code: &str,
        tracking_number: &str,
        new_carrier_code: &str,
    ) -> Result<(), Error> {
        validate::carrier_code(carrier_code)?;
        validate::carrier_code(new_carrier_code)?;
        validate::tracking_number(tracking_number)?;
        let body = serde_json::json!({"tracking_number": tracking_number, "carrier_code": carrier_code, "update_carrier_code": new_carrier_code});
        self.core
            .call(
                Endpoint::ChangeCarrier,
                &Self::post(Endpoint::ChangeCarrier, &body),
                None,
            )
            .await
            .map(|_| ())
    }

    /// Runs a chunked endpoint over `items`; `on_chunk` sees each chunk's outcome as it lands.
    async fn chunked(
        &self,
        ep: Endpoint,
        items: &[Value],
        concurrency: usize,
        on_chunk: impl FnMut(usize, &Result<Value, Error>),
    ) -> Vec<Result<Value, Error>> {
        let ranges = batch::chunks(items.len(), ep.chunk().unwrap_or(40));
        let send = |i: usize| {
            let (s, e) = ranges[i];
            let req = Self::post(ep, &Value::Array(items[s..e].to_vec()));
            async move {
                let d = self.core.call(ep, &req, None).await?;
                self.core.decode::<Value>(d)
            }
        };
        run_chunks(ranges.len(), concurrency, || None, send, on_chunk).await
    }

    /// `POST /trackings/batch` in chunks of 40: every input ends up in `trackings` or `errors`.
    pub async fn create_trackings(
        &self,
        inputs: &[NewTracking],
        concurrency: usize,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<BatchResult, Error> {
        let values: Vec<Value> = inputs.iter().map(to_value).collect::<Result<_, _>>()?;
        let keys = validate::items(&values, false)?;
        let ranges = batch::chunks(
            values.len(),
            Endpoint::CreateTrackings.chunk().unwrap_or(40),
        );
        let mut out = BatchResult {
            submitted: inputs.len() as u64,
            ..Default::default()
        };
        let mut progress = Progress {
            total: inputs.len(),
            ..Default::default()
        };
        let results = self
            .chunked(Endpoint::CreateTrackings, &values, concurrency, |i, r| {
                let n = ranges[i].1 - ranges[i].0;
                let added = r
                    .as_ref()
                    .ok()
                    .and_then(|d| d.get("trackings"))
                    .and_then(Value::as_array)
                    .map_or(0, |a| a.len().min(n));
                progress.done += n;
                progress.added += added;
                progress.failed += n - added;
                on_progress(progress);
            })
            .await;
        for (i, r) in results.into_iter().enumerate() {
            let (s, e) = ranges[i];
            let chunk_keys = &keys[s..e];
            match r {
                Err(err) => out.errors.extend(
                    chunk_keys
                        .iter()
                        .map(|(n, c)| item_error_from_chunk(n.clone(), c.clone(), &err)),
                ),
                Ok(data) => {
                    let raw = |k: &str| {
                        data.get(k)
                            .and_then(Value::as_array)
                            .cloned()
                            .unwrap_or_default()
                    };
                    let (trackings, errors) = (raw("trackings"), raw("errors"));
                    let key_of = |v: &Value| {
                        (
                            v.text("tracking_number").unwrap_or_default(),
                            v.text("carrier_code").unwrap_or_default(),
                        )
                    };
                    let reported: Vec<(String, String)> =
                        trackings.iter().chain(errors.iter()).map(key_of).collect();
                    let (matched, missing) = batch::reconcile(chunk_keys, &reported);
                    for (j, v) in trackings.into_iter().enumerate() {
                        if matched[j].is_some() {
                            out.trackings.push(serde_json::from_value(v).map_err(|e| {
                                Error::new(ErrorCode::Decode, e.to_string())
                                    .scrub(self.core.transport.secret())
                            })?);
                        }
                    }
                    let offset = reported.len() - errors.len();
                    for (j, v) in errors.into_iter().enumerate() {
                        if matched[offset + j].is_some() {
                            out.errors.push(self.item_error(&v));
                        }
                    }
                    for m in missing {
                        let (n, c) = chunk_keys[m].clone();
                        out.errors.push(BatchItemError {
                            tracking_number: n,
                            carrier_code: c,
                            code: ErrorCode::Decode.as_str().into(),
                            meta_code: None,
                            message: "the API's answer did not mention this item".into(),
                        });
                    }
                }
            }
        }
        out.added = out.trackings.len() as u64;
        Ok(out)
    }

    async fn many(
        &self,
        ep: Endpoint,
        items: Vec<Value>,
        check_update: bool,
    ) -> Result<ManyResult, Error> {
        let keys = validate::items(&items, check_update)?;
        let ranges = batch::chunks(items.len(), ep.chunk().unwrap_or(40));
        let results = self.chunked(ep, &items, 1, |_, _| {}).await;
        let mut out = ManyResult::default();
        for (i, r) in results.into_iter().enumerate() {
            let (s, e) = ranges[i];
            match r {
                Err(err) => {
                    out.submitted += (e - s) as u64;
                    out.errors.extend(
                        keys[s..e]
                            .iter()
                            .map(|(n, c)| item_error_from_chunk(n.clone(), c.clone(), &err)),
                    );
                }
                Ok(Value::Object(m)) => {
                    for (k, v) in m {
                        match (k.as_str(), v) {
                            ("submitted", v) => {
                                out.submitted += v
                                    .text_of()
                                    .and_then(|t| t.parse().ok())
                                    .unwrap_or((e - s) as u64)
                            }
                            ("trackings", Value::Array(a)) => {
                                for t in &a {
                                    let failed = t.get("meta").filter(|m| {
                                        meta_code(m).and_then(ErrorCode::from_meta).is_some()
                                    });
                                    if let Some(m) = failed {
                                        out.errors.push(self.item_error(m));
                                    }
                                }
                                out.trackings.extend(a)
                            }
                            ("errors", Value::Array(a)) => {
                                out.errors.extend(a.iter().map(|v| self.item_error(v)))
                            }
                            (k, v) => {
                                let prev = out.extra.get(k).and_then(Value::as_f64);
                                match (prev, v.as_f64()) {
                                    (Some(a), Some(b)) => {
                                        out.extra.insert(k.to_string(), Value::from(a + b));
                                    }
                                    _ => {
                                        out.extra.insert(k.to_string(), v);
                                    }
                                }
                            }
                        }
                    }
                }
                Ok(_) => out.submitted += (e - s) as u64,
            }
        }
        Ok(out)
    }

    /// A per-item error the API reported (`{tracking_number, carrier_code, code, message}`),
    /// its message scrubbed of the key.
    fn item_error(&self, v: &Value) -> BatchItemError {
        item_error_from_meta(
            v.text("tracking_number").unwrap_or_default(),
            v.text("carrier_code").unwrap_or_default(),
            meta_code(v),
            self.core.scrub(&v.text("message").unwrap_or_default()),
        )
    }

    /// `POST /trackings/updatemore`, chunked.
    pub async fn update_trackings(
        &self,
        items: &[TrackingUpdateItem],
    ) -> Result<ManyResult, Error> {
        self.many(
            Endpoint::UpdateTrackings,
            items.iter().map(to_value).collect::<Result<_, _>>()?,
            true,
        )
        .await
    }

    /// `POST /trackings/delete`, chunked.
    pub async fn delete_trackings(&self, refs: &[TrackingRef]) -> Result<ManyResult, Error> {
        self.many(
            Endpoint::DeleteTrackings,
            refs.iter().map(to_value).collect::<Result<_, _>>()?,
            false,
        )
        .await
    }

    /// `POST /trackings/notupdate`, chunked: stops auto-refresh.
    pub async fn stop_updating(&self, refs: &[TrackingRef]) -> Result<ManyResult, Error> {
        self.many(
            Endpoint::StopUpdating,
            refs.iter().map(to_value).collect::<Result<_, _>>()?,
            false,
        )
        .await
    }

    /// `GET /trackings/get`: one page.
    pub async fn list_trackings(&self, query: &ListQuery) -> Result<TrackingPage, Error> {
        let v = to_value(query)?;
        validate::list_query(&v)?;
        self.run(
            Endpoint::ListTrackings,
            HttpRequest::new(
                Method::Get,
                encode::with_query("/trackings/get", &query_pairs(&v)),
            ),
        )
        .await
    }

    /// Every tracking matching `query`, page after page.
    pub fn all_trackings(&self, query: &ListQuery) -> Pager<'_, T> {
        Pager {
            client: self,
            query: query.clone(),
            page: query.page.unwrap_or(1),
            buffer: Vec::new(),
            done: false,
        }
    }

    /// `GET /trackings/getuserinfo`.
    pub async fn user_info(&self) -> Result<UserInfo, Error> {
        self.run(
            Endpoint::UserInfo,
            HttpRequest::new(Method::Get, "/trackings/getuserinfo".into()),
        )
        .await
    }

    /// `GET /trackings/getstatusnumber`.
    pub async fn status_counts(&self, query: &StatusCountsQuery) -> Result<StatusCounts, Error> {
        let v = to_value(query)?;
        self.run(
            Endpoint::StatusCounts,
            HttpRequest::new(
                Method::Get,
                encode::with_query("/trackings/getstatusnumber", &query_pairs(&v)),
            ),
        )
        .await
    }

    /// `POST /trackings/remote`.
    pub async fn check_remote(&self, queries: &[RemoteQuery]) -> Result<RemoteResult, Error> {
        if queries.is_empty() {
            return Err(Error::invalid("the list of queries is empty"));
        }
        self.run(
            Endpoint::CheckRemote,
            Self::post(Endpoint::CheckRemote, &to_value(&queries)?),
        )
        .await
    }

    /// `POST /trackings/costtime`: transit-time statistics, as returned.
    pub async fn transit_times(&self, queries: &[TransitQuery]) -> Result<Value, Error> {
        if queries.is_empty() {
            return Err(Error::invalid("the list of queries is empty"));
        }
        for q in queries {
            validate::carrier_code(&q.carrier_code)?;
        }
        self.run(
            Endpoint::TransitTimes,
            Self::post(Endpoint::TransitTimes, &to_value(&queries)?),
        )
        .await
    }

    /// `POST /trackings/aircargo`: air waybills, as returned.
    pub async fn air_cargo(
        &self,
        awb_numbers: &[String],
        lang: Option<&str>,
    ) -> Result<Value, Error> {
        if awb_numbers.is_empty() {
            return Err(Error::invalid("the list of air waybill numbers is empty"));
        }
        for n in awb_numbers {
            validate::tracking_number(n)?;
        }
        let body = serde_json::json!({"track_number": awb_numbers, "lang": lang.unwrap_or("en")});
        self.run(Endpoint::AirCargo, Self::post(Endpoint::AirCargo, &body))
            .await
    }
}

/// Pages through `listTrackings` (see [`Client::all_trackings`]).
pub struct Pager<'a, T: Transport> {
    client: &'a Client<T>,
    query: ListQuery,
    page: u32,
    buffer: Vec<Tracking>,
    done: bool,
}

impl<T: Transport> Pager<'_, T> {
    /// The next tracking, `None` after the last. An error ends the iteration.
    pub async fn next(&mut self) -> Option<Result<Tracking, Error>> {
        loop {
            if let Some(t) = self.buffer.pop() {
                return Some(Ok(t));
            }
            if self.done {
                return None;
            }
            let mut q = self.query.clone();
            q.page = Some(self.page);
            match self.client.list_trackings(&q).await {
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
                Ok(p) => {
                    let limit = q.limit.map_or(100, u64::from);
                    self.done = p.items.is_empty()
                        || (p.items.len() as u64) < limit
                        || u64::from(self.page) * limit >= p.total;
                    self.page += 1;
                    self.buffer = p.items;
                    self.buffer.reverse();
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::retry::WaitReason;
    use core::task::{Context, Poll, Waker};

    /// Runs a future whose every await is already ready (no I/O in these tests).
    fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = Box::pin(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    #[test]
    fn chunks_after_a_fatal_error_are_not_sent_but_still_accounted_for() {
        let sent = Cell::new(0);
        let mut seen = Vec::new();
        let send = |i: usize| {
            sent.set(sent.get() + 1);
            async move {
                if i == 1 {
                    Err(Error::new(ErrorCode::Unauthorized, "bad key"))
                } else {
                    Ok(i)
                }
            }
        };
        let out = block_on(run_chunks(
            5,
            1,
            || None,
            send,
            |i, r| seen.push((i, r.is_ok())),
        ));
        assert_eq!(sent.get(), 2, "chunks 2..4 were not sent");
        assert_eq!(out.len(), 5);
        assert_eq!(out[0].as_ref().ok(), Some(&0));
        assert!(out[1..]
            .iter()
            .all(|r| r.as_ref().err().map(Error::code) == Some(ErrorCode::Unauthorized)));
        assert_eq!(
            seen,
            vec![(0, true), (1, false), (2, false), (3, false), (4, false)]
        );
    }

    #[test]
    fn retryable_chunk_failures_do_not_stop_the_rest() {
        let send = |i: usize| async move {
            if i == 0 {
                Err(Error::new(ErrorCode::ServerError, "503"))
            } else {
                Ok(i)
            }
        };
        let out = block_on(run_chunks(3, 2, || None, send, |_, _| {}));
        assert!(out[0].is_err());
        assert!(out[1].is_ok() && out[2].is_ok());
    }

    #[test]
    fn a_stop_signal_skips_everything() {
        let send = |_i: usize| async { Ok::<_, Error>(()) };
        let out = block_on(run_chunks(
            3,
            1,
            || Some(Error::new(ErrorCode::Aborted, "stop")),
            send,
            |_, _| {},
        ));
        assert!(out
            .iter()
            .all(|r| r.as_ref().err().map(Error::code) == Some(ErrorCode::Aborted)));
    }

    #[test]
    fn item_errors_map_meta_codes() {
        let e = item_error_from_meta("1".into(), "dhl".into(), Some(4016), "exists".into());
        assert_eq!(
            (e.code.as_str(), e.meta_code),
            ("TRACKING_EXISTS", Some(4016))
        );
        let e = item_error_from_meta("1".into(), "dhl".into(), None, "?".into());
        assert_eq!(e.code, "BAD_REQUEST");
        let chunk = Error::from_response(503, None).unwrap();
        assert_eq!(
            item_error_from_chunk("1".into(), "dhl".into(), &chunk).code,
            "SERVER_ERROR"
        );
    }

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
        let mut pacer = Pacer::new(1.0, 3.0);
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
            Some((995.0, WaitReason::Pacing)),
            "the next waits a second"
        );
        assert_eq!(
            ms(b.pace(&mut pacer, 1000.0, T)),
            Some((5.0, WaitReason::Pacing)),
            "and a second after the first answer"
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
        let mut pacer = Pacer::new(0.0, 0.0);
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
        let mut pacer = Pacer::new(1.0, 3.0);
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

    #[test]
    fn chunk_bookkeeping_without_io() {
        let mut c: Chunks<u32> = Chunks::new(3);
        assert_eq!(c.take(), Some(0));
        assert!(c.skip(None).is_none());
        c.done(0, Err(Error::new(ErrorCode::QuotaExceeded, "out")));
        assert_eq!(c.take(), Some(1));
        let skip = c.skip(None).expect("a quota error stops the rest");
        assert_eq!(skip.code(), ErrorCode::QuotaExceeded);
        c.done(1, Err(skip));
        let aborted = Error::new(ErrorCode::Aborted, "stop");
        assert_eq!(c.skip(Some(aborted)).unwrap().code(), ErrorCode::Aborted);
        assert_eq!(c.take(), Some(2));
        assert_eq!(c.take(), None);
        let out = c.into_results();
        assert_eq!(out.len(), 3, "a chunk never run still has an outcome");
        assert!(out.iter().all(Result::is_err));
    }
}
