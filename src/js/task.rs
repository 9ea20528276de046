//! The JS driver of a call: a [`Plan`] stepped by the `drive` loop of `src/io.js`, which performs
//! what [`step`] (in `mod.rs`, the door) asks for: sleep, or send.

use super::*;

pub(super) type Shared = Rc<Core<FetchTransport>>;

pub(super) fn aborted() -> Error {
    Error::new(ErrorCode::Aborted, "the request was aborted by the caller")
}

impl Task {
    pub(super) fn new(
        core: &Shared,
        plan: Plan,
        signal: Option<AbortSignal>,
        on_progress: Option<Function>,
    ) -> Task {
        let n = plan.units.len();
        Task {
            core: core.clone(),
            chunks: Chunks::new(n),
            units: plan.units,
            cause: JsValue::UNDEFINED,
            signal,
            finish: plan.finish,
            concurrency: plan.concurrency,
            on_progress,
            pages: None,
        }
    }

    /// Loads the next plan into this task (`allTrackings`' next page).
    pub(super) fn load(&mut self, plan: Plan) {
        let n = plan.units.len();
        self.chunks = Chunks::new(n);
        self.units = plan.units;
        self.cause = JsValue::UNDEFINED;
        self.finish = plan.finish;
        self.concurrency = plan.concurrency;
    }

    /// Starts the task: a promise of its result.
    pub(super) fn run(self) -> Promise {
        let fetch = self.core.transport.fetch_fn();
        let signal = self
            .signal
            .clone()
            .map_or(JsValue::UNDEFINED, JsValue::from);
        let lanes = self.concurrency.clamp(1, self.units.len().max(1)) as u32;
        let units = self.units.len() as u32;
        drive(
            hold(Held::Task(Box::new(self))),
            &fetch,
            &signal,
            lanes,
            units,
        )
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
            let reply = reply_of(&ev);
            core.landed(
                &mut u.attempt,
                reply.as_ref().ok().and_then(|r| r.answered_ms),
            );
            if i == 0 {
                self.cause = get(&ev, "2");
            }
            match u.answered(core, reply.and_then(Reply::into_result)) {
                Step::Done(r) => return Err(r),
                Step::Sleep(ms) => return Ok(ms.into()),
                Step::Send => {}
            }
        }
        if let Some(wait) = core.pace(&mut u.attempt).map_err(Err)? {
            return Ok(wait.into());
        }
        Ok(core.transport.action(&u.req, core.timeout_ms()))
    }
}
