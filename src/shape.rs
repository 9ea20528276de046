//! What a call's caller receives, for both APIs: each endpoint's answer shaped ([`Shape`], the
//! real-data quirks fixed), per-item errors in the contract's shape, and the answers of chunked
//! calls merged so that no item is ever lost.

use crate::batch;
use crate::doc::Doc;
use crate::error::{scrub, Error, ErrorCode};
use crate::text::{cat, parse_int};

/// How an endpoint's `data` becomes its result.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Shape {
    /// As returned.
    Data,
    /// One tracking, fixed.
    Tracking,
    /// A list page: counters as numbers, its trackings fixed.
    Page,
    /// `phone` as text, `money` and `track_number` as numbers.
    UserInfo,
    /// Counters as numbers.
    Counts,
    /// The first of `items` (realtime), fixed.
    FirstItem,
    /// `submitted` as a number.
    Remote,
    /// Nothing (`undefined` in JS, `()` in Rust).
    Nothing,
    /// v4: the tracking of this number and courier: the object itself, or the matching item of a
    /// list (`GET /trackings/get`); none is `TrackingNotFound`.
    TrackingV4(String, String),
    /// v4: a list (`data` an array).
    List,
    /// v4 delete: `data` as returned, or `{ id }` when a retried delete found it already gone.
    Deleted(String),
}

/// `o[k]` as a number: numeric text parsed (0 when not a number), `null` → 0.
fn to_number<D: Doc>(o: &mut D, k: &str) {
    if let Some(s) = o.field(k).as_string() {
        let n = D::parse_number(&s);
        o.set(k, D::number(if n.is_nan() { 0.0 } else { n }));
    } else if o.is_null_at(k) {
        o.set(k, D::number(0.0));
    }
}

/// The real-data quirks of one tracking, fixed: `customer_email` (a string, a list, "", null or
/// "null") → a list of addresses; `order_create_time` 0 or "" → null, another number → its text.
/// (Anything but an object is left as it is: fields read from it are absent, and setting them
/// does nothing.) The common case, fields already right, is checked first: on the JS path each
/// check is a call into JS, and a page has thousands of trackings.
pub fn fix_tracking<D: Doc>(t: &mut D) {
    let email = t.field("customer_email");
    if !email.is_array() {
        let text = email
            .as_string()
            .filter(|s| s != "null")
            .unwrap_or_default();
        let trimmed = text.trim_matches(crate::text::is_blank);
        let list = match trimmed {
            "" => Vec::new(),
            // The address as sent when it needs no trimming: no new text made.
            same if same.len() == text.len() => vec![email],
            other => vec![D::string(other)],
        };
        t.set("customer_email", D::array(list));
    }
    let order = t.field("order_create_time");
    match order.as_string() {
        Some(text) if text.is_empty() => t.set("order_create_time", D::null()),
        Some(_) => {}
        None => {
            if let Some(n) = order.as_f64() {
                let text = D::number_text(n).filter(|_| n != 0.0);
                t.set(
                    "order_create_time",
                    text.map_or_else(D::null, |s| D::string(&s)),
                );
            }
        }
    }
}

/// A list page, fixed: `page`, `limit`, `total` and (when present) `count` as numbers (the API
/// sends `total` as text; absent, null or not a number: 0), and each of its trackings fixed.
pub fn fix_page<D: Doc>(p: &mut D) {
    for k in ["page", "limit", "total", "count"] {
        let absent = p.field(k).is_nothing() && !p.is_null_at(k);
        if absent && k != "count" {
            p.set(k, D::number(0.0));
        }
        to_number(p, k);
    }
    let mut items = p.field("items");
    if items.is_array() {
        items.update_items(&mut fix_tracking);
        p.set("items", items);
    } else {
        p.set("items", D::array(Vec::new()));
    }
}

impl Shape {
    /// Shapes `data`; a `Decode` error when it is not what the endpoint answers.
    pub fn apply<D: Doc>(self, mut data: D) -> Result<D, Error> {
        match self {
            Shape::Data => {}
            Shape::Tracking => fix_tracking(&mut data),
            Shape::Page => {
                if !data.is_object() {
                    return Err(Error::new(
                        ErrorCode::Decode,
                        "the list answer has no page object",
                    ));
                }
                fix_page(&mut data);
            }
            Shape::UserInfo => {
                if let Some(n) = data.field("phone").as_f64() {
                    let text = D::number_text(n).unwrap_or_default();
                    data.set("phone", D::string(&text));
                }
                to_number(&mut data, "money");
                to_number(&mut data, "track_number");
            }
            Shape::Counts => {
                for k in &data.keys() {
                    let numeric = data.field(k).as_string().is_some_and(|s| {
                        !s.trim_ascii().is_empty() && !D::parse_number(&s).is_nan()
                    });
                    if numeric {
                        to_number(&mut data, k);
                    }
                }
            }
            Shape::Remote => to_number(&mut data, "submitted"),
            Shape::FirstItem => {
                let mut first = data.field("items").items().into_iter().next();
                return match first.as_mut().filter(|f| f.is_object()) {
                    Some(f) => {
                        fix_tracking(f);
                        Ok(f.clone())
                    }
                    None => Err(Error::new(
                        ErrorCode::Decode,
                        "the realtime answer has no items",
                    )),
                };
            }
            Shape::Nothing => return Ok(D::nothing()),
            Shape::TrackingV4(number, courier) => {
                let is_it = |t: &D| {
                    t.text("tracking_number").as_deref() == Some(&*number)
                        && t.text("courier_code").as_deref() == Some(&*courier)
                };
                if !data.is_array() {
                    return if is_it(&data) {
                        Ok(data)
                    } else {
                        Err(Error::new(
                            ErrorCode::Decode,
                            "the answer is not the tracking asked for",
                        ))
                    };
                }
                let matching = data.items().into_iter().find(is_it);
                return matching.ok_or_else(|| {
                    Error::new(
                        ErrorCode::TrackingNotFound,
                        cat(&["no tracking of ", &number, " with courier ", &courier]),
                    )
                });
            }
            Shape::List => {
                if !data.is_array() {
                    return Err(Error::new(
                        ErrorCode::Decode,
                        "the list answer is not an array",
                    ));
                }
            }
            Shape::Deleted(id) => {
                if data.is_nothing() || (data.is_array() && data.array_len() == 0) {
                    let mut gone = D::object();
                    gone.set("id", D::string(&id));
                    return Ok(gone);
                }
            }
        }
        Ok(data)
    }
}

/// The names a version's batch answers use.
#[derive(Debug, PartialEq, Eq)]
pub struct BatchFields {
    /// The list of created items (`trackings` in v2, `success` in v4).
    pub created: &'static str,
    /// The list of refused items (`errors` in v2, `error` in v4).
    pub refused: &'static str,
    /// The courier code of an item (`carrier_code` in v2, `courier_code` in v4).
    pub courier: &'static str,
    /// A refused item's meta code (`code` in v2, `errorCode` in v4).
    pub code: &'static str,
    /// A refused item's message (`message` in v2, `errorMessage` in v4).
    pub message: &'static str,
    /// Whether created items are full trackings whose quirks are fixed (v2).
    pub fix: bool,
}

/// v2's batch answers.
pub const V2_BATCH: BatchFields = BatchFields {
    created: "trackings",
    refused: "errors",
    courier: "carrier_code",
    code: "code",
    message: "message",
    fix: true,
};

/// v4's batch answers.
pub const V4_BATCH: BatchFields = BatchFields {
    created: "success",
    refused: "error",
    courier: "courier_code",
    code: "errorCode",
    message: "errorMessage",
    fix: false,
};

/// A per-item error in the contract's shape: `{tracking_number, carrier_code, code, metaCode?,
/// message}` (`courier_code` in v4: `courier` names the field).
pub fn item_error<D: Doc>(
    courier_field: &str,
    (number, carrier): (&str, &str),
    code: ErrorCode,
    meta: Option<i64>,
    message: &str,
) -> D {
    let mut o = D::object();
    o.set("tracking_number", D::string(number));
    o.set(courier_field, D::string(carrier));
    o.set("code", D::string(code.as_str()));
    if let Some(m) = meta {
        o.set("metaCode", D::number(m as f64));
    }
    o.set("message", D::string(message));
    o
}

/// A code field (`code`, `errorCode`) as the API sends it: a number, or a number in a string.
pub fn meta_code_of<D: Doc>(v: &D, field: &str) -> Option<i64> {
    let c = v.field(field);
    c.as_f64()
        .map(|n| n as i64)
        .or_else(|| c.as_string().and_then(|s| parse_int(&s)))
}

/// An item the API reported as failed (`{tracking_number, carrier_code, code: 4016, message}`;
/// in v4 `{…, courier_code, errorCode: 4101, errorMessage}`) in the contract's shape
/// (`code: "TRACKING_EXISTS", metaCode: 4016`), its message scrubbed.
pub fn api_item_error<D: Doc>(f: &BatchFields, v: &D, secret: Option<&str>) -> D {
    let meta = meta_code_of(v, f.code);
    let code = meta
        .and_then(ErrorCode::from_meta)
        .unwrap_or(ErrorCode::BadRequest);
    let (number, courier) = key_of(f, v);
    item_error(
        f.courier,
        (&number, &courier),
        code,
        meta,
        &scrub(&v.text(f.message).unwrap_or_default(), secret),
    )
}

/// The error of every item of a chunk that failed as a whole.
fn chunk_errors<D: Doc>(
    f: &BatchFields,
    errors: &mut Vec<D>,
    keys: &[(String, String)],
    err: &Error,
) {
    for (n, c) in keys {
        let e = item_error(
            f.courier,
            (n, c),
            err.code(),
            err.meta_code(),
            err.message(),
        );
        errors.push(e);
    }
}

/// `(tracking_number, courier code)` of an item.
pub fn key_of<D: Doc>(f: &BatchFields, v: &D) -> (String, String) {
    (
        v.text("tracking_number").unwrap_or_default(),
        v.text(f.courier).unwrap_or_default(),
    )
}

/// `createTrackings`' result: every input exactly once, in `trackings` (v2's fixed) or `errors`.
pub fn create_result<D: Doc>(
    f: &BatchFields,
    keys: &[(String, String)],
    ranges: &[(usize, usize)],
    results: Vec<Result<D, Error>>,
    secret: Option<&str>,
) -> D {
    let (mut trackings, mut errors) = (Vec::new(), Vec::new());
    let mut results = results.into_iter();
    for &(s, e) in ranges {
        let Some(r) = results.next() else { break };
        let chunk_keys = &keys[s..e];
        let data = match r {
            Err(err) => {
                chunk_errors(f, &mut errors, chunk_keys, &err);
                continue;
            }
            Ok(data) => data,
        };
        let (ok, bad) = (data.field(f.created).items(), data.field(f.refused).items());
        let mut reported = Vec::with_capacity(ok.len() + bad.len());
        for v in ok.iter().chain(&bad) {
            reported.push(key_of(f, v));
        }
        let (matched, missing) = batch::reconcile(chunk_keys, &reported);
        let offset = ok.len();
        for (j, mut t) in ok.into_iter().enumerate() {
            if matched[j].is_some() {
                if f.fix {
                    fix_tracking(&mut t);
                }
                trackings.push(t);
            }
        }
        for (j, v) in bad.iter().enumerate() {
            if matched[offset + j].is_some() {
                errors.push(api_item_error(f, v, secret));
            }
        }
        for m in missing {
            let (n, c) = &chunk_keys[m];
            errors.push(item_error(
                f.courier,
                (n, c),
                ErrorCode::Decode,
                None,
                "the API's answer did not mention this item",
            ));
        }
    }
    let mut out = D::object();
    out.set("submitted", D::number(keys.len() as f64));
    out.set("added", D::number(trackings.len() as f64));
    out.set("trackings", D::array(trackings));
    out.set("errors", D::array(errors));
    out
}

/// The many-item calls (updatemore / delete / notupdate): counters summed, lists joined; in
/// `errors`, every item the API reported as failed (in `errors`, or as a `trackings[i].meta` with
/// an error code, as delete answers) and every item of a failed chunk. A chunk answer without
/// `submitted` counts its size.
pub fn many_result<D: Doc>(
    keys: &[(String, String)],
    ranges: &[(usize, usize)],
    results: Vec<Result<D, Error>>,
    secret: Option<&str>,
) -> D {
    let mut out = D::object();
    let (mut trackings, mut errors) = (Vec::new(), Vec::new());
    let mut submitted = 0.0;
    let mut results = results.into_iter();
    for &(s, e) in ranges {
        let Some(r) = results.next() else { break };
        let size = (e - s) as f64;
        let data = match r {
            Err(err) => {
                submitted += size;
                chunk_errors(&V2_BATCH, &mut errors, &keys[s..e], &err);
                continue;
            }
            Ok(data) => data,
        };
        let said = data.field("submitted");
        submitted += said
            .as_f64()
            .or_else(|| {
                said.as_string()
                    .and_then(|t| parse_int(&t))
                    .filter(|n| *n >= 0)
                    .map(|n| n as f64)
            })
            .unwrap_or(size);
        if !data.is_object() {
            continue;
        }
        for k in &data.keys() {
            match k.as_str() {
                "submitted" => {}
                "trackings" => {
                    for t in data.field("trackings").items() {
                        let meta = t.field("meta");
                        if meta_code_of(&meta, "code")
                            .and_then(ErrorCode::from_meta)
                            .is_some()
                        {
                            errors.push(api_item_error(&V2_BATCH, &meta, secret));
                        }
                        trackings.push(t);
                    }
                }
                "errors" => {
                    for x in data.field("errors").items() {
                        errors.push(api_item_error(&V2_BATCH, &x, secret));
                    }
                }
                _ => {
                    let v = data.field(k);
                    match (out.field(k).as_f64(), v.as_f64()) {
                        (Some(a), Some(b)) => out.set(k, D::number(a + b)),
                        _ => out.set(k, v),
                    }
                }
            }
        }
    }
    out.set("submitted", D::number(submitted));
    out.set("trackings", D::array(trackings));
    out.set("errors", D::array(errors));
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_v4_tracking_is_the_one_asked_for() {
        let shape = || Shape::TrackingV4("RN1".into(), "ups".into());
        let it = json!({"tracking_number": "RN1", "courier_code": "ups", "id": "a"});
        let other = json!({"tracking_number": "RN1", "courier_code": "dhl", "id": "b"});
        assert_eq!(
            shape().apply(it.clone()).unwrap(),
            it,
            "create answers the object"
        );
        assert_eq!(
            shape().apply(json!([other.clone(), it.clone()])).unwrap(),
            it
        );
        assert_eq!(
            shape().apply(json!([other.clone()])).unwrap_err().code(),
            ErrorCode::TrackingNotFound
        );
        assert_eq!(
            shape()
                .apply(json!({"items": [], "padding": "x"}))
                .unwrap_err()
                .code(),
            ErrorCode::Decode
        );
    }

    #[test]
    fn quirks_are_fixed() {
        let mut t = json!({"customer_email": "null", "order_create_time": 0});
        fix_tracking(&mut t);
        assert_eq!(t, json!({"customer_email": [], "order_create_time": null}));
        let mut t = json!({"customer_email": " a@b.c ", "order_create_time": 1700000000});
        fix_tracking(&mut t);
        assert_eq!(
            t,
            json!({"customer_email": ["a@b.c"], "order_create_time": "1700000000"})
        );
        let mut p =
            json!({"page": "2", "limit": null, "total": "x", "items": [{"customer_email": ""}]});
        fix_page(&mut p);
        assert_eq!(
            p,
            json!({"page": 2, "limit": 0, "total": 0, "items": [{"customer_email": []}]})
        );
        let mut p = json!({"page": 1, "limit": 10, "total": "3"});
        fix_page(&mut p);
        assert_eq!(p, json!({"page": 1, "limit": 10, "total": 3, "items": []}));
    }
}
