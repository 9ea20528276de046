//! [`Call`]: one call in progress, as the `run` loop of `src/io.js` drives it. The loop asks
//! [`Call::step`] what unit `i` does next (sleep, send, or nothing: it is settled), performs it,
//! and hands back what happened; then [`Call::finish`] makes the result. Every decision is the
//! [`Plan`]'s units'; the loop only performs I/O.

use super::*;

/// One call in progress (see the module docs).
#[wasm_bindgen(skip_typescript)]
pub struct Call {
    core: Rc<Core<FetchTransport>>,
    units: Vec<crate::plan::Unit>,
    /// The underlying failure of the first unit's last attempt that got no response (`NETWORK`'s
    /// `cause`).
    cause: JsValue,
    chunks: Chunks<JsValue>,
    signal: Option<AbortSignal>,
    finish: Finish,
    concurrency: usize,
    on_progress: Option<Function>,
    /// `allTrackings`: the pages still to fetch (this call is reloaded with each next page).
    pub(super) pages: Option<Pages<JsValue>>,
}

fn aborted() -> Error {
    Error::new(ErrorCode::Aborted, "the request was aborted by the caller")
}

#[wasm_bindgen]
impl Call {
    /// How many units (requests; a chunked call has one per chunk) the call has.
    #[wasm_bindgen(getter)]
    pub fn units(&self) -> u32 {
        self.units.len() as u32
    }

    /// How many units may be in flight at once.
    #[wasm_bindgen(getter)]
    pub fn concurrency(&self) -> u32 {
        self.concurrency.clamp(1, self.units.len().max(1)) as u32
    }

    /// The `fetch` to send with: the client's own, or `undefined` for the global one.
    #[wasm_bindgen(getter)]
    pub fn fetch(&self) -> JsValue {
        self.core.transport.fetch_fn()
    }

    /// The caller's `signal`.
    #[wasm_bindgen(getter)]
    pub fn signal(&self) -> Option<AbortSignal> {
        self.signal.clone()
    }

    /// What unit `unit` does next after `outcome` (`undefined` at first; then what the last
    /// action came to: `{ kind: "slept", aborted }` after a sleep, or what `attempt` resolved
    /// with after a send): `{ kind: "sleep", ms }`, `{ kind: "send", url, init, timeoutMs }`, or
    /// `{ kind: "done" }` once the unit is settled.
    pub fn step(&mut self, unit: u32, outcome: JsValue) -> JsValue {
        let i = unit as usize;
        let settled = match self.advance(i, outcome) {
            Ok(action) => return action,
            Err(settled) => settled,
        };
        let r = self.chunks.done(i, settled);
        if let (Finish::Create(b), Some(f)) = (&mut self.finish, &self.on_progress) {
            let p = b.chunk_done(i, r);
            tell_progress(f, p.done, p.total, p.added, p.failed);
        }
        done_action()
    }

    /// The call's result once every unit is settled; throws its `TrackingMoreError`.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        let results = core::mem::replace(&mut self.chunks, Chunks::new(0)).into_results();
        let finish = core::mem::replace(&mut self.finish, Finish::One(Shape::Nothing));
        let one = matches!(finish, Finish::One(_));
        let cause = core::mem::take(&mut self.cause);
        finish
            .result(results, self.core.transport.secret())
            .map_err(|e| {
                let network = one && e.code() == ErrorCode::Network;
                let err = JsValue::from(e);
                if network && cause.is_object() {
                    set(&err, "cause", &cause);
                }
                err
            })
    }

    /// `allTrackings`: takes a fetched page (whose `items` the iterator yields) and loads the next
    /// page's request into this call: whether there is one.
    #[wasm_bindgen(js_name = nextPage)]
    pub fn next_page(&mut self, page: JsValue) -> bool {
        let Some(pages) = self.pages.as_mut() else {
            return false;
        };
        pages.accept(&page);
        match pages.next_page() {
            Some(Ok(plan)) => {
                self.load(plan);
                true
            }
            _ => false,
        }
    }
}

impl Call {
    pub(super) fn new(
        core: &Rc<Core<FetchTransport>>,
        plan: Plan,
        signal: Option<AbortSignal>,
        on_progress: Option<Function>,
    ) -> Call {
        let mut call = Call {
            core: core.clone(),
            chunks: Chunks::new(0),
            units: Vec::new(),
            cause: JsValue::UNDEFINED,
            signal,
            finish: Finish::One(Shape::Nothing),
            concurrency: 1,
            on_progress,
            pages: None,
        };
        call.load(plan);
        call
    }

    /// Loads a plan into this call (at first, and `allTrackings`' next page).
    fn load(&mut self, plan: Plan) {
        self.chunks = Chunks::new(plan.units.len());
        self.units = plan.units;
        self.cause = JsValue::UNDEFINED;
        self.finish = plan.finish;
        self.concurrency = plan.concurrency;
    }

    /// The next action of unit `i` after `outcome`, or `Err(result)` once it is settled.
    fn advance(&mut self, i: usize, outcome: JsValue) -> Result<JsValue, Result<JsValue, Error>> {
        let core = &*self.core;
        let Some(u) = self.units.get_mut(i) else {
            return Err(Err(Error::new(ErrorCode::Network, "chunk not run")));
        };
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
        match get(&outcome, "kind").as_string().as_deref() {
            None => {}
            Some("slept") if get(&outcome, "aborted").is_truthy() => return Err(Err(aborted())),
            Some("slept") => {}
            Some(_) => {
                let reply = reply_of(&outcome);
                core.landed(
                    &mut u.attempt,
                    reply.as_ref().ok().and_then(|r| r.answered_ms),
                );
                if i == 0 {
                    self.cause = get(&outcome, "cause");
                }
                match u.answered(core, reply.and_then(Reply::into_result)) {
                    Step::Done(r) => return Err(r),
                    Step::Sleep(ms) => return Ok(sleep_action(ms)),
                    Step::Send => {}
                }
            }
        }
        if let Some(wait) = core.pace(&mut u.attempt).map_err(Err)? {
            return Ok(sleep_action(wait));
        }
        Ok(core.transport.send_action(&u.req, core.timeout_ms()))
    }
}

#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    /// `{ kind: "sleep", ms }`.
    #[wasm_bindgen(js_name = sleepAction)]
    fn sleep_action(ms: f64) -> JsValue;
    /// `{ kind: "done" }`.
    #[wasm_bindgen(js_name = doneAction)]
    fn done_action() -> JsValue;
}
