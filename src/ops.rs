//! Every operation of the API, defined once: its arguments and their checks, its request(s),
//! and how the answer becomes the result. Both APIs run these: the JS class's methods and the
//! Rust [`Client`]'s typed methods (at the end of this file) both come here with the operation's
//! [`Endpoint`] and its arguments, and get a [`Plan`] for their driver to run.
//!
//! Adding an endpoint: see CONTRIBUTING.md ("Adding an endpoint").

use crate::attempts::Transport;
use crate::batch::{self, Progress};
use crate::client::Client;
use crate::doc::Doc;
use crate::encode::{self, HttpRequest};
use crate::endpoints::{Api, Endpoint, Method};
use crate::error::Error;
use crate::model::*;
use crate::plan::{Batch, Finish, Plan, Unit};
use crate::shape::{Shape, V2_BATCH, V4_BATCH};
use crate::text::cat;
use crate::validate;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

/// The arguments of an operation, as the JS method receives them (unused ones
/// [`Doc::nothing`]).
pub type Args<D> = [D; 4];

/// A checked call: its plan, and the options argument it was given (drivers read their own
/// options from it: `signal`, `onProgress`).
pub struct Planned<D> {
    /// What to send and how the answers become the result.
    pub plan: Plan,
    /// The call's options argument (`undefined` / `null` when not given).
    pub opts: D,
}

/// Checks the arguments of operation `ep` and plans its requests.
pub fn plan<D: Doc>(ep: Endpoint, args: &Args<D>) -> Result<Planned<D>, Error> {
    use Endpoint::*;
    let [a, b, c, d] = args;
    let (plan, opts) = match ep {
        Carriers => {
            let mut r = get(ep);
            r.lang_header = lang_of(a)?;
            (one(ep, r, Shape::Data), a)
        }
        DetectCarrier => (detect_carrier(ep, a)?, b),
        CreateTracking => (create_tracking(a)?, b),
        GetTracking => {
            let (cc, n) = tracking_args(a, b)?;
            let path = encode::tracking_path(&cc, &n, lang_of(c)?.as_deref());
            (
                one(ep, HttpRequest::new(Method::Get, path), Shape::Tracking),
                c,
            )
        }
        UpdateTracking => (update_tracking(a, b, c)?, d),
        DeleteTracking => (delete_tracking(a, b)?, c),
        RealtimeTracking => {
            object_item(a)?;
            (one(ep, post(ep, a)?, Shape::FirstItem), b)
        }
        ChangeCarrier => (change_carrier(a, b, c)?, d),
        CreateTrackings => (create_trackings(ep, a, b)?, b),
        ListTrackings => (one(ep, list_request(a)?, Shape::Page), b),
        UpdateTrackings => (many(ep, a, true)?, b),
        DeleteTrackings | StopUpdating => (many(ep, a, false)?, b),
        UserInfo => {
            let r = HttpRequest::new(Method::Get, ep.route().1.into());
            (one(ep, r, Shape::UserInfo), a)
        }
        StatusCounts => {
            optional_object(a, "query")?;
            let path = encode::with_query(ep.route().1, &query_pairs(a));
            (
                one(ep, HttpRequest::new(Method::Get, path), Shape::Counts),
                b,
            )
        }
        CheckRemote => (check_remote(a)?, b),
        TransitTimes => {
            for q in array_arg(a, "queries")? {
                validate::carrier_code(&q.text("carrier_code").unwrap_or_default())?;
            }
            (one(ep, post(ep, a)?, Shape::Data), b)
        }
        AirCargo => (air_cargo(a, b)?, b),
        V4Couriers => (one(ep, get(ep), Shape::Data), a),
        V4DetectCourier => (detect_carrier(ep, a)?, b),
        V4CreateTracking => (create_tracking_v4(a)?, b),
        V4GetTracking => {
            let (courier, number) = tracking_args(a, b)?;
            let req = get_request_v4(&courier, &number, lang_of(c)?);
            (one(ep, req, Shape::TrackingV4(number, courier)), c)
        }
        V4ListTrackings => (one(ep, list_request_v4(a)?, Shape::List), b),
        V4CreateTrackings => (create_trackings(ep, a, b)?, b),
        V4UpdateTracking => {
            let path = id_path(ep, a)?;
            object_arg(b, "fields")?;
            let r = HttpRequest::new(Method::Put, path).with_body(b.to_json()?);
            (one(ep, r, Shape::Data), c)
        }
        V4DeleteTracking => {
            let path = id_path(ep, a)?;
            let mut unit = Unit::new(ep, HttpRequest::new(Method::Delete, path));
            unit.gone_is_done = true;
            let id = a.as_string().unwrap_or_default();
            (Plan::one(unit, Shape::Deleted(id)), b)
        }
        V4Retrack => {
            let r = HttpRequest::new(Method::Post, id_path(ep, a)?);
            (one(ep, r, Shape::Data), b)
        }
        V4AirWaybill => {
            let awb = string_arg(a, "awbNumber")?;
            validate::awb_number(&awb)?;
            let mut body = D::object();
            body.set("awb_number", D::string(&awb));
            (one(ep, post(ep, &body)?, Shape::Data), b)
        }
    };
    Ok(Planned {
        plan,
        opts: opts.clone(),
    })
}

/// `detectCarrier` (v2) / `detectCourier` (v4): `{ tracking_number }`.
fn detect_carrier<D: Doc>(ep: Endpoint, number: &D) -> Result<Plan, Error> {
    let n = string_arg(number, "trackingNumber")?;
    validate::tracking_number(&n)?;
    let mut body = D::object();
    body.set("tracking_number", D::string(&n));
    Ok(one(ep, post(ep, &body)?, Shape::Data))
}

fn update_tracking<D: Doc>(carrier: &D, number: &D, fields: &D) -> Result<Plan, Error> {
    let (cc, n) = tracking_args(carrier, number)?;
    object_arg(fields, "fields")?;
    validate::update_fields(fields, "fields")?;
    let r = HttpRequest::new(Method::Put, encode::tracking_path(&cc, &n, None))
        .with_body(fields.to_json()?);
    Ok(one(Endpoint::UpdateTracking, r, Shape::Tracking))
}

/// `DELETE`. Safe to retry: a retry answering 4017/4031 after an attempt that may have deleted
/// the tracking means it is gone, as asked.
fn delete_tracking<D: Doc>(carrier: &D, number: &D) -> Result<Plan, Error> {
    let (cc, n) = tracking_args(carrier, number)?;
    let r = HttpRequest::new(Method::Delete, encode::tracking_path(&cc, &n, None));
    let mut unit = Unit::new(Endpoint::DeleteTracking, r);
    unit.gone_is_done = true;
    Ok(Plan::one(unit, Shape::Nothing))
}

fn change_carrier<D: Doc>(carrier: &D, number: &D, new_carrier: &D) -> Result<Plan, Error> {
    let (cc, n) = tracking_args(carrier, number)?;
    let nc = string_arg(new_carrier, "newCarrierCode")?;
    validate::carrier_code(&nc)?;
    let mut body = D::object();
    body.set("tracking_number", D::string(&n));
    body.set("carrier_code", D::string(&cc));
    body.set("update_carrier_code", D::string(&nc));
    let ep = Endpoint::ChangeCarrier;
    Ok(one(ep, post(ep, &body)?, Shape::Nothing))
}

/// `POST /trackings/batch` (v2 or v4) in chunks, `concurrency` (default 2) of them in flight at
/// once.
fn create_trackings<D: Doc>(ep: Endpoint, inputs: &D, opts: &D) -> Result<Plan, Error> {
    let (batch, units) = chunked(ep, inputs, "inputs", false)?;
    let concurrency = match opts.field("concurrency") {
        v if v.is_nothing() => 2.0,
        v => v
            .as_f64()
            .filter(|n| n.is_finite() && *n >= 0.0)
            .ok_or_else(|| Error::invalid("concurrency must be a number >= 1"))?
            .max(1.0),
    };
    Ok(Plan {
        units,
        finish: Finish::Create(batch),
        concurrency: concurrency as usize,
    })
}

fn check_remote<D: Doc>(queries: &D) -> Result<Plan, Error> {
    let list = array_arg(queries, "queries")?;
    if list
        .iter()
        .any(|q| q.text("country").is_none() || q.text("postcode").is_none())
    {
        return Err(Error::invalid("every query needs country and postcode"));
    }
    let ep = Endpoint::CheckRemote;
    Ok(one(ep, post(ep, queries)?, Shape::Remote))
}

fn air_cargo<D: Doc>(numbers: &D, opts: &D) -> Result<Plan, Error> {
    for n in array_arg(numbers, "awbNumbers")? {
        validate::tracking_number(&string_arg(&n, "each air waybill number")?)?;
    }
    let mut body = D::object();
    body.set("track_number", numbers.clone());
    body.set("lang", D::string(lang_of(opts)?.as_deref().unwrap_or("en")));
    let ep = Endpoint::AirCargo;
    Ok(one(ep, post(ep, &body)?, Shape::Data))
}

/// `POST /trackings/post`. Safe to retry: a retry answering 4016 after an attempt that may have
/// created the tracking resolves with it (one GET) instead of failing.
fn create_tracking<D: Doc>(input: &D) -> Result<Plan, Error> {
    let (n, c) = object_item(input)?;
    let mut unit = Unit::new(
        Endpoint::CreateTracking,
        post(Endpoint::CreateTracking, input)?,
    );
    unit.then_get = Some((
        Endpoint::GetTracking,
        HttpRequest::new(Method::Get, encode::tracking_path(&c, &n, None)),
    ));
    Ok(Plan::one(unit, Shape::Tracking))
}

/// v4 `POST /trackings/create`. Safe to retry as v2's: a retry answering 4101 after an attempt
/// that may have created the tracking reads it back (`GET /trackings/get`) instead of failing.
fn create_tracking_v4<D: Doc>(input: &D) -> Result<Plan, Error> {
    object_arg(input, "input")?;
    let (number, courier) = validate::item(input, "input", COURIER)?;
    let ep = Endpoint::V4CreateTracking;
    let mut unit = Unit::new(ep, post(ep, input)?);
    let get = get_request_v4(&courier, &number, None);
    unit.then_get = Some((Endpoint::V4GetTracking, get));
    Ok(Plan::one(unit, Shape::TrackingV4(number, courier)))
}

/// v4's field for the courier code (v2's is `carrier_code`).
const COURIER: &str = "courier_code";

/// `GET /trackings/get` of one number and courier (v4 has no by-number path).
fn get_request_v4(courier: &str, number: &str, lang: Option<String>) -> HttpRequest {
    let mut pairs = vec![
        ("tracking_numbers".to_string(), number.to_string()),
        ("courier_code".to_string(), courier.to_string()),
    ];
    pairs.extend(lang.map(|l| ("lang".to_string(), l)));
    let path = encode::with_query(Endpoint::V4GetTracking.route().1, &pairs);
    HttpRequest::new(Method::Get, path)
}

/// The request of v4 `listTrackings` after checking the query.
pub fn list_request_v4<D: Doc>(query: &D) -> Result<HttpRequest, Error> {
    optional_object(query, "query")?;
    validate::list_query_v4(query)?;
    let path = encode::with_query(Endpoint::V4ListTrackings.route().1, &query_pairs(query));
    Ok(HttpRequest::new(Method::Get, path))
}

/// `{route}/{id}` for the v4 endpoints that take a tracking's id, the id checked.
fn id_path<D: Doc>(ep: Endpoint, id: &D) -> Result<String, Error> {
    let id = string_arg(id, "id")?;
    validate::tracking_id(&id)?;
    Ok(cat(&[ep.route().1, "/", &id]))
}

/// The request of `listTrackings` after checking the query.
pub fn list_request<D: Doc>(query: &D) -> Result<HttpRequest, Error> {
    optional_object(query, "query")?;
    validate::list_query(query)?;
    Ok(HttpRequest::new(
        Method::Get,
        encode::with_query("/trackings/get", &query_pairs(query)),
    ))
}

fn one(ep: Endpoint, req: HttpRequest, shape: Shape) -> Plan {
    Plan::one(Unit::new(ep, req), shape)
}

fn get(ep: Endpoint) -> HttpRequest {
    HttpRequest::new(Method::Get, ep.route().1.to_string())
}

fn post<D: Doc>(ep: Endpoint, body: &D) -> Result<HttpRequest, Error> {
    Ok(HttpRequest::new(Method::Post, ep.route().1.to_string()).with_body(body.to_json()?))
}

/// The checked inputs of a chunked call and one unit per chunk.
fn chunked<D: Doc>(
    ep: Endpoint,
    inputs: &D,
    what: &str,
    check_update: bool,
) -> Result<(Batch, Vec<Unit>), Error> {
    let items = array_arg(inputs, what)?;
    let fields = match ep.api() {
        Api::V2 => &V2_BATCH,
        Api::V4 => &V4_BATCH,
    };
    let keys = validate::items(&items, check_update, fields.courier)?;
    let ranges = batch::chunks(keys.len(), ep.chunk().unwrap_or(40));
    let mut units = Vec::with_capacity(ranges.len());
    for &(s, e) in &ranges {
        units.push(Unit::new(ep, post(ep, &inputs.slice(s, e))?));
    }
    Ok((Batch::new(keys, ranges, fields), units))
}

/// The three many-item calls: chunked, one chunk at a time.
fn many<D: Doc>(ep: Endpoint, items: &D, check_update: bool) -> Result<Plan, Error> {
    let (batch, units) = chunked(ep, items, "items", check_update)?;
    Ok(Plan {
        units,
        finish: Finish::Many(batch),
        concurrency: 1,
    })
}

fn string_arg<D: Doc>(v: &D, what: &str) -> Result<String, Error> {
    v.as_string()
        .ok_or_else(|| Error::invalid(cat(&[what, " must be a string"])))
}

/// `lang` of an options argument: 1-10 of `A-Z a-z 0-9 - _`.
fn lang_of<D: Doc>(opts: &D) -> Result<Option<String>, Error> {
    let l = opts.field("lang");
    if l.is_nothing() {
        return Ok(None);
    }
    let l = string_arg(&l, "lang")?;
    if l.is_empty()
        || l.len() > 10
        || !l
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(Error::invalid(cat(&[
            "lang \"",
            &l,
            "\" is not a language code",
        ])));
    }
    Ok(Some(l))
}

fn object_arg<D: Doc>(v: &D, what: &str) -> Result<(), Error> {
    if v.is_object() {
        Ok(())
    } else {
        Err(Error::invalid(cat(&[what, " must be an object"])))
    }
}

/// `undefined` / `null` or an object.
fn optional_object<D: Doc>(v: &D, what: &str) -> Result<(), Error> {
    if v.is_nothing() {
        Ok(())
    } else {
        object_arg(v, what)
    }
}

/// An input object with a valid `tracking_number` and `carrier_code`: `(number, carrier)`.
fn object_item<D: Doc>(input: &D) -> Result<(String, String), Error> {
    object_arg(input, "input")?;
    validate::item(input, "input", "carrier_code")
}

/// `(carrierCode, trackingNumber)` arguments, checked.
fn tracking_args<D: Doc>(carrier: &D, number: &D) -> Result<(String, String), Error> {
    let (c, n) = (
        string_arg(carrier, "carrierCode")?,
        string_arg(number, "trackingNumber")?,
    );
    validate::carrier_code(&c)?;
    validate::tracking_number(&n)?;
    Ok((c, n))
}

/// A non-empty array argument's elements.
fn array_arg<D: Doc>(v: &D, what: &str) -> Result<Vec<D>, Error> {
    if !v.is_array() {
        return Err(Error::invalid(cat(&[what, " must be an array"])));
    }
    let items = v.items();
    if items.is_empty() {
        return Err(Error::invalid(cat(&[what, " is empty"])));
    }
    Ok(items)
}

/// Query pairs from a plain object (strings, numbers and booleans; others skipped).
pub fn query_pairs<D: Doc>(q: &D) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    for key in &q.keys() {
        let text = match q.field(key).as_bool() {
            Some(b) => Some((if b { "true" } else { "false" }).to_string()),
            None => q.text(key),
        };
        if let Some(text) = text {
            pairs.push((key.clone(), text));
        }
    }
    pairs
}

/// The typed Rust methods, one per operation: each encodes its inputs, runs the operation with
/// [`Client::call`] and decodes its result into the [`crate::model`] types.
impl<T: Transport> Client<T> {
    /// Runs operation `ep` exactly as the JS class's method of that name, with its arguments as
    /// JSON documents (unused ones [`Doc::nothing`](crate::doc::Doc::nothing)), and returns its result as JS receives it
    /// (the typed methods decode this).
    pub async fn call(&self, ep: Endpoint, args: Args<T::Data>) -> Result<T::Data, Error> {
        self.call_with_progress(ep, args, &mut |_| {}).await
    }

    /// [`Client::call`], telling `on_progress` after each chunk of a chunked call.
    pub(crate) async fn call_with_progress(
        &self,
        ep: Endpoint,
        args: Args<T::Data>,
        on_progress: &mut dyn FnMut(Progress),
    ) -> Result<T::Data, Error> {
        let plan = crate::ops::plan(ep, &args)?.plan;
        self.execute(plan, on_progress).await
    }

    /// [`Client::call`] of an operation whose one argument is `input`, its result decoded.
    async fn typed_input<M: DeserializeOwned, S: Serialize + ?Sized>(
        &self,
        ep: Endpoint,
        input: &S,
    ) -> Result<M, Error> {
        self.typed(ep, [encode(input)?, no(), no(), no()]).await
    }

    /// [`Client::call`], its result decoded.
    pub(crate) async fn typed<M: DeserializeOwned>(
        &self,
        ep: Endpoint,
        args: Args<T::Data>,
    ) -> Result<M, Error> {
        let data = self.call(ep, args).await?;
        self.core().decode(data)
    }

    /// Every tracking matching `query`, page after page.
    pub fn all_trackings(&self, query: &ListQuery) -> AllTrackings<'_, T> {
        let (pages, failed) = match encode(query).and_then(|q| Pages::new(Api::V2, &q)) {
            Ok(p) => (Some(p), None),
            Err(e) => (None, Some(e)),
        };
        AllTrackings {
            client: self,
            pages,
            failed,
            buffer: Vec::new(),
        }
    }
    /// `GET /carriers`: every courier.
    pub async fn carriers(&self, lang: Option<&str>) -> Result<Vec<Carrier>, Error> {
        self.typed(Endpoint::Carriers, [lang_opts(lang), no(), no(), no()])
            .await
    }

    /// `POST /carriers/detect`: couriers whose numbers look like this one.
    pub async fn detect_carrier(&self, tracking_number: &str) -> Result<Vec<CarrierMatch>, Error> {
        self.typed(
            Endpoint::DetectCarrier,
            [text(tracking_number), no(), no(), no()],
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
        self.typed_input(Endpoint::CreateTracking, input).await
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
        self.typed(Endpoint::GetTracking, args).await
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
        self.typed(Endpoint::UpdateTracking, args).await
    }

    /// `DELETE /trackings/{carrier}/{number}`. Safe to retry: when an attempt timed out (or
    /// failed otherwise) after the server deleted the tracking, the retry's 4017 means done.
    pub async fn delete_tracking(
        &self,
        carrier_code: &str,
        tracking_number: &str,
    ) -> Result<(), Error> {
        let args = [text(carrier_code), text(tracking_number), no(), no()];
        self.call(Endpoint::DeleteTracking, args).await.map(drop)
    }

    /// `POST /trackings/realtime`: asks the carrier now (the first of `data.items`).
    pub async fn realtime_tracking(&self, input: &RealtimeQuery) -> Result<Tracking, Error> {
        self.typed_input(Endpoint::RealtimeTracking, input).await
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
        self.call(Endpoint::ChangeCarrier, args).await.map(drop)
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
            .call_with_progress(Endpoint::CreateTrackings, args, &mut on_progress)
            .await?;
        self.core().decode(data)
    }

    /// `POST /trackings/updatemore`, chunked.
    pub async fn update_trackings(
        &self,
        items: &[TrackingUpdateItem],
    ) -> Result<ManyResult, Error> {
        self.typed_input(Endpoint::UpdateTrackings, &items).await
    }

    /// `POST /trackings/delete`, chunked.
    pub async fn delete_trackings(&self, refs: &[TrackingRef]) -> Result<ManyResult, Error> {
        self.typed_input(Endpoint::DeleteTrackings, &refs).await
    }

    /// `POST /trackings/notupdate`, chunked: stops auto-refresh.
    pub async fn stop_updating(&self, refs: &[TrackingRef]) -> Result<ManyResult, Error> {
        self.typed_input(Endpoint::StopUpdating, &refs).await
    }

    /// `GET /trackings/get`: one page.
    pub async fn list_trackings(&self, query: &ListQuery) -> Result<TrackingPage, Error> {
        self.typed_input(Endpoint::ListTrackings, query).await
    }

    /// `GET /trackings/getuserinfo`.
    pub async fn user_info(&self) -> Result<UserInfo, Error> {
        self.typed(Endpoint::UserInfo, [no(), no(), no(), no()])
            .await
    }

    /// `GET /trackings/getstatusnumber`.
    pub async fn status_counts(&self, query: &StatusCountsQuery) -> Result<StatusCounts, Error> {
        self.typed_input(Endpoint::StatusCounts, query).await
    }

    /// `POST /trackings/remote`.
    pub async fn check_remote(&self, queries: &[RemoteQuery]) -> Result<RemoteResult, Error> {
        self.typed_input(Endpoint::CheckRemote, &queries).await
    }

    /// `POST /trackings/costtime`: transit-time statistics, as returned.
    pub async fn transit_times(&self, queries: &[TransitQuery]) -> Result<Value, Error> {
        self.typed_input(Endpoint::TransitTimes, &queries).await
    }

    /// `POST /trackings/aircargo`: air waybills, as returned.
    pub async fn air_cargo(
        &self,
        awb_numbers: &[String],
        lang: Option<&str>,
    ) -> Result<Value, Error> {
        let args = [encode(&awb_numbers)?, lang_opts(lang), no(), no()];
        self.typed(Endpoint::AirCargo, args).await
    }
}

fn no<D: Doc>() -> D {
    D::nothing()
}

fn text<D: Doc>(s: &str) -> D {
    D::string(s)
}

pub(crate) fn encode<D: Doc, S: Serialize + ?Sized>(v: &S) -> Result<D, Error> {
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

/// The pages behind `allTrackings` / [`crate::Client::all_trackings`]: the next page's plan, and
/// when to stop. v2 pages are `{ page, limit, total, items }` (`page`/`limit` in the query); v4
/// pages are bare arrays (`pages_amount`/`items_amount`), and a short page is the last.
pub struct Pages<D> {
    api: Api,
    query: D,
    page: u32,
    limit: u32,
    done: bool,
}

impl<D: Doc> Pages<D> {
    /// Pages of `query` (checked now) of `api`'s `GET /trackings/get`, from its page (default 1).
    pub fn new(api: Api, query: &D) -> Result<Pages<D>, Error> {
        let query = if query.is_nothing() {
            D::object()
        } else {
            query.copy()
        };
        let mut pages = Pages {
            api,
            query,
            page: 1,
            limit: 100,
            done: false,
        };
        pages.request(&pages.query)?;
        let (page_key, limit_key) = pages.keys();
        let number = |k: &str, default: u32| {
            pages
                .query
                .text(k)
                .and_then(|p| u32::try_from(crate::text::parse_int(&p)?).ok())
                .unwrap_or(default)
        };
        (pages.page, pages.limit) = (number(page_key, 1), number(limit_key, 100));
        Ok(pages)
    }

    /// The query's page and page-size keys.
    fn keys(&self) -> (&'static str, &'static str) {
        match self.api {
            Api::V2 => ("page", "limit"),
            Api::V4 => ("pages_amount", "items_amount"),
        }
    }

    fn request(&self, query: &D) -> Result<Plan, Error> {
        Ok(match self.api {
            Api::V2 => Plan::one(
                Unit::new(Endpoint::ListTrackings, list_request(query)?),
                Shape::Page,
            ),
            Api::V4 => Plan::one(
                Unit::new(Endpoint::V4ListTrackings, list_request_v4(query)?),
                Shape::List,
            ),
        })
    }

    /// The plan of the next page, `None` after the last one. Until that page is accepted, a
    /// failure ends the iteration.
    pub fn next_page(&mut self) -> Option<Result<Plan, Error>> {
        if self.done {
            return None;
        }
        self.done = true;
        let mut q = self.query.copy();
        let (page_key, limit_key) = self.keys();
        q.set(page_key, D::number(f64::from(self.page)));
        // v4 has no documented default page size: say it, so that a short page means the end.
        if self.api == Api::V4 {
            q.set(limit_key, D::number(f64::from(self.limit)));
        }
        Some(self.request(&q))
    }

    /// A fetched (shaped) page's trackings.
    pub fn items(&self, page: &D) -> D {
        match self.api {
            Api::V2 => page.field("items"),
            Api::V4 => page.clone(),
        }
    }

    /// Takes a fetched (shaped) page: its items; whether another page follows.
    pub fn accept(&mut self, page: &D) -> D {
        let items = self.items(page);
        let n = items.array_len() as u32;
        let total = match self.api {
            Api::V2 => page.field("total").as_f64().unwrap_or(0.0),
            Api::V4 => f64::INFINITY,
        };
        self.done =
            n == 0 || n < self.limit || f64::from(self.page) * f64::from(self.limit) >= total;
        self.page += 1;
        items
    }
}

/// Every tracking of a query, page after page (see [`Client::all_trackings`]).
pub struct AllTrackings<'a, T: Transport> {
    client: &'a Client<T>,
    pages: Option<Pages<T::Data>>,
    failed: Option<Error>,
    buffer: Vec<Tracking>,
}

impl<T: Transport> AllTrackings<'_, T> {
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
                page.and_then(|p| self.client.core().decode::<Vec<Tracking>>(pages.accept(&p)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn prep(name: &str, args: [Value; 4]) -> Result<Planned<Value>, Error> {
        let ep =
            Endpoint::from_js_name(Api::V2, name).unwrap_or_else(|| panic!("no operation {name}"));
        plan(ep, &args)
    }

    /// Each operation sends its endpoint's request.
    #[test]
    fn every_operation_sends_its_request() {
        let item = json!({"tracking_number": "RN1", "carrier_code": "dhl"});
        let v4 = json!({"tracking_number": "RN1", "courier_code": "dhl"});
        const ID: &str = "9a1d3844a50f3851e76e3ee347881588";
        let cases: Vec<(&str, Vec<Value>, &str, &str)> = vec![
            ("carriers", vec![], "GET", "/carriers"),
            (
                "detectCarrier",
                vec![json!("RN1")],
                "POST",
                "/carriers/detect",
            ),
            (
                "createTracking",
                vec![item.clone()],
                "POST",
                "/trackings/post",
            ),
            (
                "getTracking",
                vec![json!("dhl"), json!("RN1")],
                "GET",
                "/trackings/dhl/RN1",
            ),
            (
                "updateTracking",
                vec![json!("dhl"), json!("RN1"), json!({"title": "t"})],
                "PUT",
                "/trackings/dhl/RN1",
            ),
            (
                "deleteTracking",
                vec![json!("dhl"), json!("RN1")],
                "DELETE",
                "/trackings/dhl/RN1",
            ),
            (
                "realtimeTracking",
                vec![item.clone()],
                "POST",
                "/trackings/realtime",
            ),
            (
                "changeCarrier",
                vec![json!("dhl"), json!("RN1"), json!("ups")],
                "POST",
                "/trackings/update",
            ),
            (
                "createTrackings",
                vec![json!([item])],
                "POST",
                "/trackings/batch",
            ),
            ("listTrackings", vec![], "GET", "/trackings/get"),
            (
                "updateTrackings",
                vec![json!([item])],
                "POST",
                "/trackings/updatemore",
            ),
            (
                "deleteTrackings",
                vec![json!([item])],
                "POST",
                "/trackings/delete",
            ),
            (
                "stopUpdating",
                vec![json!([item])],
                "POST",
                "/trackings/notupdate",
            ),
            ("userInfo", vec![], "GET", "/trackings/getuserinfo"),
            ("statusCounts", vec![], "GET", "/trackings/getstatusnumber"),
            (
                "checkRemote",
                vec![json!([{"country": "US", "postcode": "1"}])],
                "POST",
                "/trackings/remote",
            ),
            (
                "transitTimes",
                vec![json!([{"carrier_code": "dhl"}])],
                "POST",
                "/trackings/costtime",
            ),
            (
                "airCargo",
                vec![json!(["123-12345675"])],
                "POST",
                "/trackings/aircargo",
            ),
            ("couriers", vec![], "GET", "/couriers/all"),
            (
                "detectCourier",
                vec![json!("RN1")],
                "POST",
                "/couriers/detect",
            ),
            (
                "createTracking",
                vec![v4.clone()],
                "POST",
                "/trackings/create",
            ),
            (
                "getTracking",
                vec![json!("dhl"), json!("RN 1+")],
                "GET",
                "/trackings/get?tracking_numbers=RN%201%2B&courier_code=dhl",
            ),
            (
                "listTrackings",
                vec![json!({"created_date_min": "2024-01-01T00:00:00+00:00"})],
                "GET",
                "/trackings/get?created_date_min=2024-01-01T00%3A00%3A00%2B00%3A00",
            ),
            (
                "createTrackings",
                vec![json!([v4])],
                "POST",
                "/trackings/batch",
            ),
            (
                "updateTracking",
                vec![json!(ID), json!({"note": "n"})],
                "PUT",
                "/trackings/update/9a1d3844a50f3851e76e3ee347881588",
            ),
            (
                "deleteTracking",
                vec![json!(ID)],
                "DELETE",
                "/trackings/delete/9a1d3844a50f3851e76e3ee347881588",
            ),
            (
                "retrack",
                vec![json!(ID)],
                "POST",
                "/trackings/retrack/9a1d3844a50f3851e76e3ee347881588",
            ),
            ("airWaybill", vec![json!("235-69030430")], "POST", "/awb"),
        ];
        let all = Endpoint::V2.into_iter().chain(Endpoint::V4);
        assert_eq!(cases.len(), all.clone().count(), "one case per endpoint");
        for (ep, (name, given, method, path)) in all.zip(cases) {
            assert_eq!(ep.js_name(), name);
            let mut args: [Value; 4] = Default::default();
            for (slot, v) in args.iter_mut().zip(given) {
                *slot = v;
            }
            let p = plan(ep, &args).unwrap_or_else(|e| panic!("{name}: {}", e.message()));
            let req = &p.plan.units[0].req;
            assert_eq!(
                (req.method.as_str(), req.path.as_str()),
                (method, path),
                "{name}"
            );
        }
    }

    #[test]
    fn requests_are_built_once_for_both_apis() {
        let p = prep(
            "getTracking",
            [
                json!("dhl"),
                json!("A B/1"),
                json!({"lang": "de"}),
                Value::Null,
            ],
        )
        .unwrap();
        assert_eq!(p.plan.units[0].req.path, "/trackings/dhl/A%20B%2F1/de");
        let items: Vec<Value> = (0..81)
            .map(|i| json!({"tracking_number": format!("N{i}"), "carrier_code": "dhl"}))
            .collect();
        let p = prep(
            "createTrackings",
            [
                Value::Array(items),
                json!({"concurrency": 3}),
                Value::Null,
                Value::Null,
            ],
        )
        .unwrap();
        assert_eq!((p.plan.units.len(), p.plan.concurrency), (3, 3));
        let e = prep(
            "checkRemote",
            [
                json!([{"country": "US"}]),
                Value::Null,
                Value::Null,
                Value::Null,
            ],
        )
        .err()
        .unwrap();
        assert_eq!(e.message(), "every query needs country and postcode");
    }
}
