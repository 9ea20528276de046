//! Every operation of the API, defined once: its name, its arguments and their checks, its
//! request(s), and how the answer becomes the result. Both APIs run these: the JS class calls
//! the wasm export `call(engine, op, …)` with the operation's place in [`OPERATIONS`] and its
//! arguments, the Rust [`crate::Client`] calls [`Client::call`](crate::Client::call) with its
//! name and typed inputs encoded, and a [`Plan`] comes back for the driver to run.
//!
//! Adding an endpoint: its row in [`crate::endpoints`], its name in [`OPERATIONS`] and its arm in
//! [`prepare_op`] at the same place (a test pins every place to its request), its model types in
//! [`crate::model`] and `src/outputs.d.ts`, its declaration in `src/js/api.d.ts`, a typed method on
//! [`crate::Client`], and the sandbox.

use crate::batch;
use crate::doc::Doc;
use crate::encode::{self, HttpRequest};
use crate::endpoints::{Endpoint, Method};
use crate::error::{cat, Error};
use crate::plan::{Batch, Finish, Plan, Unit};
use crate::shape::Shape;
use crate::validate;

/// The operations, by their JS method names, space-separated (the `TrackingMore` class has
/// exactly these, plus `allTrackings` and `free`).
pub const OPERATIONS: &str = "carriers detectCarrier createTracking getTracking updateTracking \
deleteTracking realtimeTracking changeCarrier createTrackings listTrackings updateTrackings \
deleteTrackings stopUpdating userInfo statusCounts checkRemote transitTimes airCargo";

/// A checked call: its plan, and the options argument it was given (drivers read their own
/// options from it: `signal`, `onProgress`).
pub struct Prepared<D> {
    /// What to send and how the answers become the result.
    pub plan: Plan,
    /// The call's options argument (`undefined` / `null` when not given).
    pub opts: D,
}

/// Checks the arguments of operation `name` (`args` as the JS method receives them) and plans its
/// requests. An unknown name is an `INVALID_INPUT` error, never another operation.
pub fn prepare<D: Doc>(name: &str, args: &[D; 4]) -> Result<Prepared<D>, Error> {
    let op = OPERATIONS.split(' ').position(|n| n == name);
    let op = op.ok_or_else(|| Error::invalid(cat(&["no such operation: ", name])))?;
    prepare_op(op, args)
}

/// [`prepare`] by the operation's place in [`OPERATIONS`] (the JS class's methods call it so:
/// no name crosses per call, and no name is compared). A place past the list is an
/// `INVALID_INPUT` error.
pub fn prepare_op<D: Doc>(op: usize, args: &[D; 4]) -> Result<Prepared<D>, Error> {
    let [a, b, c, d] = args;
    let (plan, opts) = match op {
        // carriers
        0 => {
            let mut r = HttpRequest::new(Method::Get, "/carriers".into());
            r.lang_header = lang_of(a)?;
            (one(Endpoint::Carriers, r, Shape::Data), a)
        }
        // detectCarrier
        1 => {
            let n = string_arg(a, "trackingNumber")?;
            validate::tracking_number(&n)?;
            let mut body = D::object();
            body.set("tracking_number", D::string(&n));
            (
                one(
                    Endpoint::DetectCarrier,
                    post(Endpoint::DetectCarrier, &body)?,
                    Shape::Data,
                ),
                b,
            )
        }
        // createTracking
        2 => (create_tracking(a)?, b),
        // getTracking
        3 => {
            let (cc, n) = tracking_args(a, b)?;
            let path = encode::tracking_path(&cc, &n, lang_of(c)?.as_deref());
            let r = HttpRequest::new(Method::Get, path);
            (one(Endpoint::GetTracking, r, Shape::Tracking), c)
        }
        // updateTracking
        4 => {
            let (cc, n) = tracking_args(a, b)?;
            object_arg(c, "fields")?;
            validate::update_fields(c, "fields")?;
            let r = HttpRequest::new(Method::Put, encode::tracking_path(&cc, &n, None))
                .with_body(c.to_json()?);
            (one(Endpoint::UpdateTracking, r, Shape::Tracking), d)
        }
        // deleteTracking
        5 => {
            let (cc, n) = tracking_args(a, b)?;
            let r = HttpRequest::new(Method::Delete, encode::tracking_path(&cc, &n, None));
            let mut unit = Unit::new(Endpoint::DeleteTracking, r);
            unit.gone_is_done = true;
            (Plan::one(unit, Shape::Nothing), c)
        }
        // realtimeTracking
        6 => {
            object_item(a)?;
            let r = post(Endpoint::RealtimeTracking, a)?;
            (one(Endpoint::RealtimeTracking, r, Shape::FirstItem), b)
        }
        // changeCarrier
        7 => {
            let (cc, n) = tracking_args(a, b)?;
            let nc = string_arg(c, "newCarrierCode")?;
            validate::carrier_code(&nc)?;
            let mut body = D::object();
            body.set("tracking_number", D::string(&n));
            body.set("carrier_code", D::string(&cc));
            body.set("update_carrier_code", D::string(&nc));
            let r = post(Endpoint::ChangeCarrier, &body)?;
            (one(Endpoint::ChangeCarrier, r, Shape::Nothing), d)
        }
        // createTrackings
        8 => {
            let (batch, units) = chunked(Endpoint::CreateTrackings, a, "inputs", false)?;
            let concurrency = match b.field("concurrency") {
                v if v.is_nothing() => 2.0,
                v => v
                    .as_f64()
                    .filter(|n| n.is_finite() && *n >= 0.0)
                    .ok_or_else(|| Error::invalid("concurrency must be a number >= 1"))?
                    .max(1.0),
            };
            let plan = Plan {
                units,
                finish: Finish::Create(batch),
                concurrency: concurrency as usize,
            };
            (plan, b)
        }
        // listTrackings
        9 => (
            one(Endpoint::ListTrackings, list_request(a)?, Shape::Page),
            b,
        ),
        // updateTrackings
        10 => (many(Endpoint::UpdateTrackings, a, true)?, b),
        // deleteTrackings
        11 => (many(Endpoint::DeleteTrackings, a, false)?, b),
        // stopUpdating
        12 => (many(Endpoint::StopUpdating, a, false)?, b),
        // userInfo
        13 => {
            let r = HttpRequest::new(Method::Get, "/trackings/getuserinfo".into());
            (one(Endpoint::UserInfo, r, Shape::UserInfo), a)
        }
        // statusCounts
        14 => {
            optional_object(a, "query")?;
            let path = encode::with_query("/trackings/getstatusnumber", &query_pairs(a));
            let r = HttpRequest::new(Method::Get, path);
            (one(Endpoint::StatusCounts, r, Shape::Counts), b)
        }
        // checkRemote
        15 => {
            let list = array_arg(a, "queries")?;
            if list
                .iter()
                .any(|q| q.text("country").is_none() || q.text("postcode").is_none())
            {
                return Err(Error::invalid("every query needs country and postcode"));
            }
            (
                one(
                    Endpoint::CheckRemote,
                    post(Endpoint::CheckRemote, a)?,
                    Shape::Remote,
                ),
                b,
            )
        }
        // transitTimes
        16 => {
            for q in array_arg(a, "queries")? {
                validate::carrier_code(&q.text("carrier_code").unwrap_or_default())?;
            }
            (
                one(
                    Endpoint::TransitTimes,
                    post(Endpoint::TransitTimes, a)?,
                    Shape::Data,
                ),
                b,
            )
        }
        // airCargo
        17 => {
            for n in array_arg(a, "awbNumbers")? {
                validate::tracking_number(&string_arg(&n, "each air waybill number")?)?;
            }
            let mut body = D::object();
            body.set("track_number", a.clone());
            body.set("lang", D::string(lang_of(b)?.as_deref().unwrap_or("en")));
            (
                one(
                    Endpoint::AirCargo,
                    post(Endpoint::AirCargo, &body)?,
                    Shape::Data,
                ),
                b,
            )
        }
        _ => {
            return Err(Error::invalid(cat(&[
                "no such operation: ",
                &crate::error::int_text(op as i64),
            ])))
        }
    };
    Ok(Prepared {
        plan,
        opts: opts.clone(),
    })
}

/// `POST /trackings/post`. Safe to retry: a retry answering 4016 after an attempt that may have
/// created the tracking resolves with it (one GET) instead of failing.
fn create_tracking<D: Doc>(input: &D) -> Result<Plan, Error> {
    let (n, c) = object_item(input)?;
    let mut unit = Unit::new(
        Endpoint::CreateTracking,
        post(Endpoint::CreateTracking, input)?,
    );
    unit.then_get = Some(HttpRequest::new(
        Method::Get,
        encode::tracking_path(&c, &n, None),
    ));
    Ok(Plan::one(unit, Shape::Tracking))
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
    let keys = validate::items(&items, check_update)?;
    let ranges = batch::chunks(keys.len(), ep.chunk().unwrap_or(40));
    let mut units = Vec::with_capacity(ranges.len());
    for &(s, e) in &ranges {
        units.push(Unit::new(ep, post(ep, &inputs.slice(s, e))?));
    }
    Ok((Batch::new(keys, ranges), units))
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
    validate::item(input, "input")
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn prep(name: &str, args: [Value; 4]) -> Result<Prepared<Value>, Error> {
        prepare(name, &args)
    }

    #[test]
    fn every_operation_is_defined_and_unknown_names_are_refused() {
        assert_eq!(OPERATIONS.split(' ').count(), 18);
        for name in OPERATIONS.split(' ') {
            // Wrong arguments reach the operation's own checks, never "no such operation".
            let e = prep(name, [Value::Null, Value::Null, Value::Null, Value::Null]);
            if let Err(e) = e {
                assert!(!e.message().contains("no such operation"), "{name}");
            }
        }
        let e = prep("getTrackings", Default::default()).err().unwrap();
        assert_eq!(e.message(), "no such operation: getTrackings");
        let e = prepare_op::<Value>(18, &Default::default()).err().unwrap();
        assert_eq!(e.message(), "no such operation: 18");
    }

    /// Each place of [`OPERATIONS`] is the operation of that name: its request, by name.
    #[test]
    fn every_place_sends_its_operations_request() {
        let item = json!({"tracking_number": "RN1", "carrier_code": "dhl"});
        let cases: [(&str, Vec<Value>, &str, &str); 18] = [
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
        ];
        for (op, (name, given, method, path)) in cases.into_iter().enumerate() {
            assert_eq!(OPERATIONS.split(' ').nth(op), Some(name));
            let mut args: [Value; 4] = Default::default();
            for (slot, v) in args.iter_mut().zip(given) {
                *slot = v;
            }
            let p = prepare_op(op, &args).unwrap_or_else(|e| panic!("{name}: {}", e.message()));
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
