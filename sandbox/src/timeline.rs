//! Deterministic shipment timelines: each tracking follows a scenario whose checkpoints appear as
//! (virtual) time passes, and the full v2 tracking object is built from what is visible "now".

use crate::clock;
use crate::data::{self, hash};
use crate::store::Record;
use serde_json::{json, Map, Value};

/// What will happen to a shipment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// Moves through transit to delivery.
    Delivered,
    /// Held by customs (exception006).
    Customs,
    /// One failed delivery attempt (undelivered), then delivered.
    FailedAttempt,
    /// The carrier never knows it: notfound, then expired.
    NotFound,
    /// Stops moving after dispatch, then expires.
    Stuck,
    /// Refused by the addressee and returning to the sender.
    Returned,
}

impl Scenario {
    /// Picks a scenario for a new tracking from its hash (most shipments arrive).
    pub fn pick(h: u64) -> Scenario {
        match h % 20 {
            0..=10 => Scenario::Delivered,
            11 | 12 => Scenario::FailedAttempt,
            13 | 14 => Scenario::Customs,
            15 | 16 => Scenario::NotFound,
            17 | 18 => Scenario::Stuck,
            _ => Scenario::Returned,
        }
    }
}

/// Where a checkpoint happens.
#[derive(Clone, Copy)]
enum Place {
    Origin,
    OriginHub,
    DestHub,
    Dest,
}

/// One checkpoint template: hours after creation (express speed), status, substatus, text, place,
/// and the milestone it sets.
type Step = (
    f64,
    &'static str,
    Option<&'static str>,
    &'static str,
    Place,
    Option<&'static str>,
);

const FIRST: [Step; 3] = [
    (
        3.0,
        "notfound",
        Some("notfound001"),
        "Shipment information received, awaiting pickup",
        Place::Origin,
        None,
    ),
    (
        10.0,
        "transit",
        Some("transit001"),
        "Picked up by courier",
        Place::Origin,
        Some("ItemReceived"),
    ),
    (
        20.0,
        "transit",
        Some("transit002"),
        "Departed sorting center",
        Place::OriginHub,
        Some("ItemDispatched"),
    ),
];
const MIDDLE: [Step; 4] = [
    (
        30.0,
        "transit",
        Some("transit001"),
        "Departed airport of origin",
        Place::OriginHub,
        Some("DepartfromAirport"),
    ),
    (
        50.0,
        "transit",
        Some("transit004"),
        "Arrived in destination country",
        Place::DestHub,
        Some("ArrivalfromAbroad"),
    ),
    (
        62.0,
        "transit",
        Some("transit005"),
        "Customs clearance completed",
        Place::DestHub,
        Some("CustomsClearance"),
    ),
    (
        74.0,
        "transit",
        Some("transit003"),
        "Arrived at delivery facility",
        Place::Dest,
        Some("DestinationArrived"),
    ),
];
const OUT_FOR_DELIVERY: Step = (82.0, "pickup", None, "Out for delivery", Place::Dest, None);
const DELIVERED_TEXT: [(&str, &str); 4] = [
    ("delivered001", "Delivered"),
    (
        "delivered002",
        "Picked up by the customer at the post office",
    ),
    ("delivered003", "Delivered, signed for by the addressee"),
    ("delivered004", "Delivered, left at the front door"),
];

const ORIGINS: &[(&str, &str)] = &[
    ("Shenzhen", "China"),
    ("Hong Kong", "Hong Kong [CN]"),
    ("Los Angeles, CA", "United States"),
    ("Leipzig", "Germany"),
    ("Singapore", "Singapore"),
];
const DESTS: &[(&str, &str)] = &[
    ("New York, NY", "United States"),
    ("London", "United Kingdom"),
    ("Bogota", "Colombia"),
    ("Sydney", "Australia"),
    ("Toronto", "Canada"),
    ("Paris", "France"),
];

/// A checkpoint with its absolute (virtual) time.
pub struct Event {
    pub ts: i64,
    pub status: &'static str,
    pub substatus: Option<&'static str>,
    pub text: String,
    pub details: String,
    pub node: Option<&'static str>,
    /// True once the destination country's carrier has the parcel.
    pub at_destination: bool,
}

fn steps(s: Scenario, h: u64) -> Vec<Step> {
    let mut v: Vec<Step> = FIRST.to_vec();
    let delivered = |at: f64| -> Step {
        let (sub, text) = DELIVERED_TEXT[(h >> 40) as usize % DELIVERED_TEXT.len()];
        (at, "delivered", Some(sub), text, Place::Dest, None)
    };
    match s {
        Scenario::NotFound => return Vec::new(),
        Scenario::Stuck => return v,
        Scenario::Customs => {
            v.extend_from_slice(&MIDDLE[..2]);
            v.push((
                60.0,
                "exception",
                Some("exception006"),
                "Held by customs",
                Place::DestHub,
                None,
            ));
        }
        Scenario::Delivered => {
            v.extend_from_slice(&MIDDLE);
            v.push(OUT_FOR_DELIVERY);
            v.push(delivered(88.0));
        }
        Scenario::FailedAttempt => {
            v.extend_from_slice(&MIDDLE);
            v.push(OUT_FOR_DELIVERY);
            v.push((
                86.0,
                "undelivered",
                None,
                "Delivery attempted, addressee not available",
                Place::Dest,
                None,
            ));
            v.push((
                106.0,
                "pickup",
                None,
                "Out for delivery (second attempt)",
                Place::Dest,
                None,
            ));
            v.push(delivered(110.0));
        }
        Scenario::Returned => {
            v.extend_from_slice(&MIDDLE);
            v.push(OUT_FOR_DELIVERY);
            v.push((
                90.0,
                "exception",
                Some("exception009"),
                "Refused by the addressee",
                Place::Dest,
                None,
            ));
            v.push((
                100.0,
                "exception",
                Some("exception011"),
                "Returning to sender",
                Place::DestHub,
                None,
            ));
        }
    }
    v
}

/// Every checkpoint the record's scenario will ever produce, oldest first.
pub fn events(rec: &Record, seed: u64) -> Vec<Event> {
    let h = hash(seed, &["timeline", &rec.carrier_code, &rec.tracking_number]);
    let factor = if data::is_postal(&rec.carrier_code) {
        3.0
    } else {
        1.0
    };
    let (ocity, _) = ORIGINS[(h % ORIGINS.len() as u64) as usize];
    let (dcity, _) = DESTS[((h >> 8) % DESTS.len() as u64) as usize];
    steps(rec.scenario, h)
        .into_iter()
        .enumerate()
        .map(|(i, (hours, status, substatus, text, place, node))| {
            let jitter = ((h >> (i % 8 * 7)) % 50) as f64 * 60.0;
            let details = match place {
                Place::Origin => ocity.to_string(),
                Place::OriginHub => format!("{ocity} International Hub"),
                Place::DestHub => format!("{dcity} International Hub"),
                Place::Dest => dcity.to_string(),
            };
            Event {
                ts: rec.created_at + (hours * 3600.0 * factor + jitter) as i64,
                status,
                substatus,
                text: text.to_string(),
                details,
                node,
                at_destination: matches!(place, Place::DestHub | Place::Dest) && hours >= 50.0,
            }
        })
        .collect()
}

/// Status, substatus and the visible checkpoints of a record at virtual time `now`.
pub struct Snapshot {
    pub status: String,
    pub substatus: Option<String>,
    pub visible: Vec<Event>,
    pub track_update: bool,
}

/// Days after creation when an undelivered shipment expires.
fn expiry_days(carrier: &str) -> i64 {
    if data::is_postal(carrier) {
        60
    } else {
        30
    }
}

/// What the record looks like at `now`.
pub fn snapshot(rec: &Record, seed: u64, now: i64) -> Snapshot {
    let at = rec.frozen_at.map_or(now, |f| f.min(now));
    let age = at - rec.created_at;
    let mut visible: Vec<Event> = if age < 3600 {
        Vec::new()
    } else {
        events(rec, seed)
            .into_iter()
            .filter(|e| e.ts <= at)
            .collect()
    };
    let (mut status, mut substatus) = match visible.last() {
        _ if age < 3600 => ("pending".to_string(), None),
        None => ("notfound".to_string(), Some("notfound002".to_string())),
        Some(e) => (e.status.to_string(), e.substatus.map(str::to_string)),
    };
    if !matches!(status.as_str(), "delivered" | "exception")
        && age > expiry_days(&rec.carrier_code) * 86_400
    {
        status = "expired".into();
        substatus = None;
    }
    if let Some(manual) = &rec.manual_status {
        status = manual.clone();
        substatus = None;
    }
    let finished = matches!(status.as_str(), "delivered" | "expired");
    visible.reverse(); // newest first, as the API sends them
    Snapshot {
        status,
        substatus,
        visible,
        track_update: rec.frozen_at.is_none() && !finished,
    }
}

fn info(rec: &Record, carrier: &str, events: &[&Event]) -> Value {
    let c = data::carrier(carrier);
    let field = |k: &str| c.and_then(|c| c.get(k)).cloned().unwrap_or(Value::Null);
    let mut m = Map::new();
    m.insert("ReferenceNumber".into(), Value::Null);
    for node in [
        "ItemReceived",
        "ItemDispatched",
        "DepartfromAirport",
        "ArrivalfromAbroad",
        "CustomsClearance",
        "DestinationArrived",
    ] {
        let v = events
            .iter()
            .find(|e| e.node == Some(node))
            .map(|e| Value::from(clock::local(e.ts)));
        m.insert(node.into(), v.unwrap_or(Value::Null));
    }
    m.insert("weblink".into(), field("homepage"));
    m.insert("phone".into(), field("phone"));
    m.insert("carrier_code".into(), Value::from(carrier));
    let trackinfo: Vec<Value> = events
        .iter()
        .map(|e| {
            let mut t = json!({
                "Date": clock::local(e.ts),
                "StatusDescription": e.text,
                "Details": e.details,
                "checkpoint_status": e.status,
            });
            if let Some(n) = e.node {
                t["ItemNode"] = n.into();
            }
            if let Some(s) = e.substatus {
                t["substatus"] = s.into();
            }
            t
        })
        .collect();
    m.insert("trackinfo".into(), Value::Array(trackinfo));
    let _ = rec;
    Value::Object(m)
}

/// The national post that takes over postal parcels in a destination country.
fn destination_carrier(code: &str) -> Option<&'static str> {
    match code.to_ascii_uppercase().as_str() {
        "US" => Some("usps"),
        "GB" => Some("royal-mail"),
        "CO" => Some("colombia-post"),
        "AU" => Some("australia-post"),
        "CA" => Some("canada-post"),
        "DE" => Some("deutsche-post"),
        _ => None,
    }
}

fn field(rec: &Record, k: &str) -> Value {
    rec.fields.get(k).cloned().unwrap_or(Value::Null)
}

/// The short object create / update answer with.
pub fn basic(rec: &Record, seed: u64, now: i64) -> Value {
    let snap = snapshot(rec, seed, now);
    json!({
        "id": rec.id,
        "tracking_number": rec.tracking_number,
        "carrier_code": rec.carrier_code,
        "order_create_time": field(rec, "order_create_time"),
        "status": snap.status,
        "created_at": clock::iso(rec.created_at),
        "updated_at": rec.updated_at.map(clock::iso),
        "customer_email": field(rec, "customer_email"),
        "customer_name": field(rec, "customer_name"),
        "customer_phone": field(rec, "customer_phone"),
        "order_id": field(rec, "order_id"),
        "comment": field(rec, "comment"),
        "title": field(rec, "title"),
        "logistics_channel": field(rec, "logistics_channel"),
        "destination": rec.fields.get("destination_code").cloned().unwrap_or(Value::from("")),
        "archived": rec.archived,
    })
}

/// The full tracking object (single GET, list items, realtime, webhooks).
pub fn full(rec: &Record, seed: u64, now: i64) -> Value {
    let snap = snapshot(rec, seed, now);
    let h = hash(seed, &["timeline", &rec.carrier_code, &rec.tracking_number]);
    let (_, ocountry) = ORIGINS[(h % ORIGINS.len() as u64) as usize];
    let (_, dcountry) = DESTS[((h >> 8) % DESTS.len() as u64) as usize];
    let dest_code = rec
        .fields
        .get("destination_code")
        .and_then(Value::as_str)
        .unwrap_or("");
    let handover = data::is_postal(&rec.carrier_code)
        .then(|| destination_carrier(dest_code))
        .flatten();
    let (dest_events, origin_events): (Vec<&Event>, Vec<&Event>) = snap
        .visible
        .iter()
        .partition(|e| handover.is_some() && e.at_destination);
    let newest = snap.visible.first();
    let oldest = snap.visible.last();
    let at = rec.frozen_at.map_or(now, |f| f.min(now));
    let mut v = json!({
        "id": rec.id,
        "tracking_number": rec.tracking_number,
        "carrier_code": rec.carrier_code,
        "status": snap.status,
        "substatus": snap.substatus,
        "status_info": null,
        "track_update": snap.track_update,
        "created_at": clock::iso(rec.created_at),
        "updated_at": newest.map(|e| clock::iso(e.ts)).or(rec.updated_at.map(clock::iso)),
        "order_create_time": field(rec, "order_create_time"),
        "customer_email": field(rec, "customer_email"),
        "customer_name": field(rec, "customer_name"),
        "customer_phone": field(rec, "customer_phone"),
        "title": field(rec, "title"),
        "order_id": field(rec, "order_id"),
        "comment": field(rec, "comment"),
        "logistics_channel": field(rec, "logistics_channel"),
        "destination_code": dest_code,
        "archived": rec.archived,
        "original_country": if snap.visible.is_empty() { "" } else { ocountry },
        "destination_country": if snap.visible.is_empty() { "" } else { dcountry },
        "itemTimeLength": match (oldest, newest) { (Some(o), Some(n)) => Value::from((n.ts - o.ts) / 86_400 + 1), _ => Value::Null },
        "stayTimeLength": newest.map_or(0, |n| (at - n.ts) / 86_400),
        "service_code": null,
        "origin_info": info(rec, &rec.carrier_code, &origin_events),
        "destination_info": info(rec, handover.unwrap_or(""), &dest_events),
        "lastEvent": newest.map_or(String::new(), |e| format!("{},{},{}", e.text, e.details, clock::local(e.ts))),
        "lastUpdateTime": newest.map_or(String::new(), |e| clock::local(e.ts)),
        "sandbox_unknown_field": {"kept": true, "why": "clients must keep fields they do not know"},
    });
    if handover.is_none() {
        v["destination_info"]["carrier_code"] = Value::Null;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Record;

    fn rec(s: Scenario, carrier: &str) -> Record {
        Record::new(
            "abc".into(),
            "LK123456789CN".into(),
            carrier.into(),
            1_000_000,
            s,
            Map::new(),
        )
    }

    #[test]
    fn delivered_path_advances() {
        let r = rec(Scenario::Delivered, "ups");
        assert_eq!(snapshot(&r, 1, 1_000_000).status, "pending");
        assert_eq!(snapshot(&r, 1, 1_000_000 + 2 * 3600).status, "notfound");
        assert_eq!(snapshot(&r, 1, 1_000_000 + 25 * 3600).status, "transit");
        let done = snapshot(&r, 1, 1_000_000 + 200 * 3600);
        assert_eq!(done.status, "delivered");
        assert!(!done.track_update);
        assert!(
            done.visible.windows(2).all(|w| w[0].ts >= w[1].ts),
            "newest first"
        );
    }

    #[test]
    fn stuck_and_notfound_expire() {
        let day = 86_400;
        assert_eq!(
            snapshot(&rec(Scenario::Stuck, "ups"), 1, 1_000_000 + 31 * day).status,
            "expired"
        );
        assert_eq!(
            snapshot(
                &rec(Scenario::NotFound, "china-post"),
                1,
                1_000_000 + 31 * day
            )
            .status,
            "notfound"
        );
        assert_eq!(
            snapshot(
                &rec(Scenario::NotFound, "china-post"),
                1,
                1_000_000 + 61 * day
            )
            .status,
            "expired"
        );
    }

    #[test]
    fn frozen_tracking_stops_advancing() {
        let mut r = rec(Scenario::Delivered, "ups");
        r.frozen_at = Some(1_000_000 + 25 * 3600);
        let s = snapshot(&r, 1, 1_000_000 + 500 * 3600);
        assert_eq!(s.status, "transit");
        assert!(!s.track_update);
    }

    #[test]
    fn full_object_has_quirky_fields() {
        let r = rec(Scenario::Delivered, "china-post");
        let v = full(&r, 1, 1_000_000 + 400 * 3600);
        assert_eq!(v["status"], "delivered");
        assert!(v["origin_info"]["trackinfo"]
            .as_array()
            .is_some_and(|a| !a.is_empty()));
        assert!(v["lastEvent"].as_str().is_some_and(|s| s.contains(',')));
        assert_eq!(v["sandbox_unknown_field"]["kept"], true);
    }
}
