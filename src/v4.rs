//! The v4 API for Rust: [`Client`], the typed methods of the v4 operations (the very ones the JS
//! class `TrackingMoreV4` runs, planned in [`crate::ops`] from the endpoint table), and the v4
//! models. The JS classes' TypeScript for the inputs comes from these models (tsify); the outputs
//! are declared in `outputs.d.ts`.
//!
//! ```no_run
//! # async fn demo() -> Result<(), trackingmore_wasm::Error> {
//! use trackingmore_wasm::{v4, FetchTransport};
//! use trackingmore_wasm::endpoints::Api;
//! let transport = FetchTransport::for_api(Api::V4, "https://api.trackingmore.com/v4", Some("KEY".into()));
//! let client = v4::Client::new(transport);
//! let t = client.create_tracking(&v4::NewTrackingV4 { tracking_number: "RN123456789CN".into(), courier_code: "china-post".into(), ..Default::default() }).await?;
//! println!("{} is {}", t.tracking_number, t.delivery_status);
//! # Ok(()) }
//! ```

use crate::attempts::{Settings, Transport, Wait};
use crate::batch::Progress;
use crate::doc::Doc;
use crate::endpoints::{Api, Endpoint};
use crate::error::Error;
use crate::model::{lenient, Extra};
use crate::ops::encode;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use tsify::Tsify;

/// The optional fields of a v4 tracking that both `createTracking()` and `updateTracking()` take
/// (the API's v4 names; `""` or absent: not given).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
pub struct TrackingFieldsV4 {
    /// Order number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub order_number: Option<String>,
    /// Order id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub order_id: Option<String>,
    /// Order date (e.g. `2024-05-01T10:00:00+00:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub order_date: Option<String>,
    /// Two-letter origin country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub origin_country_iso2: Option<String>,
    /// Two-letter destination country.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub destination_country_iso2: Option<String>,
    /// Customer name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_name: Option<String>,
    /// Customer e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_email: Option<String>,
    /// Customer phone for text messages, `+<country code><number>`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub customer_sms: Option<String>,
    /// Recipient's postcode.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub recipient_postcode: Option<String>,
    /// Product title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub title: Option<String>,
    /// Logistics channel.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub logistics_channel: Option<String>,
    /// Free note.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub note: Option<String>,
    /// Labels, comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub label: Option<String>,
    /// Courier account number (some couriers need it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tracking_courier_account: Option<String>,
    /// Postal code (some couriers need it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tracking_postal_code: Option<String>,
    /// Origin country (some couriers need it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tracking_origin_country: Option<String>,
    /// Destination country (some couriers need it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tracking_destination_country: Option<String>,
    /// Ship date `YYYYMMDD` (some couriers need it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tracking_ship_date: Option<String>,
    /// Courier key (some couriers need it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tracking_key: Option<String>,
}

/// Input of v4 `createTracking()` / items of `createTrackings()` (the API's v4 field names).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
pub struct NewTrackingV4 {
    /// The parcel's number (required).
    pub tracking_number: String,
    /// Courier code (required), from `couriers()` or `detectCourier()`.
    pub courier_code: String,
    /// The optional fields.
    #[serde(flatten)]
    pub fields: TrackingFieldsV4,
    /// Answer language, e.g. `en`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub language: Option<String>,
    /// `\"1\"` turns the courier's auto-correction off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub auto_correct: Option<String>,
}

/// Fields of v4 `updateTracking()`: any of the optional create fields, a new courier, or the
/// archive state.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
pub struct TrackingUpdateV4 {
    /// Moves the tracking to this courier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub courier_code_new: Option<String>,
    /// The optional fields.
    #[serde(flatten)]
    pub fields: TrackingFieldsV4,
    /// `archived` or `tracking` (not archived).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "\"archived\" | \"tracking\"")]
    pub archived_status: Option<String>,
}

/// Filters of v4 `listTrackings()` / `allTrackings()` (dates are RFC 3339 text; the JS class
/// also takes `Date` objects).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize, Tsify)]
pub struct ListQueryV4 {
    /// Page number, from 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub pages_amount: Option<u32>,
    /// Page size, 1..2000 (default 100).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub items_amount: Option<u32>,
    /// Up to 40 tracking numbers, comma-separated.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub tracking_numbers: Option<String>,
    /// Only this courier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub courier_code: Option<String>,
    /// Only this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "TrackingStatusV4")]
    pub delivery_status: Option<String>,
    /// `archived` or `tracking`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "\"archived\" | \"tracking\"")]
    pub archived_status: Option<String>,
    /// Created at or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | Date")]
    pub created_date_min: Option<String>,
    /// Created at or before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | Date")]
    pub created_date_max: Option<String>,
    /// Updated at or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | Date")]
    pub updated_date_min: Option<String>,
    /// Updated at or before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional, type = "string | Date")]
    pub updated_date_max: Option<String>,
    /// Answer language.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[tsify(optional)]
    pub lang: Option<String>,
}

/// A v4 tracking with its results (`createTracking()`, `getTracking()`, list items, webhooks).
/// The fields a program branches on are typed; the others (the reference lists 46) are kept in
/// `extra` as they came.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct TrackingV4 {
    /// TrackingMore's id (32 hex): the key of update, delete and retrack.
    #[serde(deserialize_with = "lenient::text")]
    pub id: String,
    /// The parcel's number.
    #[serde(deserialize_with = "lenient::text")]
    pub tracking_number: String,
    /// Courier code.
    #[serde(deserialize_with = "lenient::text")]
    pub courier_code: String,
    /// `pending`, `notfound`, `inforeceived`, `transit`, `pickup`, `undelivered`, `delivered`,
    /// `exception` or `expired` (unknown values kept).
    #[serde(default, deserialize_with = "lenient::text")]
    pub delivery_status: String,
    /// Substatus, e.g. `transit001`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub substatus: Option<String>,
    /// ISO-8601 with offset.
    #[serde(default, deserialize_with = "lenient::text")]
    pub created_at: String,
    /// ISO-8601 with offset (`update_at`, as the API spells it).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub update_at: Option<String>,
    /// Whether TrackingMore still refreshes it.
    #[serde(default, deserialize_with = "lenient::boolean")]
    pub updating: bool,
    /// `tracking` (not archived) or `archived`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub archived: Option<String>,
    /// The latest event, `"<detail>, <location>, YYYY-MM-DD HH:mm:ss"`.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub latest_event: Option<String>,
    /// Days in transit (0 when unknown).
    #[serde(default, deserialize_with = "lenient::count")]
    pub transit_time: u64,
    /// Every other field, as it came.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A courier (`couriers()`, `detectCourier()`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Courier {
    /// Display name.
    #[serde(deserialize_with = "lenient::text")]
    pub courier_name: String,
    /// The code to use everywhere else.
    #[serde(deserialize_with = "lenient::text")]
    pub courier_code: String,
    /// `express`, `globalpost`, …
    #[serde(default, deserialize_with = "lenient::text")]
    pub courier_type: String,
    /// Every other field, as it came.
    #[serde(flatten)]
    pub extra: Extra,
}

/// A created item of `createTrackings()`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchItemV4 {
    /// Its id.
    #[serde(deserialize_with = "lenient::text")]
    pub id: String,
    /// Its number.
    #[serde(deserialize_with = "lenient::text")]
    pub tracking_number: String,
    /// Its courier.
    #[serde(deserialize_with = "lenient::text")]
    pub courier_code: String,
}

/// An input of `createTrackings()` that was not created.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchItemErrorV4 {
    /// The input's number.
    #[serde(deserialize_with = "lenient::text")]
    pub tracking_number: String,
    /// The input's courier.
    #[serde(deserialize_with = "lenient::text")]
    pub courier_code: String,
    /// A `TrackingMoreError` code (`TRACKING_EXISTS`, `SERVER_ERROR`, …).
    pub code: String,
    /// The API's meta code, when the API said it.
    #[serde(rename = "metaCode", default, skip_serializing_if = "Option::is_none")]
    pub meta_code: Option<i64>,
    /// What went wrong.
    #[serde(deserialize_with = "lenient::text")]
    pub message: String,
}

/// The merged result of v4 `createTrackings()`: every input in `trackings` or in `errors`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchResultV4 {
    /// Inputs submitted (all chunks).
    #[serde(deserialize_with = "lenient::count")]
    pub submitted: u64,
    /// Trackings created.
    #[serde(deserialize_with = "lenient::count")]
    pub added: u64,
    /// The created trackings.
    pub trackings: Vec<BatchItemV4>,
    /// The inputs that were not created, and why.
    pub errors: Vec<BatchItemErrorV4>,
}

/// What `updateTracking()` answers: the tracking's editable fields after the edit.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct UpdatedTrackingV4 {
    /// Its id.
    #[serde(deserialize_with = "lenient::text")]
    pub id: String,
    /// Its number.
    #[serde(default, deserialize_with = "lenient::text")]
    pub tracking_number: String,
    /// Its courier (the new one after a change of courier).
    #[serde(default, deserialize_with = "lenient::text")]
    pub courier_code: String,
    /// Every other field (`order_number`, `note`, `archived_status`, …), as it came.
    #[serde(flatten)]
    pub extra: Extra,
}

/// An air waybill (`airWaybill()`).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AirWaybill {
    /// The number asked for.
    #[serde(deserialize_with = "lenient::text")]
    pub awb_number: String,
    /// Its status (the tracking vocabulary).
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub awb_status: Option<String>,
    /// A number in some SDKs, text in others: kept as text.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub status_number: Option<String>,
    /// The last event.
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub last_event: Option<String>,
    /// Every other field (flights, events, airline), as it came.
    #[serde(flatten)]
    pub extra: Extra,
}

/// The v4 client for Rust: the operations of `TrackingMoreV4`, typed. Its settings default to
/// v4's limits ([`Settings::for_api`]): 10 req/s per endpoint, creates 3 req/s.
pub struct Client<T: Transport> {
    inner: crate::Client<T>,
}

impl<T: Transport> Client<T> {
    /// A client over `transport` (made with [`Api::V4`]) with v4's default settings.
    pub fn new(transport: T) -> Self {
        Client::with_settings(transport, Settings::for_api(Api::V4))
    }

    /// A client over `transport` with these settings.
    pub fn with_settings(transport: T, settings: Settings) -> Self {
        Client {
            inner: crate::Client::new(transport, settings),
        }
    }

    /// Calls `f` before every wait a call makes (see [`crate::Client::on_wait`]).
    pub fn on_wait(self, f: impl Fn(&Wait) + 'static) -> Self {
        Client {
            inner: self.inner.on_wait(f),
        }
    }

    async fn typed<M: DeserializeOwned>(
        &self,
        ep: Endpoint,
        args: [T::Data; 4],
    ) -> Result<M, Error> {
        self.inner.typed(ep, args).await
    }

    /// `GET /couriers/all`.
    pub async fn couriers(&self) -> Result<Vec<Courier>, Error> {
        self.typed(Endpoint::V4Couriers, args([])).await
    }

    /// `POST /couriers/detect`: candidates, the most likely first.
    pub async fn detect_courier(&self, tracking_number: &str) -> Result<Vec<Courier>, Error> {
        self.typed(Endpoint::V4DetectCourier, args([text(tracking_number)]))
            .await
    }

    /// `POST /trackings/create`: creates one tracking and fetches its results. Safe to retry: a
    /// retry answered 4101 after an attempt that may have created it resolves with the tracking.
    pub async fn create_tracking(&self, input: &NewTrackingV4) -> Result<TrackingV4, Error> {
        self.typed(Endpoint::V4CreateTracking, args([encode(input)?]))
            .await
    }

    /// The tracking of this number and courier (`GET /trackings/get`); none is
    /// `TrackingNotFound`.
    pub async fn get_tracking(
        &self,
        courier_code: &str,
        tracking_number: &str,
        lang: Option<&str>,
    ) -> Result<TrackingV4, Error> {
        let mut opts = T::Data::object();
        if let Some(l) = lang {
            opts.set("lang", text(l));
        }
        let a = args([text(courier_code), text(tracking_number), opts]);
        self.typed(Endpoint::V4GetTracking, a).await
    }

    /// `GET /trackings/get`: one page.
    pub async fn list_trackings(&self, query: &ListQueryV4) -> Result<Vec<TrackingV4>, Error> {
        self.typed(Endpoint::V4ListTrackings, args([encode(query)?]))
            .await
    }

    /// `POST /trackings/batch` in chunks of 40 (at most `concurrency` in flight): every input
    /// ends up in `trackings` or `errors`. `on_progress` sees the progress after each chunk.
    pub async fn create_trackings(
        &self,
        inputs: &[NewTrackingV4],
        concurrency: usize,
        mut on_progress: impl FnMut(Progress),
    ) -> Result<BatchResultV4, Error> {
        let mut opts = T::Data::object();
        opts.set("concurrency", T::Data::number(concurrency as f64));
        let a = args([encode(&inputs)?, opts]);
        let data = self
            .inner
            .call_with_progress(Endpoint::V4CreateTrackings, a, &mut on_progress)
            .await?;
        self.inner.core().decode(data)
    }

    /// `PUT /trackings/update/{id}`.
    pub async fn update_tracking(
        &self,
        id: &str,
        fields: &TrackingUpdateV4,
    ) -> Result<UpdatedTrackingV4, Error> {
        let a = args([text(id), encode(fields)?]);
        self.typed(Endpoint::V4UpdateTracking, a).await
    }

    /// `DELETE /trackings/delete/{id}`: what the API answers (at least the id). Safe to retry: a
    /// retry answered 4112 after an attempt that may have deleted it is done.
    pub async fn delete_tracking(&self, id: &str) -> Result<serde_json::Value, Error> {
        self.typed(Endpoint::V4DeleteTracking, args([text(id)]))
            .await
    }

    /// `POST /trackings/retrack/{id}`: restarts an expired tracking.
    pub async fn retrack(&self, id: &str) -> Result<TrackingV4, Error> {
        self.typed(Endpoint::V4Retrack, args([text(id)])).await
    }

    /// `POST /awb`.
    pub async fn air_waybill(&self, awb_number: &str) -> Result<AirWaybill, Error> {
        self.typed(Endpoint::V4AirWaybill, args([text(awb_number)]))
            .await
    }
}

fn text<D: Doc>(s: &str) -> D {
    D::string(s)
}

/// An operation's arguments: these, then nothing.
fn args<D: Doc, const N: usize>(given: [D; N]) -> [D; 4] {
    let mut given = given.into_iter();
    core::array::from_fn(|_| given.next().unwrap_or_else(D::nothing))
}
