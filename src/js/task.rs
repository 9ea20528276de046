//! One call in progress, without I/O: its units (one request each; a batch has one per chunk),
//! the attempts of each, and what the result is made of. The JS `drive` loop (src/io.js) performs
//! what `Task::step` (in `mod.rs`, the door) asks for.

use super::*;

pub(super) type Shared = Rc<Core<FetchTransport>>;

/// What [`Task::finish`] makes of the outcomes.
pub(super) enum Finish {
    /// One request; its `data` fixed by its `Shape`.
    One(Shape),
    /// `createTrackings`: every input in `trackings` or `errors`, progress after each chunk.
    Create(Batch),
    /// updatemore / delete / notupdate: counters summed, lists joined.
    Many(Batch),
}

/// The inputs of a chunked call.
pub(super) struct Batch {
    pub(super) keys: Vec<(String, String)>,
    pub(super) ranges: Vec<(usize, usize)>,
    pub(super) on_progress: Option<Function>,
    pub(super) done: usize,
    pub(super) added: usize,
}

/// One request of a task and its attempts.
pub(super) struct Unit {
    pub(super) req: HttpRequest,
    pub(super) attempt: Attempt,
    pub(super) started: bool,
    /// `createTracking`: the GET of the tracking, sent instead of failing when a retry answers
    /// 4016 after an attempt that may have created it.
    pub(super) then_get: Option<HttpRequest>,
    /// The underlying failure of the last attempt that got no response (`NETWORK`'s `cause`).
    pub(super) cause: JsValue,
    /// `deleteTracking`: a retry answering 4017/4031 after an attempt that may have deleted it
    /// means it is gone, as asked.
    pub(super) gone_is_done: bool,
}

impl Unit {
    pub(super) fn new(ep: Endpoint, req: HttpRequest) -> Unit {
        Unit {
            req,
            attempt: Attempt::new(ep),
            started: false,
            then_get: None,
            cause: JsValue::UNDEFINED,
            gone_is_done: false,
        }
    }
}

pub(super) fn aborted() -> Error {
    Error::new(ErrorCode::Aborted, "the request was aborted by the caller")
}

impl Task {
    pub(super) fn new(
        core: &Shared,
        units: Vec<Unit>,
        signal: Option<AbortSignal>,
        finish: Finish,
    ) -> Task {
        Task {
            core: core.clone(),
            chunks: Chunks::new(units.len()),
            units,
            signal,
            finish,
        }
    }

    /// Starts the task: a promise of its result.
    pub(super) fn run(self, lanes: usize) -> Promise {
        let fetch = self.core.transport.fetch_fn();
        let signal = self
            .signal
            .clone()
            .map_or(JsValue::UNDEFINED, JsValue::from);
        let lanes = lanes.clamp(1, self.units.len().max(1)) as u32;
        drive(self, &fetch, &signal, lanes)
    }

    /// The next action of unit `i` after `ev`, or `Err(outcome)` once it is settled.
    pub(super) fn advance(
        &mut self,
        i: usize,
        ev: JsValue,
    ) -> Result<JsValue, Result<JsValue, Error>> {
        let core = &*self.core;
        let Some(u) = self.units.get_mut(i) else {
            return Err(Err(Error::new(ErrorCode::Network, "chunk not run")));
        };
        if ev.as_f64().is_some() {
            return Err(Err(aborted()));
        }
        if !u.started {
            u.started = true;
            let stop = self
                .signal
                .as_ref()
                .filter(|s| s.aborted())
                .map(|_| aborted());
            if let Some(e) = self.chunks.skip(stop) {
                return Err(Err(e));
            }
        }
        if !ev.is_undefined() {
            core.landed(&mut u.attempt);
            u.cause = Reflect::get(&ev, &2.into()).unwrap_or(JsValue::UNDEFINED);
            let err = match reply_of(&ev).and_then(Reply::into_result) {
                Ok(data) => return Err(Ok(data)),
                Err(e) => e,
            };
            if u.gone_is_done
                && err.code() == ErrorCode::TrackingNotFound
                && u.attempt.may_have_landed()
            {
                return Err(Ok(JsValue::UNDEFINED));
            }
            let created_by_us =
                err.code() == ErrorCode::TrackingExists && u.attempt.may_have_landed();
            match u.then_get.take_if(|_| created_by_us) {
                Some(get) => {
                    u.req = get;
                    u.attempt = Attempt::new(Endpoint::GetTracking);
                }
                None => {
                    let wait = core.after_failure(&mut u.attempt, err).map_err(Err)?;
                    if wait > 0.0 {
                        return Ok(wait.into());
                    }
                }
            }
        }
        if let Some(wait) = core.pace(&mut u.attempt).map_err(Err)? {
            return Ok(wait.into());
        }
        let (url, init) = core.transport.prepare(&u.req);
        Ok(Array::of3(&url.into(), &init, &core.timeout_ms().into()).into())
    }
}
