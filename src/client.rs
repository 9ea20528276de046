//! The typed Rust API ([`Client`]): the same calls as the JS `TrackingMore` class, over any
//! [`Transport`] (the crate's [`FetchTransport`](crate::FetchTransport) in wasm).

use crate::attempts::meta_code;
pub use crate::attempts::{
    item_error_from_chunk, item_error_from_meta, run_chunks, stops_batch, Attempt, Chunks, Core,
    Progress, Reply, Settings, Transport, Wait,
};
use crate::batch;
use crate::encode::{self, HttpRequest};
use crate::endpoints::{Endpoint, Method};
use crate::error::{Error, ErrorCode};
use crate::model::*;
use crate::validate::{self, Fields};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

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
