//! A call in progress, without I/O, as both drivers run it: its [`Unit`]s (one request each; a
//! chunked call has one per chunk) with their attempts, and what the result is made of
//! ([`Finish`]). The Rust driver is [`Core::run`] (an async loop over [`Transport`]); the JS
//! driver is the `run` loop of `src/io.js` driving a wasm `Call`.

use crate::attempts::{Attempt, Core, Transport};
use crate::batch::Progress;
use crate::doc::Doc;
use crate::encode::HttpRequest;
use crate::endpoints::Endpoint;
use crate::error::{Error, ErrorCode};
use crate::shape::{create_result, many_result, BatchFields, Shape};

/// One request of a call and its attempts.
pub struct Unit {
    /// The request (switched to a GET when a retried create finds its tracking made).
    pub req: HttpRequest,
    /// The decisions of its attempts.
    pub attempt: Attempt,
    /// `createTracking`: the GET of the tracking (and its endpoint), sent instead of failing
    /// when a retry answers 4016 (v4: 4101) after an attempt that may have created it.
    pub then_get: Option<(Endpoint, HttpRequest)>,
    /// `deleteTracking`: a retry answering 4017/4031 after an attempt that may have deleted it
    /// means it is gone, as asked.
    pub gone_is_done: bool,
}

/// What a driver does next for a unit.
pub enum Step<D> {
    /// Pace, then send the unit's request.
    Send,
    /// Sleep this many milliseconds, then pace and send.
    Sleep(f64),
    /// The unit is settled.
    Done(Result<D, Error>),
}

impl Unit {
    /// A unit of endpoint `ep` sending `req`.
    pub fn new(ep: Endpoint, req: HttpRequest) -> Unit {
        Unit {
            req,
            attempt: Attempt::new(ep),
            then_get: None,
            gone_is_done: false,
        }
    }

    /// After an attempt's outcome (the driver has called [`Core::landed`]): settled, or retried.
    pub fn answered<T: Transport>(
        &mut self,
        core: &Core<T>,
        got: Result<T::Data, Error>,
    ) -> Step<T::Data> {
        let err = match got {
            Ok(data) => return Step::Done(Ok(data)),
            Err(e) => e,
        };
        let landed = self.attempt.may_have_landed();
        if self.gone_is_done && err.code() == ErrorCode::TrackingNotFound && landed {
            return Step::Done(Ok(T::Data::nothing()));
        }
        let created_by_us = err.code() == ErrorCode::TrackingExists && landed;
        if let Some((ep, get)) = self.then_get.take_if(|_| created_by_us) {
            self.req = get;
            self.attempt = Attempt::new(ep);
            return Step::Send;
        }
        match core.after_failure(&mut self.attempt, err) {
            Err(e) => Step::Done(Err(e)),
            Ok(wait) if wait > 0.0 => Step::Sleep(wait),
            Ok(_) => Step::Send,
        }
    }
}

/// The inputs of a chunked call and its progress.
pub struct Batch {
    /// `(tracking_number, carrier_code)` of every input, in order.
    pub keys: Vec<(String, String)>,
    /// The inputs of each chunk.
    pub ranges: Vec<(usize, usize)>,
    /// The names its answers use.
    pub fields: &'static BatchFields,
    progress: Progress,
}

impl Batch {
    /// The batch of `keys` in `ranges`, answered with `fields`.
    pub fn new(
        keys: Vec<(String, String)>,
        ranges: Vec<(usize, usize)>,
        fields: &'static BatchFields,
    ) -> Batch {
        let progress = Progress {
            total: keys.len(),
            ..Progress::default()
        };
        Batch {
            keys,
            ranges,
            fields,
            progress,
        }
    }

    /// Chunk `i` settled with `r`: the progress so far.
    pub fn chunk_done<D: Doc>(&mut self, i: usize, r: &Result<D, Error>) -> Progress {
        let n = self.ranges.get(i).map_or(0, |&(s, e)| e - s);
        let added = r
            .as_ref()
            .map_or(0, |d| d.field(self.fields.created).array_len().min(n));
        let p = &mut self.progress;
        p.done += n;
        p.added += added;
        p.failed = p.done - p.added;
        *p
    }
}

/// What the result of a call is made of.
pub enum Finish {
    /// One request; its `data` shaped.
    One(Shape),
    /// `createTrackings`: every input in `trackings` or `errors`, progress after each chunk.
    Create(Batch),
    /// updatemore / delete / notupdate: counters summed, lists joined.
    Many(Batch),
}

impl Finish {
    /// The call's result from every unit's outcome, in order. `secret` is scrubbed from every
    /// per-item message.
    pub fn result<D: Doc>(
        self,
        results: Vec<Result<D, Error>>,
        secret: Option<&str>,
    ) -> Result<D, Error> {
        match self {
            Finish::One(shape) => results
                .into_iter()
                .next()
                .unwrap_or_else(|| Err(Error::new(ErrorCode::Aborted, "nothing was sent")))
                .and_then(|d| shape.apply(d)),
            Finish::Create(b) => Ok(create_result(b.fields, &b.keys, &b.ranges, results, secret)),
            Finish::Many(b) => Ok(many_result(&b.keys, &b.ranges, results, secret)),
        }
    }

    /// The batch of a chunked call.
    pub fn batch(&mut self) -> Option<&mut Batch> {
        match self {
            Finish::One(_) => None,
            Finish::Create(b) | Finish::Many(b) => Some(b),
        }
    }
}

/// A prepared call: checked inputs, its requests, and how they become the result.
pub struct Plan {
    /// One request each (a chunked call: one per chunk).
    pub units: Vec<Unit>,
    /// What the result is made of.
    pub finish: Finish,
    /// How many units may be in flight at once (pacing still applies).
    pub concurrency: usize,
}

impl Plan {
    /// A call of one unit.
    pub fn one(unit: Unit, shape: Shape) -> Plan {
        Plan {
            units: vec![unit],
            finish: Finish::One(shape),
            concurrency: 1,
        }
    }
}
