//! The typed Rust API ([`Client`]): the operations of [`crate::ops`] (the very ones the JS class
//! runs) driven by an async loop over any [`Transport`] (the crate's
//! [`FetchTransport`](crate::FetchTransport) in wasm), their results decoded into the
//! [`crate::model`] types.

pub use crate::attempts::{Attempt, Core, Reply, Settings, Transport, Wait};
pub use crate::batch::{run_chunks, stops_batch, Chunks, Progress};
use crate::doc::Doc;
use crate::error::{Error, ErrorCode};
use crate::model::*;
use crate::plan::{Finish, Pages, Plan, Unit};
use core::cell::Cell;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

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

    /// Runs the operation `name` exactly as the JS class's method of that name, with its
    /// arguments as JSON documents (unused ones [`Doc::nothing`]), and returns its result as JS
    /// receives it (the typed methods decode this). See [`crate::ops::OPERATIONS`].
    pub async fn call(&self, name: &str, args: [T::Data; 4]) -> Result<T::Data, Error> {
        self.call_with_progress(name, args, &mut |_| {}).await
    }

    async fn call_with_progress(
        &self,
        name: &str,
        args: [T::Data; 4],
        on_progress: &mut dyn FnMut(Progress),
    ) -> Result<T::Data, Error> {
        let plan = crate::ops::prepare(name, &args)?.plan;
        self.execute(plan, on_progress).await
    }

    /// Runs a plan's units (at most its concurrency at once) and makes its result.
    async fn execute(
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

    async fn typed<M: DeserializeOwned>(&self, name: &str, args: [T::Data; 4]) -> Result<M, Error> {
        let data = self.call(name, args).await?;
        self.core.decode(data)
    }

    /// `GET /carriers`: every courier.
    pub async fn carriers(&self, lang: Option<&str>) -> Result<Vec<Carrier>, Error> {
        self.typed("carriers", [lang_opts(lang), no(), no(), no()])
            .await
    }

    /// `POST /carriers/detect`: couriers whose numbers look like this one.
    pub async fn detect_carrier(&self, tracking_number: &str) -> Result<Vec<CarrierMatch>, Error> {
        self.typed("detectCarrier", [text(tracking_number), no(), no(), no()])
            .await
    }

    /// `POST /trackings/post`: creates one tracking.
    ///
    /// Safe to retry: when an attempt timed out (or failed otherwise) after the server had
    /// created the tracking, the retry answers 4016; the call then resolves with the tracking it
    /// created (one GET) instead of failing with `TrackingExists`. A 4016 on the first attempt
    /// (the tracking existed before) is still an error.
    pub async fn create_tracking(&self, input: &NewTracking) -> Result<Tracking, Error> {
        self.typed("createTracking", [encode(input)?, no(), no(), no()])
            .await
    }

    /// `GET /trackings/{carrier}/{number}[/{lang}]`.
    pub async fn get_tracking(
        &self,
        carrier_code: &str,
        tracking_number: &str,
        lang: Option<&str>,
    ) -> Result<Tracking, Error> {
        let args = [
            text(carrier_code),
            text(tracking_number),
            lang_opts(lang),
            no(),
        ];
        self.typed("getTracking", args).await
    }

    /// `PUT /trackings/{carrier}/{number}`.
    pub async fn update_tracking(
        &self,
        carrier_code: &str,
        tracking_number: &str,
        fields: &TrackingUpdate,
    ) -> Result<Tracking, Error> {
        let args = [
            text(carrier_code),
            text(tracking_number),
            encode(fields)?,
            no(),
        ];
        self.typed("updateTracking", args).await
    }

    /// `DELETE /trackings/{carrier}/{number}`. Safe to retry: when an attempt timed out (or
    /// failed otherwise) after the server deleted the tracking, the retry's 4017 means done.
    pub async fn delete_tracking(
        &self,
        carrier_code: &str,
        tracking_number: &str,
    ) -> Result<(), Error> {
        let args = [text(carrier_code), text(tracking_number), no(), no()];
        self.call("deleteTracking", args).await.map(drop)
    }

    /// `POST /trackings/realtime`: asks the carrier now (the first of `data.items`).
    pub async fn realtime_tracking(&self, input: &RealtimeQuery) -> Result<Tracking, Error> {
        self.typed("realtimeTracking", [encode(input)?, no(), no(), no()])
            .await
    }

    /// `POST /trackings/update`: moves a tracking to another carrier code.
    pub async fn change_carrier(
        &self,
        carrier_code: &str,
        tracking_number: &str,
        new_carrier_code: &str,
    ) -> Result<(), Error> {
        let args = [
            text(carrier_code),
            text(tracking_number),
            text(new_carrier_code),
            no(),
        ];
        self.call("changeCarrier", args).await.map(drop)
    }

    /// `POST /trackings/batch` in chunks of 40 (at most `concurrency` in flight): every input
    /// ends up in `trackings` or `errors`. `on_progress` sees the progress after each chunk.
    pub async fn create_trackings(
        &self,
        inputs: &[NewTracking],
        concurrency: usize,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<BatchResult, Error> {
        let mut opts = T::Data::object();
        opts.set("concurrency", T::Data::number(concurrency as f64));
        let args = [encode(&inputs)?, opts, no(), no()];
        let data = self
            .call_with_progress("createTrackings", args, &mut on_progress)
            .await?;
        self.core.decode(data)
    }

    /// `POST /trackings/updatemore`, chunked.
    pub async fn update_trackings(
        &self,
        items: &[TrackingUpdateItem],
    ) -> Result<ManyResult, Error> {
        self.typed("updateTrackings", [encode(&items)?, no(), no(), no()])
            .await
    }

    /// `POST /trackings/delete`, chunked.
    pub async fn delete_trackings(&self, refs: &[TrackingRef]) -> Result<ManyResult, Error> {
        self.typed("deleteTrackings", [encode(&refs)?, no(), no(), no()])
            .await
    }

    /// `POST /trackings/notupdate`, chunked: stops auto-refresh.
    pub async fn stop_updating(&self, refs: &[TrackingRef]) -> Result<ManyResult, Error> {
        self.typed("stopUpdating", [encode(&refs)?, no(), no(), no()])
            .await
    }

    /// `GET /trackings/get`: one page.
    pub async fn list_trackings(&self, query: &ListQuery) -> Result<TrackingPage, Error> {
        self.typed("listTrackings", [encode(query)?, no(), no(), no()])
            .await
    }

    /// Every tracking matching `query`, page after page.
    pub fn all_trackings(&self, query: &ListQuery) -> Pager<'_, T> {
        let (pages, failed) = match encode(query).and_then(|q| Pages::new(&q)) {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(e)),
        };
        Pager {
            client: self,
            pages,
            failed,
            buffer: Vec::new(),
        }
    }

    /// `GET /trackings/getuserinfo`.
    pub async fn user_info(&self) -> Result<UserInfo, Error> {
        self.typed("userInfo", [no(), no(), no(), no()]).await
    }

    /// `GET /trackings/getstatusnumber`.
    pub async fn status_counts(&self, query: &StatusCountsQuery) -> Result<StatusCounts, Error> {
        self.typed("statusCounts", [encode(query)?, no(), no(), no()])
            .await
    }

    /// `POST /trackings/remote`.
    pub async fn check_remote(&self, queries: &[RemoteQuery]) -> Result<RemoteResult, Error> {
        self.typed("checkRemote", [encode(&queries)?, no(), no(), no()])
            .await
    }

    /// `POST /trackings/costtime`: transit-time statistics, as returned.
    pub async fn transit_times(&self, queries: &[TransitQuery]) -> Result<Value, Error> {
        self.typed("transitTimes", [encode(&queries)?, no(), no(), no()])
            .await
    }

    /// `POST /trackings/aircargo`: air waybills, as returned.
    pub async fn air_cargo(
        &self,
        awb_numbers: &[String],
        lang: Option<&str>,
    ) -> Result<Value, Error> {
        let args = [encode(&awb_numbers)?, lang_opts(lang), no(), no()];
        self.typed("airCargo", args).await
    }
}

fn no<D: Doc>() -> D {
    D::nothing()
}

fn text<D: Doc>(s: &str) -> D {
    D::string(s)
}

fn encode<D: Doc, S: Serialize + ?Sized>(v: &S) -> Result<D, Error> {
    D::encode(&v)
}

/// `{ lang }` options (empty without a language).
fn lang_opts<D: Doc>(lang: Option<&str>) -> D {
    let mut o = D::object();
    if let Some(l) = lang {
        o.set("lang", D::string(l));
    }
    o
}

/// Pages through `listTrackings` (see [`Client::all_trackings`]).
pub struct Pager<'a, T: Transport> {
    client: &'a Client<T>,
    pages: Option<Pages<T::Data>>,
    failed: Option<Error>,
    buffer: Vec<Tracking>,
}

impl<T: Transport> Pager<'_, T> {
    /// The next tracking, `None` after the last. An error ends the iteration.
    pub async fn next(&mut self) -> Option<Result<Tracking, Error>> {
        loop {
            if let Some(t) = self.buffer.pop() {
                return Some(Ok(t));
            }
            if let Some(e) = self.failed.take() {
                return Some(Err(e));
            }
            let pages = self.pages.as_mut()?;
            let page = match pages.next_page()? {
                Ok(plan) => self.client.execute(plan, &mut |_| {}).await,
                Err(e) => Err(e),
            };
            let items =
                page.and_then(|p| self.client.core.decode::<Vec<Tracking>>(pages.accept(&p)));
            match items {
                Ok(items) => {
                    self.buffer = items;
                    self.buffer.reverse();
                }
                Err(e) => {
                    self.pages = None;
                    return Some(Err(e));
                }
            }
        }
    }
}
