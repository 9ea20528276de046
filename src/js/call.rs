//! [`Call`]: one call in progress, as the `run` loop of `src/io.js` drives it. For each unit the
//! loop asks what to do ([`Call::start`]), does it (sleep, or send), and hands back what came of
//! it ([`Call::after_sleep`], [`Call::after_attempt`]), until the unit is done; then
//! [`Call::finish`] makes the result. Every decision is the [`Plan`]'s units'; the loop only
//! performs I/O.

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

    /// Unit `unit`'s first action: `{ kind: "sleep", ms }`, `{ kind: "send", url, init,
    /// timeoutMs }`, or `{ kind: "done" }` when it is settled at once (an aborted signal, an
    /// earlier chunk's fatal error).
    pub fn start(&mut self, unit: u32) -> JsValue {
        let next = self.begin(unit as usize);
        self.act(unit as usize, next)
    }

    /// Unit `unit`'s next action after a sleep, which the caller's signal ended when `aborted`.
    #[wasm_bindgen(js_name = afterSleep)]
    pub fn after_sleep(&mut self, unit: u32, aborted: bool) -> JsValue {
        let next = if aborted {
            Err(Err(aborted_error()))
        } else {
            self.next_action(unit as usize)
        };
        self.act(unit as usize, next)
    }

    /// Unit `unit`'s next action after an attempt, given what `attempt` resolved with.
    #[wasm_bindgen(js_name = afterAttempt)]
    pub fn after_attempt(&mut self, unit: u32, outcome: JsValue) -> JsValue {
        let next = self.answered(unit as usize, outcome);
        self.act(unit as usize, next)
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

    /// `allTrackings`: the trackings of a fetched page (what the iterator yields of it).
    #[wasm_bindgen(js_name = pageItems)]
    pub fn page_items(&self, page: JsValue) -> JsValue {
        match &self.pages {
            Some(pages) => pages.items(&page),
            None => JsValue::UNDEFINED,
        }
    }

    /// `allTrackings`: takes a fetched page and loads the next page's request into this call:
    /// whether there is one.
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

    /// The action for unit `i`, or its result once it is settled (then counted, and told to
    /// `onProgress`: `{ kind: "done" }`).
    fn act(&mut self, i: usize, next: Next) -> JsValue {
        let settled = match next {
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

    /// Unit `i` starts: settled at once when the signal has aborted or an earlier chunk failed
    /// fatally, else its first action.
    fn begin(&mut self, i: usize) -> Next {
        let stop = self
            .signal
            .as_ref()
            .filter(|s| s.aborted())
            .map(|_| aborted_error());
        if let Some(e) = self.chunks.skip(stop) {
            return Err(Err(e));
        }
        self.next_action(i)
    }

    /// After an attempt of unit `i`: settled, or its next action (a backoff, or the next attempt).
    fn answered(&mut self, i: usize, outcome: JsValue) -> Next {
        let core = &*self.core;
        let Some(u) = self.units.get_mut(i) else {
            return Err(Err(not_run()));
        };
        let reply = reply_of(&outcome);
        core.landed(
            &mut u.attempt,
            reply.as_ref().ok().and_then(|r| r.answered_ms),
        );
        if i == 0 {
            self.cause = get(&outcome, "cause");
        }
        match u.answered(core, reply.and_then(Reply::into_result)) {
            Step::Done(r) => Err(r),
            Step::Sleep(ms) => Ok(sleep_action(ms)),
            Step::Send => self.next_action(i),
        }
    }

    /// Unit `i`'s next action: wait for its pacing slot, or send.
    fn next_action(&mut self, i: usize) -> Next {
        let core = &*self.core;
        let Some(u) = self.units.get_mut(i) else {
            return Err(Err(not_run()));
        };
        if let Some(wait) = core.pace(&mut u.attempt).map_err(Err)? {
            return Ok(sleep_action(wait));
        }
        Ok(core.transport.send_action(&u.req, core.timeout_ms()))
    }
}

/// A unit's next action, or its result once it is settled.
type Next = Result<JsValue, Result<JsValue, Error>>;

fn aborted_error() -> Error {
    Error::new(ErrorCode::Aborted, "the request was aborted by the caller")
}

/// The result of a unit the loop asked about that the call does not have.
fn not_run() -> Error {
    Error::new(ErrorCode::Network, "chunk not run")
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
