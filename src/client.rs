//! The typed Rust API ([`Client`]): the operations of [`crate::ops`] (the very ones the JS class
//! runs) driven by an async loop over any [`Transport`] (the crate's
//! [`FetchTransport`](crate::FetchTransport) in wasm), their results decoded into the
//! [`crate::model`] types.

pub use crate::attempts::{Attempt, Core, Reply, Settings, Transport, Wait};
pub use crate::batch::{run_chunks, stops_batch, Chunks, Progress};
use crate::encode::HttpRequest;
use crate::endpoints::Endpoint;
use crate::error::{Error, ErrorCode};
use crate::plan::{Finish, Plan, Step, Unit};
use core::cell::Cell;

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

impl<T: Transport> Client<T> {
    /// A client over `transport`.
    pub fn new(transport: T, settings: Settings) -> Self {
        Client {
            core: Core::new(transport, settings),
        }
    }

    /// The core: pacing, retries and error mapping over the transport.
    pub fn core(&self) -> &Core<T> {
        &self.core
    }

    /// Calls `f` before every wait a call makes (`onWait` in JavaScript; see
    /// [`Core::set_on_wait`]).
    pub fn on_wait(mut self, f: impl Fn(&Wait) + 'static) -> Self {
        self.core.set_on_wait(f);
        self
    }

    /// Runs a plan's units (at most its concurrency at once) and makes its result.
    pub(crate) async fn execute(
        &self,
        plan: Plan,
        on_progress: &mut dyn FnMut(Progress),
    ) -> Result<T::Data, Error> {
        let Plan {
            units,
            mut finish,
            concurrency,
        } = plan;
        let units: Vec<Cell<Option<Unit>>> =
            units.into_iter().map(|u| Cell::new(Some(u))).collect();
        let send = |i: usize| {
            let unit = units.get(i).and_then(Cell::take);
            async move {
                match unit {
                    Some(mut u) => self.core.run(&mut u, None).await,
                    None => Err(Error::new(ErrorCode::Network, "chunk not run")),
                }
            }
        };
        let results = run_chunks(
            units.len(),
            concurrency,
            || None,
            send,
            |i, r| {
                if let Finish::Create(b) = &mut finish {
                    on_progress(b.chunk_done(i, r));
                }
            },
        )
        .await;
        finish.result(results, self.core.transport.secret())
    }
}

/// The Rust driver: an async loop that performs what a [`Unit`] asks for (the JS driver is the
/// `run` loop of `src/io.js`).
impl<T: Transport> Core<T> {
    /// Makes one API call: waits its turn, sends, retries what is retryable, and returns `data`
    /// or the typed error.
    pub async fn call(
        &self,
        ep: Endpoint,
        req: &HttpRequest,
        signal: Option<&T::Signal>,
    ) -> Result<T::Data, Error> {
        self.run(&mut Unit::new(ep, req.clone()), signal).await
    }

    /// Runs one unit of a call to the end: sleeps and sends as [`Unit::answered`] decides.
    pub async fn run(&self, unit: &mut Unit, signal: Option<&T::Signal>) -> Result<T::Data, Error> {
        loop {
            while let Some(wait) = self.pace(&mut unit.attempt)? {
                self.transport.sleep(wait, signal).await?;
            }
            let sent = self
                .transport
                .send(&unit.req, self.timeout_ms(), signal)
                .await;
            let answered = sent.as_ref().ok().and_then(|r| r.answered_ms);
            self.landed(&mut unit.attempt, answered);
            match unit.answered(self, sent.and_then(Reply::into_result)) {
                Step::Done(r) => return r,
                Step::Sleep(ms) => self.transport.sleep(ms, signal).await?,
                Step::Send => {}
            }
        }
    }
}
