//! The 18 v2 endpoints, as functions of one account's state.

use crate::clock;
use crate::data::{self, hash};
use crate::envelope::{err, ApiError};
use crate::store::{Account, Record};
use crate::timeline::{self, Scenario};
use serde_json::{json, Map, Value};
use std::collections::HashMap;

/// A successful answer: meta code and data.
pub type Reply = Result<(u32, Value), ApiError>;

/// Batch-create limit (documented).
pub const BATCH_MAX: usize = 40;
/// Limit of the other many-item endpoints (meta 4020 "Up to 200 at a time").
pub const MANY_MAX: usize = 200;
/// `numbers` / `orders` filter limit.
pub const FILTER_MAX: usize = 40;

/// What a handler sees of the request.
pub struct Req<'a> {
    pub query: &'a HashMap<String, String>,
    pub body: Option<&'a Value>,
    pub lang_header: Option<&'a str>,
    pub seed: u64,
    pub now: i64,
}

/// A v2 endpoint, routed from the method and the path's segments after `/v2/`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Endpoint<'a> {
    Carriers,
    Detect,
    Post,
    Batch,
    List,
    UpdateMore,
    DeleteMany,
    Realtime,
    ChangeCarrier,
    UserInfo,
    StatusNumber,
    NotUpdate,
    Remote,
    CostTime,
    AirCargo,
    /// `GET /trackings/{carrier}/{number}[/{lang}]`.
    GetOne(&'a str, &'a str),
    /// `PUT /trackings/{carrier}/{number}`.
    PutOne(&'a str, &'a str),
    /// `DELETE /trackings/{carrier}/{number}`.
    DeleteOne(&'a str, &'a str),
}

/// Routes the segments after `/v2/` (a trailing slash dropped): the endpoint, or the status of
/// the error (405 a known path with another method, 404 an unknown path).
pub fn route<'a>(method: &str, segs: &[&'a str]) -> Result<Endpoint<'a>, u16> {
    use Endpoint as E;
    let segs = match segs {
        [rest @ .., ""] => rest,
        _ => segs,
    };
    match (method, segs) {
        ("GET", ["carriers"]) => Ok(E::Carriers),
        ("POST", ["carriers", "detect"]) => Ok(E::Detect),
        ("POST", ["trackings", "post"]) => Ok(E::Post),
        ("POST", ["trackings", "batch"]) => Ok(E::Batch),
        ("GET", ["trackings", "get"]) => Ok(E::List),
        ("POST", ["trackings", "updatemore"]) => Ok(E::UpdateMore),
        ("POST", ["trackings", "delete"]) => Ok(E::DeleteMany),
        ("POST", ["trackings", "realtime"]) => Ok(E::Realtime),
        ("POST", ["trackings", "update"]) => Ok(E::ChangeCarrier),
        ("GET", ["trackings", "getuserinfo"]) => Ok(E::UserInfo),
        ("GET", ["trackings", "getstatusnumber"]) => Ok(E::StatusNumber),
        ("POST", ["trackings", "notupdate"]) => Ok(E::NotUpdate),
        ("POST", ["trackings", "remote"]) => Ok(E::Remote),
        ("POST", ["trackings", "costtime"]) => Ok(E::CostTime),
        ("POST", ["trackings", "aircargo"]) => Ok(E::AirCargo),
        ("GET", ["trackings", c, n]) | ("GET", ["trackings", c, n, _]) => Ok(E::GetOne(c, n)),
        ("PUT", ["trackings", c, n]) => Ok(E::PutOne(c, n)),
        ("DELETE", ["trackings", c, n]) => Ok(E::DeleteOne(c, n)),
        (
            _,
            ["carriers"]
            | ["carriers", "detect"]
            | ["trackings", _]
            | ["trackings", _, _]
            | ["trackings", _, _, _],
        ) => Err(405),
        _ => Err(404),
    }
}

/// Serves a routed endpoint from the account: its reply, and whether it changed the account.
pub fn serve(endpoint: Endpoint, acct: &mut Account, r: &Req) -> (Reply, bool) {
    use Endpoint as E;
    match endpoint {
        E::Carriers => (carriers(r), false),
        E::Detect => (detect(acct, r), true),
        E::Post => (post(acct, r), true),
        E::Batch => (batch(acct, r), true),
        E::List => (list(acct, r), false),
        E::UpdateMore => (updatemore(acct, r), true),
        E::DeleteMany => (delete_many(acct, r), true),
        E::Realtime => (realtime(acct, r), true),
        E::ChangeCarrier => (change_carrier(acct, r), true),
        E::UserInfo => (userinfo(acct), false),
        E::StatusNumber => (status_counts(acct, r), false),
        E::NotUpdate => (notupdate(acct, r), true),
        E::Remote => (remote(acct, r), true),
        E::CostTime => (costtime(r), false),
        E::AirCargo => (aircargo(r), false),
        E::GetOne(c, n) => (get_one(acct, r, c, n), false),
        E::PutOne(c, n) => (put_one(acct, r, c, n), true),
        E::DeleteOne(c, n) => (delete_one(acct, c, n), true),
    }
}

/// A string field; numbers are accepted as their text (lenient input).
fn text(v: &Value, k: &str) -> Option<String> {
    match v.get(k)? {
        Value::String(s) => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn check_number(v: &Value) -> Result<String, ApiError> {
    let n = text(v, "tracking_number")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| err(4013, "tracking_number is required."))?;
    let len = n.chars().count();
    // No minimum length: the reference states none (only the 100-character bound is [I]).
    if len > 100 || n.chars().any(char::is_control) || n == "." || n == ".." {
        return Err(err(
            4014,
            format!("The value of tracking_number is invalid: {n:?}."),
        ));
    }
    Ok(n)
}

fn check_carrier_field(v: &Value, field: &str) -> Result<String, ApiError> {
    let c = text(v, field).unwrap_or_default();
    if data::carrier(&c).is_none() {
        return Err(err(
            4015,
            format!("The value of {field} is invalid: {c:?}."),
        ));
    }
    Ok(c)
}

fn check_ref(v: &Value) -> Result<(String, String), ApiError> {
    if !v.is_object() {
        return Err(err(4012, "Each item must be an object."));
    }
    let n = check_number(v)?;
    let c = check_carrier_field(v, "carrier_code")?;
    Ok((n, c))
}

fn body_object<'a>(r: &Req<'a>) -> Result<&'a Value, ApiError> {
    r.body
        .filter(|b| b.is_object())
        .ok_or_else(|| err(4012, "The request body must be a JSON object."))
}

fn body_array<'a>(r: &Req<'a>, max: usize) -> Result<&'a Vec<Value>, ApiError> {
    let items = r
        .body
        .and_then(Value::as_array)
        .ok_or_else(|| err(4012, "The request body must be a JSON array."))?;
    if items.is_empty() {
        return Err(err(4012, "The request body must not be an empty array."));
    }
    if items.len() > max {
        return Err(err(
            4020,
            format!("Up to {max} at a time; got {}.", items.len()),
        ));
    }
    Ok(items)
}

fn item_error(item: &Value, e: &ApiError) -> Value {
    json!({
        "tracking_number": item.get("tracking_number").cloned().unwrap_or(Value::Null),
        "carrier_code": item.get("carrier_code").cloned().unwrap_or(Value::Null),
        "code": e.code,
        "message": e.message,
    })
}

const CREATE_FIELDS: &[&str] = &[
    "destination_code",
    "title",
    "logistics_channel",
    "customer_name",
    "customer_email",
    "customer_phone",
    "order_id",
    "order_create_time",
    "tracking_ship_date",
    "tracking_postal_code",
    "tracking_account_number",
    "tracking_destination_country",
    "specialNumberDestination",
    "lang",
    "auto_correct",
    "comment",
];

/// Creates one tracking in `acct` (shared by `post` and `batch`).
pub fn create_one(
    acct: &mut Account,
    item: &Value,
    seed: u64,
    now: i64,
) -> Result<Record, ApiError> {
    let (number, carrier) = check_ref(item)?;
    if acct.find(&carrier, &number).is_some() {
        return Err(err(4016, "Tracking already exists."));
    }
    if acct.quota <= 0 {
        return Err(err(4021, crate::envelope::default_message(4021)));
    }
    let fields: Map<String, Value> = CREATE_FIELDS
        .iter()
        .filter_map(|k| item.get(*k).map(|v| (k.to_string(), v.clone())))
        .collect();
    Ok(insert_new(acct, number, carrier, fields, seed, now))
}

/// Stores a new tracking (checked already, by v2's or v4's rules) and spends one quota.
pub fn insert_new(
    acct: &mut Account,
    number: String,
    carrier: String,
    fields: Map<String, Value>,
    seed: u64,
    now: i64,
) -> Record {
    let h = hash(seed, &["create", &carrier, &number]);
    let id = format!(
        "{:016x}{:016x}",
        h,
        hash(seed ^ acct.next_seq, &["id", &number])
    );
    let mut rec = Record::new(id, number, carrier, now, Scenario::pick(h), fields);
    rec.notified_status = Some(timeline::snapshot(&rec, seed, now).status);
    acct.quota -= 1;
    acct.insert(rec.clone());
    rec
}

/// `POST /trackings/post`
pub fn post(acct: &mut Account, r: &Req) -> Reply {
    let rec = create_one(acct, body_object(r)?, r.seed, r.now)?;
    Ok((200, created(&rec, r)))
}

/// A create answer: as `basic`, with `order_create_time: 0` when none was given, as in the
/// captured batch responses.
fn created(rec: &Record, r: &Req) -> Value {
    let mut v = timeline::basic(rec, r.seed, r.now);
    if v["order_create_time"].is_null() {
        v["order_create_time"] = Value::from(0);
    }
    v
}

/// `POST /trackings/batch`
pub fn batch(acct: &mut Account, r: &Req) -> Reply {
    let items = body_array(r, BATCH_MAX)?;
    let (mut trackings, mut errors) = (Vec::new(), Vec::new());
    for item in items {
        match create_one(acct, item, r.seed, r.now) {
            Ok(rec) => trackings.push(created(&rec, r)),
            Err(e) => errors.push(item_error(item, &e)),
        }
    }
    Ok((
        201,
        json!({"submitted": items.len(), "added": trackings.len(), "trackings": trackings, "errors": errors}),
    ))
}

/// `GET /trackings/{carrier}/{number}[/{lang}]`
pub fn get_one(acct: &Account, r: &Req, carrier: &str, number: &str) -> Reply {
    let rec = acct
        .find(carrier, number)
        .ok_or_else(|| err(4031, crate::envelope::default_message(4031)))?;
    Ok((200, timeline::full(rec, r.seed, r.now)))
}

/// Applies the editable fields of PUT / updatemore after checking all of them.
fn apply_update(rec: &mut Record, v: &Value, now: i64) -> Result<(), ApiError> {
    let status = match v.get("status") {
        None | Some(Value::Null) => None,
        Some(s) => {
            let n = match s {
                Value::Number(n) => n.as_i64(),
                Value::String(t) => t.trim().parse::<i64>().ok(),
                _ => None,
            };
            match n {
                Some(4) => Some(Some("delivered".to_string())),
                Some(7) => Some(Some("exception".to_string())),
                Some(8) => Some(None),
                _ => {
                    return Err(err(
                        4033,
                        format!("The value of status is invalid: {s}. Use 4, 7 or 8."),
                    ))
                }
            }
        }
    };
    let archived = match v.get("archived") {
        None | Some(Value::Null) => None,
        Some(Value::Bool(b)) => Some(*b),
        Some(Value::String(s)) if s == "true" || s == "false" => Some(s == "true"),
        Some(other) => {
            return Err(err(
                4012,
                format!("archived must be \"true\" or \"false\", got {other}."),
            ))
        }
    };
    for k in [
        "title",
        "logistics_channel",
        "customer_name",
        "customer_email",
        "customer_phone",
        "order_id",
        "destination_code",
        "comment",
    ] {
        if let Some(val) = v.get(k) {
            rec.fields.insert(k.to_string(), val.clone());
        }
    }
    if let Some(s) = status {
        rec.manual_status = s;
    }
    if let Some(a) = archived {
        rec.archived = a;
    }
    rec.updated_at = Some(now);
    Ok(())
}

/// `PUT /trackings/{carrier}/{number}`
pub fn put_one(acct: &mut Account, r: &Req, carrier: &str, number: &str) -> Reply {
    let body = body_object(r)?;
    let rec = acct
        .find_mut(carrier, number)
        .ok_or_else(|| err(4017, "Tracking does not exist."))?;
    apply_update(rec, body, r.now)?;
    Ok((200, timeline::basic(rec, r.seed, r.now)))
}

/// `DELETE /trackings/{carrier}/{number}`
pub fn delete_one(acct: &mut Account, carrier: &str, number: &str) -> Reply {
    acct.remove(carrier, number)
        .ok_or_else(|| err(4017, "Tracking does not exist."))?;
    Ok((200, json!([])))
}

fn int_param(q: &HashMap<String, String>, k: &str) -> Result<Option<i64>, ApiError> {
    match q.get(k).map(|s| s.trim()).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => s
            .parse()
            .map(Some)
            .map_err(|_| err(4012, format!("{k} must be an integer, got {s:?}."))),
    }
}

fn list_param(q: &HashMap<String, String>, k: &str) -> Result<Option<Vec<String>>, ApiError> {
    let Some(s) = q.get(k).filter(|s| !s.trim().is_empty()) else {
        return Ok(None);
    };
    let v: Vec<String> = s
        .split(',')
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
        .collect();
    if v.len() > FILTER_MAX {
        return Err(err(
            4020,
            format!("{k}: up to {FILTER_MAX} values at a time; got {}.", v.len()),
        ));
    }
    Ok(Some(v))
}

fn in_range(v: Option<i64>, min: Option<i64>, max: Option<i64>) -> bool {
    if min.is_none() && max.is_none() {
        return true;
    }
    let Some(v) = v else { return false };
    min.is_none_or(|m| v >= m) && max.is_none_or(|m| v <= m)
}

fn order_time(rec: &Record) -> Option<i64> {
    match rec.fields.get("order_create_time")? {
        Value::String(s) => clock::parse_loose(s),
        Value::Number(n) => n.as_i64().filter(|n| *n > 0),
        _ => None,
    }
}

/// Records matching the created/order-time filters shared by list and status counts.
fn time_filtered<'a>(
    acct: &'a Account,
    q: &HashMap<String, String>,
) -> Result<Vec<&'a Record>, ApiError> {
    let (cmin, cmax) = (
        int_param(q, "created_at_min")?,
        int_param(q, "created_at_max")?,
    );
    let (omin, omax) = (
        int_param(q, "order_created_time_min")?,
        int_param(q, "order_created_time_max")?,
    );
    Ok(acct
        .trackings
        .values()
        .rev()
        .filter(|r| in_range(Some(r.created_at), cmin, cmax) && in_range(order_time(r), omin, omax))
        .collect())
}

/// `GET /trackings/get`
pub fn list(acct: &Account, r: &Req) -> Reply {
    let q = r.query;
    let page = int_param(q, "page")?.unwrap_or(1);
    let limit = int_param(q, "limit")?.unwrap_or(100);
    if page < 1 {
        return Err(err(4012, "page must be 1 or more."));
    }
    if !(1..=2000).contains(&limit) {
        return Err(err(
            4012,
            format!("limit must be between 1 and 2000, got {limit}."),
        ));
    }
    let (umin, umax) = (
        int_param(q, "update_time_min")?,
        int_param(q, "update_time_max")?,
    );
    let numbers = list_param(q, "numbers")?;
    let orders = list_param(q, "orders")?;
    let status = q.get("status").map(|s| s.trim()).filter(|s| !s.is_empty());
    let archived = match q.get("archived").map(|s| s.trim()) {
        None | Some("") => None,
        Some("true") => Some(true),
        Some("false") => Some(false),
        Some(other) => {
            return Err(err(
                4012,
                format!("archived must be true or false, got {other:?}."),
            ))
        }
    };
    let mut matched = Vec::new();
    for rec in time_filtered(acct, q)? {
        if numbers
            .as_ref()
            .is_some_and(|n| !n.contains(&rec.tracking_number))
        {
            continue;
        }
        if let Some(o) = &orders {
            let id = rec
                .fields
                .get("order_id")
                .and_then(Value::as_str)
                .unwrap_or("");
            if !o.iter().any(|x| x == id) {
                continue;
            }
        }
        if archived.is_some_and(|a| a != rec.archived) {
            continue;
        }
        if status.is_some() || umin.is_some() || umax.is_some() {
            let full = timeline::full(rec, r.seed, r.now);
            if status.is_some_and(|s| full["status"] != s) {
                continue;
            }
            let updated = full["updated_at"].as_str().and_then(clock::parse_loose);
            if !in_range(updated, umin, umax) {
                continue;
            }
        }
        matched.push(rec);
    }
    let total = matched.len();
    let start = ((page - 1) * limit) as usize;
    let items: Vec<Value> = matched
        .into_iter()
        .skip(start)
        .take(limit as usize)
        .map(|rec| timeline::full(rec, r.seed, r.now))
        .collect();
    // `total` is a string in real responses; the sandbox reproduces that.
    Ok((
        200,
        json!({"page": page, "limit": limit, "total": total.to_string(), "count": items.len(), "items": items}),
    ))
}

/// Applies `change` to the stored tracking named by each item: `{submitted, <counter>, trackings,
/// errors}` (the shape of updatemore and notupdate).
fn for_each_stored(
    acct: &mut Account,
    r: &Req,
    counter: &str,
    mut change: impl FnMut(&mut Record, &Value) -> Result<Value, ApiError>,
) -> Reply {
    let items = body_array(r, MANY_MAX)?;
    let (mut trackings, mut errors) = (Vec::new(), Vec::new());
    for item in items {
        let result = check_ref(item).and_then(|(n, c)| {
            let rec = acct
                .find_mut(&c, &n)
                .ok_or_else(|| err(4017, "Tracking does not exist."))?;
            change(rec, item)
        });
        match result {
            Ok(v) => trackings.push(v),
            Err(e) => errors.push(item_error(item, &e)),
        }
    }
    let mut data = json!({"submitted": items.len(), "trackings": trackings, "errors": errors});
    data[counter] = Value::from(data["trackings"].as_array().map_or(0, Vec::len));
    Ok((200, data))
}

/// `POST /trackings/updatemore`
pub fn updatemore(acct: &mut Account, r: &Req) -> Reply {
    for_each_stored(acct, r, "updated", |rec, item| {
        apply_update(rec, item, r.now)?;
        Ok(timeline::basic(rec, r.seed, r.now))
    })
}

/// `POST /trackings/delete`
pub fn delete_many(acct: &mut Account, r: &Req) -> Reply {
    let items = body_array(r, MANY_MAX)?;
    let mut deleted = 0;
    let trackings: Vec<Value> = items
        .iter()
        .map(|item| {
            let res = check_ref(item).and_then(|(n, c)| {
                acct.remove(&c, &n)
                    .ok_or_else(|| err(4017, "Tracking does not exist."))
            });
            let (code, message) = match res {
                Ok(_) => {
                    deleted += 1;
                    (200, "Success".to_string())
                }
                Err(e) => (e.code, e.message),
            };
            json!({"meta": {
                "tracking_number": item.get("tracking_number").cloned().unwrap_or(Value::Null),
                "carrier_code": item.get("carrier_code").cloned().unwrap_or(Value::Null),
                "code": code, "message": message }})
        })
        .collect();
    Ok((
        200,
        json!({"submitted": items.len(), "delete": deleted, "trackings": trackings}),
    ))
}

/// `POST /trackings/notupdate`
pub fn notupdate(acct: &mut Account, r: &Req) -> Reply {
    for_each_stored(acct, r, "change", |rec, _| {
        rec.frozen_at.get_or_insert(r.now);
        Ok(
            json!({"tracking_number": rec.tracking_number, "carrier_code": rec.carrier_code, "track_update": false}),
        )
    })
}

/// `POST /trackings/realtime`
pub fn realtime(acct: &mut Account, r: &Req) -> Reply {
    let body = body_object(r)?;
    let (number, carrier) = check_ref(body)?;
    if acct.quota <= 0 {
        return Err(err(4021, crate::envelope::default_message(4021)));
    }
    acct.quota -= 1;
    let item = match acct.find(&carrier, &number) {
        Some(rec) => timeline::full(rec, r.seed, r.now),
        None => {
            // Not stored: the carrier "knows" it from a deterministic ship time in the past.
            let h = hash(r.seed, &["realtime", &carrier, &number]);
            let mut fields = Map::new();
            for k in [
                "destination_code",
                "order_create_time",
                "tracking_postal_code",
                "tracking_ship_date",
            ] {
                if let Some(v) = body.get(k) {
                    fields.insert(k.to_string(), v.clone());
                }
            }
            if let Some(o) = body.get("order") {
                fields.insert("order_id".into(), o.clone());
            }
            let created = r.now - 3600 * (2 + (h % 200) as i64);
            let id = format!("{:016x}{:016x}", h, hash(r.seed, &["rt-id", &number]));
            let rec = Record::new(id, number, carrier, created, Scenario::pick(h >> 7), fields);
            timeline::full(&rec, r.seed, r.now)
        }
    };
    Ok((200, json!({"items": [item]})))
}

/// `POST /trackings/update` (change the carrier code)
pub fn change_carrier(acct: &mut Account, r: &Req) -> Reply {
    let body = body_object(r)?;
    let (number, carrier) = check_ref(body)?;
    let new = check_carrier_field(body, "update_carrier_code")?;
    if acct.find(&carrier, &number).is_none() {
        return Err(err(4017, "Tracking does not exist."));
    }
    if new != carrier {
        if acct.find(&new, &number).is_some() {
            return Err(err(4016, "Tracking already exists."));
        }
        acct.rekey(&carrier, &number, &new);
    }
    Ok((200, json!({"Usertag": ""})))
}

/// `GET /trackings/getuserinfo`
/// The doc sample's `phone`, which the sandbox writes unquoted with its `+` (not valid JSON), as
/// captured: clients must tolerate it (see `api.rs`, which writes it so).
pub const USERINFO_PHONE: i64 = 8_612_345_678_910;

pub fn userinfo(acct: &Account) -> Reply {
    Ok((
        200,
        json!({"email": acct.email, "regtime": acct.regtime.to_string(), "phone": USERINFO_PHONE, "money": 999, "track_number": acct.quota}),
    ))
}

/// The eight v2 statuses.
pub const STATUSES: [&str; 8] = [
    "pending",
    "notfound",
    "transit",
    "pickup",
    "delivered",
    "undelivered",
    "exception",
    "expired",
];

/// `GET /trackings/getstatusnumber`
pub fn status_counts(acct: &Account, r: &Req) -> Reply {
    let mut counts: Map<String, Value> = STATUSES
        .iter()
        .map(|s| (s.to_string(), Value::from(0)))
        .collect();
    let recs = time_filtered(acct, r.query)?;
    for rec in &recs {
        let s = timeline::snapshot(rec, r.seed, r.now).status;
        if let Some(Value::Number(n)) = counts.get(&s) {
            let next = n.as_u64().unwrap_or(0) + 1;
            counts.insert(s, Value::from(next));
        }
    }
    counts.insert("total".into(), Value::from(recs.len()));
    Ok((200, Value::Object(counts)))
}

/// `POST /trackings/remote`
pub fn remote(acct: &mut Account, r: &Req) -> Reply {
    let items = body_array(r, MANY_MAX)?;
    if !acct.charge_cheap_call() {
        return Err(err(4021, crate::envelope::default_message(4021)));
    }
    let (mut remote, mut other) = (Vec::new(), Vec::new());
    for item in items {
        let country = text(item, "country").unwrap_or_default();
        let postcode = text(item, "postcode").unwrap_or_default();
        match data::remote(&country, &postcode, text(item, "company").as_deref()) {
            Some(hits) => remote.extend(hits),
            None => other.push(item.clone()),
        }
    }
    Ok((
        200,
        json!({"submitted": items.len(), "other": other, "remote": remote}),
    ))
}

/// `POST /trackings/costtime`
pub fn costtime(r: &Req) -> Reply {
    let items = body_array(r, MANY_MAX)?;
    let mut out = Vec::new();
    for item in items {
        let carrier = check_carrier_field(item, "carrier_code")?;
        let (o, d) = (
            text(item, "original").unwrap_or_default(),
            text(item, "destination").unwrap_or_default(),
        );
        if o.len() != 2 || d.len() != 2 {
            return Err(err(
                4012,
                "original and destination must be two-letter country codes.",
            ));
        }
        out.push(data::costtime(r.seed, &carrier, &o, &d));
    }
    Ok((200, Value::Array(out)))
}

/// `POST /trackings/aircargo`
pub fn aircargo(r: &Req) -> Reply {
    let body = body_object(r)?;
    let numbers: Vec<String> = match body.get("track_number") {
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect(),
        Some(Value::String(s)) => s.split(',').map(|x| x.trim().to_string()).collect(),
        _ => Vec::new(),
    };
    let numbers: Vec<String> = numbers.into_iter().filter(|n| !n.is_empty()).collect();
    if numbers.is_empty() {
        return Err(err(4013, "track_number is required."));
    }
    if numbers.len() > BATCH_MAX {
        return Err(err(
            4020,
            format!("Up to {BATCH_MAX} air waybills at a time."),
        ));
    }
    let out: Vec<Value> = numbers
        .iter()
        .map(|n| {
            data::aircargo(r.seed, r.now, n).unwrap_or_else(
                || json!({"track_number": n, "status_number": 0, "status": "invalid", "message": "Not an air waybill number (3-digit airline prefix and 8 digits)."}),
            )
        })
        .collect();
    Ok((200, Value::Array(out)))
}

/// `GET /carriers`
pub fn carriers(r: &Req) -> Reply {
    let _lang = r.lang_header; // en, cn, tw, es, ru, it: the sandbox has English names only.
    Ok((200, Value::Array(data::carriers().to_vec())))
}

/// `POST /carriers/detect`
pub fn detect(acct: &mut Account, r: &Req) -> Reply {
    let body = body_object(r)?;
    let number = text(body, "tracking_number")
        .filter(|s| !s.is_empty())
        .ok_or_else(|| err(4013, "tracking_number is required."))?;
    if !acct.charge_cheap_call() {
        return Err(err(4021, crate::envelope::default_message(4021)));
    }
    let found: Vec<Value> = data::detect(&number)
        .into_iter()
        .filter_map(|code| data::carrier(code).map(|c| json!({"name": c["name"], "code": code})))
        .collect();
    if found.is_empty() {
        return Err(err(4032, crate::envelope::default_message(4032)));
    }
    Ok((200, Value::Array(found)))
}

/// Loads an account with trackings in every status (`--seed-demo`).
pub fn seed_demo(acct: &mut Account, seed: u64, now: i64) {
    use Scenario::*;
    // (carrier, scenario, age in hours)
    let plan: &[(&str, Scenario, f64)] = &[
        ("ups", Delivered, 0.3),
        ("dhl", FailedAttempt, 0.5),
        ("fedex", NotFound, 10.0),
        ("dhl", Delivered, 2.0),
        ("usps", NotFound, 30.0),
        ("ups", Delivered, 25.0),
        ("fedex", Delivered, 40.0),
        ("dhl", Delivered, 55.0),
        ("ups", Delivered, 70.0),
        ("china-post", Delivered, 100.0),
        ("singapore-post", Delivered, 130.0),
        ("usps", Stuck, 100.0),
        ("ups", Delivered, 84.5),
        ("fedex", FailedAttempt, 84.5),
        ("dhl", Delivered, 84.5),
        ("ups", Delivered, 100.0),
        ("dhl", Delivered, 150.0),
        ("fedex", Delivered, 300.0),
        ("usps", FailedAttempt, 120.0),
        ("china-post", Delivered, 400.0),
        ("royal-mail", Delivered, 500.0),
        ("ups", FailedAttempt, 95.0),
        ("dhl", FailedAttempt, 96.0),
        ("fedex", FailedAttempt, 97.0),
        ("ups", Customs, 70.0),
        ("dhl", Returned, 95.0),
        ("fedex", Returned, 120.0),
        ("china-post", Customs, 250.0),
        ("ups", Stuck, 800.0),
        ("dhl", NotFound, 900.0),
        ("china-post", NotFound, 1500.0),
        ("usps", Stuck, 1000.0),
    ];
    let emails = [
        json!(""),
        Value::Null,
        json!("null"),
        json!("alice@example.com"),
        json!(["bob@example.com", "carol@example.com"]),
    ];
    let order_times = [
        json!(0),
        Value::Null,
        json!("2024-05-01 10:08"),
        json!("2024/5/1 10:08"),
    ];
    let names = [
        "Alice Martin",
        "Bob Chen",
        "Carol Diaz",
        "Dan Okafor",
        "Eve Novak",
    ];
    let titles = [
        "Running shoes",
        "Coffee grinder",
        "Phone case",
        "Desk lamp",
        "Wool scarf",
        "Headphones",
    ];
    for (i, (carrier, scenario, age)) in plan.iter().enumerate() {
        let h = hash(seed, &["demo", &i.to_string()]);
        let number = demo_number(carrier, h);
        let mut fields = Map::new();
        fields.insert("title".into(), json!(titles[i % titles.len()]));
        fields.insert("customer_name".into(), json!(names[i % names.len()]));
        fields.insert("customer_email".into(), emails[i % emails.len()].clone());
        fields.insert("order_id".into(), json!(format!("#{}", 1000 + i)));
        fields.insert(
            "order_create_time".into(),
            order_times[i % order_times.len()].clone(),
        );
        fields.insert(
            "destination_code".into(),
            json!(["US", "GB", "CO", "AU", "CA"][i % 5]),
        );
        let created = now - (age * 3600.0) as i64;
        let id = format!("{:016x}{:016x}", h, hash(seed, &["demo-id", &number]));
        let mut rec = Record::new(id, number, carrier.to_string(), created, *scenario, fields);
        rec.notified_status = Some(timeline::snapshot(&rec, seed, now).status);
        acct.insert(rec);
    }
}

/// A realistic-looking number for a carrier.
fn demo_number(carrier: &str, h: u64) -> String {
    let digits = |n: usize, mut x: u64| -> String {
        (0..n)
            .map(|_| {
                let d = (x % 10) as u8;
                x = (x / 10) ^ x.rotate_left(13);
                char::from(b'0' + d)
            })
            .collect()
    };
    match carrier {
        "ups" => format!("1Z{:06X}{}", h & 0xFF_FFFF, digits(10, h >> 3)),
        "usps" => format!("9400{}", digits(18, h)),
        "dhl" => digits(10, h),
        "fedex" => digits(12, h),
        "china-post" => format!("LK{}CN", digits(9, h)),
        "singapore-post" => format!("RP{}SG", digits(9, h)),
        "royal-mail" => format!("RR{}GB", digits(9, h)),
        _ => digits(12, h),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_seed_covers_every_status() {
        let mut a = Account::new("d@x".into(), 100, 0);
        let now = 1_700_000_000;
        seed_demo(&mut a, 1, now);
        let seen: std::collections::HashSet<String> = a
            .trackings
            .values()
            .map(|r| timeline::snapshot(r, 1, now).status)
            .collect();
        for s in STATUSES {
            assert!(seen.contains(s), "no {s} in the demo data: {seen:?}");
        }
        for r in a.trackings.values() {
            let detected = data::detect(&r.tracking_number);
            assert!(
                detected.contains(&r.carrier_code.as_str()),
                "{} {} detected as {detected:?}",
                r.carrier_code,
                r.tracking_number
            );
        }
    }
}
