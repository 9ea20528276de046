//! The v4 API under `/v4`: the same accounts and trackings as `/v2`, seen through v4's paths,
//! field names, statuses, envelope (`{meta: {code, message}, data}`, no `meta.type`) and real
//! HTTP statuses (HTTP 400 with meta 4101, …), with v4's per-endpoint rate limits. Written from
//! the v4 reference, not from the client: the emulator defaults of its §10 (validation order,
//! 32-hex ids, `archived: "tracking"`, 404/404 for an unknown path, 400/400 for a wrong method),
//! and as tolerant as the real API of what the official SDKs send (`""` and `null` for unset
//! fields, a space where a date offset's `+` was not encoded, `/v4//awb`).

use crate::api::App;
use crate::clock;
use crate::data;
use crate::endpoints::insert_new;
use crate::envelope::{err, ApiError};
use crate::ratelimit::Class;
use crate::store::{Account, Record};
use crate::timeline;
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// The key header of v4.
pub const KEY_HEADER: &str = "tracking-api-key";
/// Most items in a batch create and most numbers in a `tracking_numbers` filter.
const MAX_ITEMS: usize = 40;

/// A successful answer's data, or the API's error.
type Reply = Result<Value, ApiError>;

/// The v4 endpoints (route before auth, so that an unknown path is a 404 whatever the key).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Endpoint<'a> {
    Couriers,
    Detect,
    Create,
    Get,
    Batch,
    Update(&'a str),
    Delete(&'a str),
    Retrack(&'a str),
    Awb,
}

impl Endpoint<'_> {
    /// The rate-limit class: each endpoint its own, by path.
    fn class(self) -> Class {
        Class::V4(match self {
            Endpoint::Couriers => "/couriers/all",
            Endpoint::Detect => "/couriers/detect",
            Endpoint::Create => "/trackings/create",
            Endpoint::Get => "/trackings/get",
            Endpoint::Batch => "/trackings/batch",
            Endpoint::Update(_) => "/trackings/update",
            Endpoint::Delete(_) => "/trackings/delete",
            Endpoint::Retrack(_) => "/trackings/retrack",
            Endpoint::Awb => "/awb",
        })
    }
}

/// Routes the segments after `/v4` (empty ones dropped: `/v4//awb` is `/v4/awb`): the endpoint,
/// or the status of the error (404 unknown path, 400 wrong method).
pub fn route<'a>(method: &str, segs: &[&'a str]) -> Result<Endpoint<'a>, u32> {
    let found = match segs {
        ["couriers", "all"] => ("GET", Endpoint::Couriers),
        ["couriers", "detect"] => ("POST", Endpoint::Detect),
        ["trackings", "create"] => ("POST", Endpoint::Create),
        ["trackings", "get"] => ("GET", Endpoint::Get),
        ["trackings", "batch"] => ("POST", Endpoint::Batch),
        ["trackings", "update", id] => ("PUT", Endpoint::Update(id)),
        ["trackings", "delete", id] => ("DELETE", Endpoint::Delete(id)),
        ["trackings", "retrack", id] => ("POST", Endpoint::Retrack(id)),
        ["awb"] => ("POST", Endpoint::Awb),
        _ => return Err(404),
    };
    if found.0 == method {
        Ok(found.1)
    } else {
        Err(400)
    }
}

/// The HTTP status v4 sends with a meta code.
pub fn http_status(code: u32) -> u16 {
    match code {
        200 | 401 | 403 | 404 | 429 => code as u16,
        500..=599 => 500,
        _ => 400,
    }
}

/// The message v4 sends with a meta code.
pub fn message(code: u32) -> &'static str {
    match code {
        200 => "Request response is successful",
        400 => "Request type error. Please check the API documentation for the request type of this API.",
        4101 => "Tracking No. already exists.",
        4102 => "Tracking No. no exists. Please use 「Create a tracking」 API first to create shipment.",
        4103 => "You have exceeded the shipment quantity of API call. The maximum quantity is 40 shipments per call.",
        4110 => "The value of tracking_number is invalid.",
        4111 => "Tracking_number is required.",
        4112 => "Invalid Tracking ID.",
        4113 => "Retrack is not allowed. You can only retrack an expired tracking.",
        4120 => "The value of courier_code is invalid.",
        4121 => "Cannot detect courier.",
        4122 => "Missing or invalid value of the special required fields for this courier.",
        4130 => "The format of Field name is invalid.",
        4160 => "The awb_number is required or invaild format.",
        4161 => "The awb airline does not support yet.",
        4190 => "You are reaching the maximum quota limitation, please upgrade your current plan.",
        401 => "Authentication failed or has no permission.",
        403 => "Access prohibited. The API key has no access to this resource.",
        404 => "Page does not exist. Please review the API documentation.",
        429 => "Exceeded API request limits, please try again later.",
        _ => "Server error. Please contact us: service@trackingmore.org.",
    }
}

/// The v4 envelope.
pub fn envelope(code: u32, message: &str, data: Value) -> Value {
    json!({"meta": {"code": code, "message": message}, "data": data})
}

/// Serves a routed, authenticated, admitted v4 request. `key` names the account.
pub fn serve(
    app: &App,
    ep: Endpoint,
    key: &str,
    query: &HashMap<String, String>,
    body: Option<&Value>,
) -> Reply {
    let (seed, now) = (app.cfg.seed, app.clock.now());
    let mut st = app.lock();
    let Some(acct) = st.accounts.get_mut(key) else {
        return Err(err(401, message(401)));
    };
    let r = match ep {
        Endpoint::Couriers => return Ok(couriers()),
        Endpoint::Detect => return detect(body),
        Endpoint::Get => return list(acct, query, seed, now),
        Endpoint::Awb => return awb(body, seed, now),
        Endpoint::Create => create(acct, body, seed, now),
        Endpoint::Batch => batch(acct, body, seed, now),
        Endpoint::Update(id) => update(acct, id, body, now),
        Endpoint::Delete(id) => delete(acct, id),
        Endpoint::Retrack(id) => retrack(acct, id, seed, now),
    };
    // A change to the account is saved.
    if r.is_ok() {
        st.dirty = true;
    }
    r
}

/// The rate of an endpoint's limit.
pub fn rate(app: &App, ep: Endpoint) -> (Class, f64) {
    let rate = if ep == Endpoint::Create {
        app.cfg.v4_create_rate
    } else {
        app.cfg.v4_rate
    };
    (ep.class(), rate)
}

/// A text field, `""` and `null` being absent (the Go SDK sends `""`, the Java one `null`, for
/// every unset field); numbers are taken as their text.
fn text(v: Option<&Value>, k: &str) -> Option<String> {
    match v?.get(k)? {
        Value::String(s) if !s.is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// v4 input fields and where the store keeps them (v2's name where v2 has the field, so that
/// both versions show it).
const FIELDS: &[(&str, &str)] = &[
    ("order_number", "order_number"),
    ("order_id", "order_id"),
    ("order_date", "order_create_time"),
    ("origin_country_iso2", "origin_country_iso2"),
    ("destination_country_iso2", "destination_code"),
    ("customer_name", "customer_name"),
    ("customer_email", "customer_email"),
    ("customer_sms", "customer_phone"),
    ("recipient_postcode", "recipient_postcode"),
    ("title", "title"),
    ("logistics_channel", "logistics_channel"),
    ("note", "comment"),
    ("label", "label"),
    ("tracking_courier_account", "tracking_account_number"),
    ("tracking_postal_code", "tracking_postal_code"),
    ("tracking_origin_country", "tracking_origin_country"),
    (
        "tracking_destination_country",
        "tracking_destination_country",
    ),
    ("tracking_ship_date", "tracking_ship_date"),
    ("tracking_key", "tracking_key"),
    ("language", "lang"),
    ("auto_correct", "auto_correct"),
];

/// A stored field by its v4 name, as text or null.
fn stored(rec: &Record, v4: &str) -> Value {
    let k = FIELDS
        .iter()
        .find(|(n, _)| *n == v4)
        .map_or(v4, |(_, s)| *s);
    match rec.fields.get(k) {
        Some(Value::String(s)) if !s.is_empty() => Value::from(s.as_str()),
        Some(Value::Number(n)) if n.as_f64() != Some(0.0) => Value::from(n.to_string()),
        Some(Value::Array(a)) => a.first().cloned().unwrap_or(Value::Null),
        _ => Value::Null,
    }
}

/// The v4 statuses of a v2 status and substatus: v2's `notfound001` (information received) is
/// v4's `inforeceived`.
fn status_v4(status: &str, sub: Option<&str>) -> (String, Value) {
    match (status, sub) {
        ("notfound", Some("notfound001")) => ("inforeceived".into(), "inforeceived001".into()),
        (s, sub) => (s.to_string(), sub.map_or(Value::Null, Value::from)),
    }
}

/// A v2 local time (`2023-09-15 15:00:00`) as v4 writes it (`2023-09-15T15:00:00`).
fn local_v4(t: &Value) -> Value {
    match t.as_str() {
        Some(s) if !s.is_empty() => Value::from(s.replacen(' ', "T", 1)),
        _ => Value::Null,
    }
}

/// One leg (`origin_info` / `destination_info`) in v4's shape, from v2's.
fn info_v4(v2: &Value, destination: bool) -> Value {
    let checkpoints: Vec<Value> = v2["trackinfo"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|c| {
            let (status, sub) = status_v4(
                c["checkpoint_status"].as_str().unwrap_or(""),
                c["substatus"].as_str(),
            );
            json!({
                "checkpoint_date": local_v4(&c["Date"]),
                "checkpoint_delivery_status": status,
                "checkpoint_delivery_substatus": sub,
                "tracking_detail": c["StatusDescription"],
                "location": c["Details"],
                "country_iso2": null, "state": null, "city": null, "zip": null,
                "raw_status": c["ItemNode"],
            })
        })
        .collect();
    // Newest first: the first scan of a status, from the oldest, is its milestone.
    let first = |status: &str| {
        checkpoints
            .iter()
            .rev()
            .find(|c| c["checkpoint_delivery_status"] == status)
            .map_or(Value::Null, |c| c["checkpoint_date"].clone())
    };
    let mut o = json!({
        "courier_code": v2["carrier_code"],
        "courier_phone": v2["phone"],
        "weblink": v2["weblink"],
        "reference_number": v2["ReferenceNumber"],
        "milestone_date": {
            "inforeceived_date": first("inforeceived"),
            "pickup_date": local_v4(&v2["ItemReceived"]),
            "outfordelivery_date": first("pickup"),
            "delivery_date": first("delivered"),
            "returning_date": null,
            "returned_date": null,
        },
        "pickup_date": local_v4(&v2["ItemReceived"]),
        "departed_airport_date": local_v4(&v2["DepartfromAirport"]),
        "arrived_abroad_date": local_v4(&v2["ArrivalfromAbroad"]),
        "customs_received_date": local_v4(&v2["CustomsClearance"]),
        "trackinfo": checkpoints,
    });
    if destination {
        o["arrived_destination_date"] = local_v4(&v2["DestinationArrived"]);
    }
    o
}

/// A tracking in v4's shape (the reference's §3.1, every field present).
pub fn tracking(rec: &Record, seed: u64, now: i64) -> Value {
    let v2 = timeline::full(rec, seed, now);
    let (status, substatus) = status_v4(
        v2["status"].as_str().unwrap_or("pending"),
        v2["substatus"].as_str(),
    );
    let country = |k: &str| {
        v2[k]
            .as_str()
            .and_then(data::country)
            .map_or(Value::Null, |(code, _)| Value::from(code))
    };
    let latest_event = v2["lastEvent"]
        .as_str()
        .filter(|s| !s.is_empty())
        .map_or(Value::Null, |s| Value::from(s.replace(',', ", ")));
    let mut t = json!({
        "id": rec.id,
        "tracking_number": rec.tracking_number,
        "courier_code": rec.carrier_code,
        "created_at": clock::iso(rec.created_at),
        "update_at": v2["updated_at"].as_str().map_or_else(|| clock::iso(rec.created_at), str::to_string),
        "delivery_status": status,
        "substatus": substatus,
        "archived": if rec.archived { "archived" } else { "tracking" },
        "updating": v2["track_update"],
        "source": "API",
        "destination_country": country("destination_country"),
        "origin_country": country("original_country"),
        "destination_state": null, "destination_city": null, "origin_state": null, "origin_city": null,
        "signed_by": null, "service_code": null, "weight": null, "weight_kg": null,
        "product_type": null, "pieces": null, "dimension": null, "previously": null,
        "destination_track_number": null, "exchange_number": null,
        "scheduled_delivery_date": null, "scheduled_address": null, "status_info": null,
        "latest_event": latest_event,
        "latest_checkpoint_time": local_v4(&v2["lastUpdateTime"]),
        "transit_time": v2["itemTimeLength"].as_i64().unwrap_or(0),
        "origin_info": info_v4(&v2["origin_info"], false),
        "destination_info": info_v4(&v2["destination_info"], true),
    });
    for (v4, _) in FIELDS {
        if !matches!(
            *v4,
            "language" | "auto_correct" | "origin_country_iso2" | "destination_country_iso2"
        ) {
            t[*v4] = stored(rec, v4);
        }
    }
    t
}

/// `{id, tracking_number, courier_code}`.
fn brief(rec: &Record) -> Value {
    json!({"id": rec.id, "tracking_number": rec.tracking_number, "courier_code": rec.carrier_code})
}

/// A courier in v4's shape, from a v2 carrier record.
fn courier(c: &Value) -> Value {
    json!({
        "courier_name": c["name"],
        "courier_code": c["code"],
        "courier_country_iso2": c.get("country_code").cloned().unwrap_or(Value::Null),
        "courier_url": c["homepage"],
        "courier_phone": c["phone"],
        "courier_type": c["type"],
        "tracking_required_fields": [],
        "optional_fields": [],
        "default_language": "en",
        "support_language": ["en"],
        "courier_logo": c["picture"],
    })
}

/// `GET /couriers/all`
fn couriers() -> Value {
    Value::Array(data::carriers().iter().map(courier).collect())
}

/// `POST /couriers/detect`
fn detect(body: Option<&Value>) -> Reply {
    let number = text(body, "tracking_number").ok_or_else(|| err(4111, message(4111)))?;
    let found: Vec<Value> = data::detect(&number)
        .into_iter()
        .filter_map(data::carrier)
        .map(courier)
        .collect();
    if found.is_empty() {
        return Err(err(4121, message(4121)));
    }
    Ok(Value::Array(found))
}

/// The number and courier of a create input, in the reference's order: number missing (4111)
/// or invalid (4110), then the courier (4120).
fn check_item(item: Option<&Value>) -> Result<(String, String), ApiError> {
    let number = text(item, "tracking_number").ok_or_else(|| err(4111, message(4111)))?;
    if number.chars().count() > 100
        || number.chars().any(char::is_control)
        || number == "."
        || number == ".."
    {
        return Err(err(4110, message(4110)));
    }
    let courier = text(item, "courier_code").unwrap_or_default();
    if data::carrier(&courier).is_none() {
        return Err(err(4120, message(4120)));
    }
    Ok((number, courier))
}

/// The optional fields of an input, stored under the store's names (`""`/`null` absent).
fn input_fields(item: Option<&Value>) -> Map<String, Value> {
    FIELDS
        .iter()
        .filter_map(|(v4, store)| text(item, v4).map(|t| (store.to_string(), Value::from(t))))
        .collect()
}

/// Creates one tracking: after the number and courier checks, a duplicate is 4101 (with the
/// existing one's `{id, tracking_number, courier_code}`), then the quota 4190.
fn create_one(
    acct: &mut Account,
    item: Option<&Value>,
    seed: u64,
    now: i64,
) -> Result<Record, ApiError> {
    let (number, courier) = check_item(item)?;
    if let Some(existing) = acct.find(&courier, &number) {
        let mut e = err(4101, message(4101));
        e.data = Some(brief(existing));
        return Err(e);
    }
    if acct.quota <= 0 {
        return Err(err(4190, message(4190)));
    }
    Ok(insert_new(
        acct,
        number,
        courier,
        input_fields(item),
        seed,
        now,
    ))
}

/// `POST /trackings/create`: the tracking with its results.
fn create(acct: &mut Account, body: Option<&Value>, seed: u64, now: i64) -> Reply {
    let rec = create_one(acct, body, seed, now)?;
    Ok(tracking(&rec, seed, now))
}

/// `POST /trackings/batch`: up to 40; per-item `success` / `error` (camelCase error fields).
fn batch(acct: &mut Account, body: Option<&Value>, seed: u64, now: i64) -> Reply {
    let items = body
        .and_then(Value::as_array)
        .ok_or_else(|| err(400, message(400)))?;
    if items.len() > MAX_ITEMS {
        return Err(err(4103, message(4103)));
    }
    let (mut success, mut error) = (Vec::new(), Vec::new());
    for item in items {
        match create_one(acct, Some(item), seed, now) {
            Ok(rec) => success.push(brief(&rec)),
            Err(e) => error.push(json!({
                "id": "",
                "tracking_number": text(Some(item), "tracking_number").unwrap_or_default(),
                "courier_code": text(Some(item), "courier_code").unwrap_or_default(),
                "errorCode": e.code,
                "errorMessage": e.message,
            })),
        }
    }
    Ok(json!({"success": success, "error": error}))
}

/// A date filter: ISO-8601 with an offset, a space taken for an unencoded `+`.
fn date_param(q: &HashMap<String, String>, k: &str) -> Result<Option<i64>, ApiError> {
    let Some(v) = q.get(k).filter(|v| !v.is_empty()) else {
        return Ok(None);
    };
    let bad = || err(4130, format!("The format of {k} is invalid."));
    let v = v.trim_end();
    let (stamp, offset) = if let Some(s) = v.strip_suffix('Z') {
        (s, 0)
    } else if v.len() > 6 && matches!(v.as_bytes()[v.len() - 6], b'+' | b'-' | b' ') {
        let (s, o) = v.split_at(v.len() - 6);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let hh: i64 = o[1..3].parse().map_err(|_| bad())?;
        let mm: i64 = o[4..6].parse().map_err(|_| bad())?;
        (s, sign * (hh * 3600 + mm * 60))
    } else {
        return Err(bad());
    };
    let stamp = stamp.split('.').next().unwrap_or(stamp);
    if stamp.len() != 19 {
        return Err(bad());
    }
    clock::parse_loose(stamp)
        .map(|t| Some(t - offset))
        .ok_or_else(bad)
}

/// An integer parameter.
fn int_param(q: &HashMap<String, String>, k: &str) -> Result<Option<i64>, ApiError> {
    match q.get(k).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(v) => v
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| err(4130, format!("The format of {k} is invalid."))),
    }
}

/// `GET /trackings/get`: filters, then `pages_amount` (from 1) of `items_amount` (default 100,
/// at most 2000) trackings, newest first; a bare array.
fn list(acct: &Account, q: &HashMap<String, String>, seed: u64, now: i64) -> Reply {
    let numbers: Option<Vec<&str>> = q
        .get("tracking_numbers")
        .filter(|v| !v.is_empty())
        .map(|v| {
            v.split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect()
        });
    if numbers.as_ref().is_some_and(|n| n.len() > MAX_ITEMS) {
        return Err(err(4103, message(4103)));
    }
    let courier = q.get("courier_code").filter(|v| !v.is_empty());
    let status = q.get("delivery_status").filter(|v| !v.is_empty());
    let archived = match q.get("archived_status").map(String::as_str) {
        None | Some("") => None,
        Some("archived" | "true") => Some(true),
        Some("tracking" | "false") => Some(false),
        Some(_) => return Err(err(4130, "The format of archived_status is invalid.")),
    };
    let (cmin, cmax) = (
        date_param(q, "created_date_min")?,
        date_param(q, "created_date_max")?,
    );
    let (umin, umax) = (
        date_param(q, "updated_date_min")?,
        date_param(q, "updated_date_max")?,
    );
    let page = int_param(q, "pages_amount")?.unwrap_or(1).max(1) as usize;
    let size = int_param(q, "items_amount")?.unwrap_or(100).clamp(1, 2000) as usize;
    let within = |t: i64, min: Option<i64>, max: Option<i64>| {
        min.is_none_or(|m| t >= m) && max.is_none_or(|m| t <= m)
    };
    let mut out = Vec::new();
    let mut skip = (page - 1) * size;
    for rec in acct.trackings.values().rev() {
        if numbers
            .as_ref()
            .is_some_and(|n| !n.contains(&rec.tracking_number.as_str()))
            || courier.is_some_and(|c| *c != rec.carrier_code)
            || archived.is_some_and(|a| a != rec.archived)
            || !within(rec.created_at, cmin, cmax)
            || !within(rec.updated_at.unwrap_or(rec.created_at), umin, umax)
        {
            continue;
        }
        let t = tracking(rec, seed, now);
        if status.is_some_and(|s| t["delivery_status"] != **s) {
            continue;
        }
        if skip > 0 {
            skip -= 1;
            continue;
        }
        out.push(t);
        if out.len() == size {
            break;
        }
    }
    Ok(Value::Array(out))
}

/// The tracking with this id, or 4112.
fn by_id<'a>(acct: &'a mut Account, id: &str) -> Result<&'a mut Record, ApiError> {
    acct.trackings
        .values_mut()
        .find(|r| r.id == id)
        .ok_or_else(|| err(4112, message(4112)))
}

/// `PUT /trackings/update/{id}`: the editable fields (`""`/`null` unchanged), a new courier
/// (`courier_code_new`), the archive state (`archived_status`).
fn update(acct: &mut Account, id: &str, body: Option<&Value>, now: i64) -> Reply {
    if body.is_some_and(|b| !b.is_object()) {
        return Err(err(400, message(400)));
    }
    let new_courier = text(body, "courier_code_new");
    if new_courier
        .as_deref()
        .is_some_and(|c| data::carrier(c).is_none())
    {
        return Err(err(4120, message(4120)));
    }
    let archived = match text(body, "archived_status").as_deref() {
        None => None,
        Some("archived" | "true") => Some(true),
        Some("tracking" | "false") => Some(false),
        Some(_) => return Err(err(4130, "The format of archived_status is invalid.")),
    };
    let rec = by_id(acct, id)?;
    for (k, v) in input_fields(body) {
        rec.fields.insert(k, v);
    }
    if let Some(a) = archived {
        rec.archived = a;
    }
    rec.updated_at = Some(now);
    let mut rec = rec.clone();
    if let Some(c) = new_courier.filter(|c| *c != rec.carrier_code) {
        acct.remove(&rec.carrier_code, &rec.tracking_number);
        rec.carrier_code = c;
        acct.insert(rec.clone());
    }
    let mut out = brief(&rec);
    out["courier_code_new"] = text(body, "courier_code_new").map_or(Value::Null, Value::from);
    for k in [
        "order_number",
        "order_date",
        "order_id",
        "tracking_postal_code",
        "tracking_ship_date",
        "tracking_courier_account",
        "tracking_destination_country",
        "tracking_origin_country",
        "tracking_key",
        "customer_name",
        "customer_email",
        "customer_sms",
        "recipient_postcode",
        "title",
        "logistics_channel",
        "note",
        "label",
    ] {
        out[k] = stored(&rec, k);
    }
    out["destination_country"] = stored(&rec, "destination_country_iso2");
    out["origin_country"] = stored(&rec, "origin_country_iso2");
    out["archived_status"] = Value::from(if rec.archived { "archived" } else { "tracking" });
    Ok(out)
}

/// `DELETE /trackings/delete/{id}`: the deleted tracking's `{id, tracking_number, courier_code}`.
fn delete(acct: &mut Account, id: &str) -> Reply {
    let rec = by_id(acct, id)?.clone();
    acct.remove(&rec.carrier_code, &rec.tracking_number);
    Ok(brief(&rec))
}

/// `POST /trackings/retrack/{id}`: only an expired tracking (4113 otherwise); its timeline
/// starts again.
fn retrack(acct: &mut Account, id: &str, seed: u64, now: i64) -> Reply {
    let rec = by_id(acct, id)?;
    if timeline::snapshot(rec, seed, now).status != "expired" {
        return Err(err(4113, message(4113)));
    }
    rec.created_at = now;
    rec.frozen_at = None;
    rec.manual_status = None;
    rec.updated_at = Some(now);
    Ok(tracking(rec, seed, now))
}

/// `POST /awb`: one air waybill; 4160 for a missing or malformed number, 4161 for an airline
/// the sandbox does not know.
fn awb(body: Option<&Value>, seed: u64, now: i64) -> Reply {
    let n = text(body, "awb_number").unwrap_or_default();
    let b = n.as_bytes();
    let well_formed = match b.len() {
        11 => b.iter().all(u8::is_ascii_digit),
        12 => {
            matches!(b[3], b' ' | b'-')
                && b.iter()
                    .enumerate()
                    .all(|(i, c)| i == 3 || c.is_ascii_digit())
        }
        _ => false,
    };
    if !well_formed {
        return Err(err(4160, message(4160)));
    }
    let v2 = data::aircargo(seed, now, &n).ok_or_else(|| err(4160, message(4160)))?;
    if v2["airline"] == "Unknown airline" {
        return Err(err(4161, message(4161)));
    }
    let flight = &v2["flight_info"];
    let number = flight["flight_number"].as_str().unwrap_or("").to_string();
    let leg = json!({
        "depart_station": v2["origin"], "arrival_station": v2["destination"],
        "plan_depart_time": flight["depart_time"], "depart_time": flight["depart_time"],
        "plan_arrival_time": flight["arrive_time"], "arrival_time": flight["arrive_time"],
    });
    let mut leg_new = leg.clone();
    leg_new["flight_number"] = Value::from(number.clone());
    leg_new["piece"] = Value::from(v2["piece"].to_string());
    leg_new["weight"] = v2["weight"].clone();
    leg_new["status"] = v2["status"].clone();
    let arrived = v2["status_number"] == 3;
    let events: Vec<Value> = v2["track_info"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or_default()
        .iter()
        .map(|e| json!({
            "plan_date": e["plan_date"], "actual_date": e["actual_date"], "event": e["event"],
            "station": e["station"], "flight_number": e["flight_number"], "status": e["description"],
            "piece": e["piece"].to_string(), "weight": v2["weight"],
            "checkpoint_status": if e["event"] == "ARR" { "delivered" } else { "transit" },
            "checkpoint_substatus": if e["event"] == "ARR" { "delivered001" } else { "transit001" },
        }))
        .collect();
    Ok(json!({
        "awb_number": v2["track_number"],
        "awb_status": if arrived { "delivered" } else { "transit" },
        "awb_substatus": if arrived { "delivered001" } else { "transit001" },
        "status_number": v2["status_number"],
        "weight": v2["weight"],
        "piece": v2["piece"].to_string(),
        "origin": v2["origin"],
        "destination": v2["destination"],
        "flight_way_station": [v2["origin"], v2["destination"]],
        "last_event": events.last().map_or(Value::from(""), |e| e["status"].clone()),
        "flight_info_new": [leg_new],
        "flight_info": { number: leg },
        "track_info": events,
        "airline_info": {
            "name": v2["airline"], "url": "", "track_url": "", "trackpage_url": "",
        },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_and_statuses() {
        assert!(matches!(
            route("GET", &["couriers", "all"]),
            Ok(Endpoint::Couriers)
        ));
        assert!(matches!(
            route("PUT", &["trackings", "update", "abc"]),
            Ok(Endpoint::Update("abc"))
        ));
        assert_eq!(route("GET", &["trackings", "create"]).err(), Some(400));
        assert_eq!(route("GET", &["trackings", "nope"]).err(), Some(404));
        assert_eq!(
            (http_status(4101), http_status(429), http_status(512)),
            (400, 429, 500)
        );
    }

    #[test]
    fn dates_tolerate_an_unencoded_plus() {
        let q = |v: &str| HashMap::from([("d".to_string(), v.to_string())]);
        let want = Some(1_692_770_400);
        assert_eq!(
            date_param(&q("2023-08-23T06:00:00+00:00"), "d").unwrap(),
            want
        );
        assert_eq!(
            date_param(&q("2023-08-23T06:00:00 00:00"), "d").unwrap(),
            want
        );
        assert_eq!(
            date_param(&q("2023-08-23T08:00:00+02:00"), "d").unwrap(),
            want
        );
        assert_eq!(
            date_param(&q("2023-08-23T06:00:00.000Z"), "d").unwrap(),
            want
        );
        assert!(date_param(&q("1692770400"), "d").is_err());
    }
}
