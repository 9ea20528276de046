//! What JS receives: the real-data quirks fixed in place, per-item errors in the contract's shape,
//! batch and many-item answers merged, and each endpoint's answer shaped (`Shape`).

use super::*;

pub(super) fn to_number(o: &JsValue, k: &str) {
    let v = get(o, k);
    if let Some(s) = v.as_string() {
        let n = js_number(&s);
        set(o, k, &JsValue::from_f64(if n.is_nan() { 0.0 } else { n }));
    } else if v.is_null() {
        set(o, k, &JsValue::from_f64(0.0));
    }
}

// The per-item quirk fixes run in JS (src/io.js): one crossing per answer, not several per item.
#[wasm_bindgen(module = "/src/io.js")]
extern "C" {
    /// `customer_email` → `string[]`; `order_create_time` 0 / "" → null.
    #[wasm_bindgen(js_name = fixTracking)]
    pub(super) fn fix_tracking(t: &JsValue);
    /// Every tracking of a list.
    #[wasm_bindgen(js_name = fixTrackings)]
    pub(super) fn fix_trackings(list: &JsValue);
    /// A list page: counters as numbers, its trackings fixed.
    #[wasm_bindgen(js_name = fixPage)]
    pub(super) fn fix_page(p: &JsValue);
}

pub(super) fn fix_counts(o: &JsValue) {
    if o.is_object() {
        for k in Object::keys(o.unchecked_ref::<Object>()).iter() {
            if let Some(k) = k.as_string() {
                if get(o, &k)
                    .as_string()
                    .is_some_and(|s| !s.trim().is_empty() && !js_number(&s).is_nan())
                {
                    to_number(o, &k);
                }
            }
        }
    }
}

pub(super) fn fix_user_info(u: &JsValue) {
    let phone = get(u, "phone");
    if let Some(n) = phone.as_f64() {
        set(
            u,
            "phone",
            &JsValue::from_str(&number_text(n).unwrap_or_default()),
        );
    }
    for k in ["money", "track_number"] {
        to_number(u, k);
    }
}

pub(super) fn progress_object(done: usize, total: usize, added: usize, failed: usize) -> JsValue {
    let o = Object::new();
    set(&o, "done", &(done as f64).into());
    set(&o, "total", &(total as f64).into());
    set(&o, "added", &(added as f64).into());
    set(&o, "failed", &(failed as f64).into());
    o.into()
}

pub(super) fn item_error(
    number: &str,
    carrier: &str,
    code: ErrorCode,
    meta: Option<f64>,
    message: &str,
) -> JsValue {
    let o = Object::new();
    set(&o, "tracking_number", &JsValue::from_str(number));
    set(&o, "carrier_code", &JsValue::from_str(carrier));
    set(&o, "code", &JsValue::from_str(code.as_str()));
    if let Some(m) = meta {
        set(&o, "metaCode", &JsValue::from_f64(m));
    }
    set(&o, "message", &JsValue::from_str(message));
    o.into()
}

/// An API per-item error (`{tracking_number, carrier_code, code: 4016, message}`) in the
/// contract's shape (`code: "TRACKING_EXISTS", metaCode: 4016`), its message scrubbed of the key.
pub(super) fn api_item_error(v: &JsValue, core: &Core<FetchTransport>) -> JsValue {
    let f = v;
    let meta = get(v, "code").as_f64().or_else(|| {
        f.text("code")
            .and_then(|s| crate::error::parse_int(&s))
            .map(|m| m as f64)
    });
    let code = meta
        .and_then(|m| ErrorCode::from_meta(m as i64))
        .unwrap_or(ErrorCode::BadRequest);
    item_error(
        &f.text("tracking_number").unwrap_or_default(),
        &f.text("carrier_code").unwrap_or_default(),
        code,
        meta,
        &core.scrub(&f.text("message").unwrap_or_default()),
    )
}

/// The `meta` of a per-item answer (`trackings[i].meta` of `/trackings/delete`) when it reports a
/// failure: `{tracking_number, carrier_code, code: 4017, message}`.
pub(super) fn failed_item_meta(t: &JsValue) -> Option<JsValue> {
    let meta = get(t, "meta");
    let code = get(&meta, "code");
    let code = code.as_f64().or_else(|| {
        code.as_string()
            .and_then(|c| crate::error::parse_int(&c))
            .map(|c| c as f64)
    })?;
    ErrorCode::from_meta(code as i64).map(|_| meta)
}

pub(super) fn key_of(v: &JsValue) -> (String, String) {
    let f = v;
    (
        f.text("tracking_number").unwrap_or_default(),
        f.text("carrier_code").unwrap_or_default(),
    )
}

pub(super) fn array_of(v: &JsValue, k: &str) -> Array {
    let a = get(v, k);
    if Array::is_array(&a) {
        a.unchecked_into()
    } else {
        Array::new()
    }
}

pub(super) fn post(ep: Endpoint, body: String) -> HttpRequest {
    HttpRequest::new(Method::Post, ep.route().1.to_string()).with_body(body)
}

/// The checked inputs of a chunked call and one request per chunk.
pub(super) fn batch(
    ep: Endpoint,
    inputs: &JsValue,
    what: &str,
    check_update: bool,
    on_progress: Option<Function>,
) -> Result<(Batch, Vec<Unit>), Error> {
    let items = array_arg(inputs, what)?;
    let views: Vec<JsValue> = items.iter().collect();
    let keys = validate::items(&views, check_update)?;
    let ranges = batch::chunks(keys.len(), ep.chunk().unwrap_or(40));
    let mut units = Vec::with_capacity(ranges.len());
    for &(s, e) in &ranges {
        let body = stringify(&items.slice(s as u32, e as u32))?;
        units.push(Unit::new(ep, post(ep, body)));
    }
    let b = Batch {
        keys,
        ranges,
        on_progress,
        done: 0,
        added: 0,
    };
    Ok((b, units))
}

/// The errors of every item of a failed chunk.
pub(super) fn chunk_errors(errors: &Array, keys: &[(String, String)], err: &Error) {
    for (n, c) in keys {
        errors.push(&item_error(
            n,
            c,
            err.code(),
            err.meta_code().map(|m| m as f64),
            err.message(),
        ));
    }
}

/// `createTrackings`' result: every input once, in `trackings` or `errors`.
pub(super) fn create_result(
    b: &Batch,
    results: Vec<Result<JsValue, Error>>,
    core: &Core<FetchTransport>,
) -> JsValue {
    let (trackings, errors) = (Array::new(), Array::new());
    for (&(s, e), r) in b.ranges.iter().zip(results) {
        let chunk_keys = &b.keys[s..e];
        let data = match r {
            Err(err) => {
                chunk_errors(&errors, chunk_keys, &err);
                continue;
            }
            Ok(data) => data,
        };
        let (ok, bad) = (array_of(&data, "trackings"), array_of(&data, "errors"));
        let mut reported = Vec::new();
        for list in [&ok, &bad] {
            for v in list.iter() {
                reported.push(key_of(&v));
            }
        }
        let (matched, missing) = batch::reconcile(chunk_keys, &reported);
        for (j, t) in ok.iter().enumerate() {
            if matched[j].is_some() {
                fix_tracking(&t);
                trackings.push(&t);
            }
        }
        let offset = ok.length() as usize;
        for (j, v) in bad.iter().enumerate() {
            if matched[offset + j].is_some() {
                errors.push(&api_item_error(&v, core));
            }
        }
        for m in missing {
            let (n, c) = &chunk_keys[m];
            errors.push(&item_error(
                n,
                c,
                ErrorCode::Decode,
                None,
                "the API's answer did not mention this item",
            ));
        }
    }
    let out = Object::new();
    set(&out, "submitted", &(b.keys.len() as f64).into());
    set(&out, "added", &f64::from(trackings.length()).into());
    set(&out, "trackings", &trackings);
    set(&out, "errors", &errors);
    out.into()
}

/// updatemore / delete / notupdate: counters summed, lists joined; in `errors`, every item the API
/// reported as failed (in `errors`, or as a `trackings[i].meta` with an error code, as delete
/// answers) and every item of a failed chunk.
pub(super) fn many_result(
    b: &Batch,
    results: Vec<Result<JsValue, Error>>,
    core: &Core<FetchTransport>,
) -> JsValue {
    let out = Object::new();
    let (trackings, errors) = (Array::new(), Array::new());
    let mut submitted = 0.0;
    for (&(s, e), r) in b.ranges.iter().zip(results) {
        let data = match r {
            Err(err) => {
                submitted += (e - s) as f64;
                chunk_errors(&errors, &b.keys[s..e], &err);
                continue;
            }
            Ok(data) => data,
        };
        submitted += get(&data, "submitted")
            .as_f64()
            .or_else(|| {
                data.text("submitted")
                    .and_then(|t| crate::error::parse_int(&t))
                    .filter(|n| *n >= 0)
                    .map(|n| n as f64)
            })
            .unwrap_or((e - s) as f64);
        if !data.is_object() || Array::is_array(&data) {
            continue;
        }
        for k in Object::keys(data.unchecked_ref::<Object>()).iter() {
            let Some(k) = k.as_string() else { continue };
            let v = get(&data, &k);
            match k.as_str() {
                "submitted" => {}
                "trackings" => array_of(&data, "trackings").iter().for_each(|t| {
                    if let Some(meta) = failed_item_meta(&t) {
                        errors.push(&api_item_error(&meta, core));
                    }
                    trackings.push(&t);
                }),
                "errors" => array_of(&data, "errors").iter().for_each(|x| {
                    errors.push(&api_item_error(&x, core));
                }),
                _ => match (get(&out, &k).as_f64(), v.as_f64()) {
                    (Some(a), Some(b)) => set(&out, &k, &JsValue::from_f64(a + b)),
                    _ => set(&out, &k, &v),
                },
            }
        }
    }
    set(&out, "submitted", &submitted.into());
    set(&out, "trackings", &trackings);
    set(&out, "errors", &errors);
    out.into()
}

/// How an endpoint's `data` is shaped for JS (the quirk fixes it needs).
#[derive(Clone, Copy)]
pub(super) enum Shape {
    /// As returned.
    Data,
    /// One tracking.
    Tracking,
    /// A list page: counters as numbers, its trackings fixed.
    Page,
    /// `phone` as text.
    UserInfo,
    /// Counters as numbers.
    Counts,
    /// The first of `items` (realtime), fixed.
    FirstItem,
    /// `submitted` as a number.
    Remote,
    /// Nothing (`undefined`).
    Undefined,
}

impl Shape {
    pub(super) fn apply(self, data: JsValue) -> Result<JsValue, Error> {
        match self {
            Shape::Data => {}
            Shape::Tracking => fix_tracking(&data),
            Shape::Page => {
                if !data.is_object() {
                    return Err(Error::new(
                        ErrorCode::Decode,
                        "the list answer has no page object",
                    ));
                }
                fix_page(&data);
            }
            Shape::UserInfo => fix_user_info(&data),
            Shape::Counts => fix_counts(&data),
            Shape::Remote => to_number(&data, "submitted"),
            Shape::FirstItem => {
                let first = array_of(&data, "items").get(0);
                if !first.is_object() {
                    return Err(Error::new(
                        ErrorCode::Decode,
                        "the realtime answer has no items",
                    ));
                }
                fix_tracking(&first);
                return Ok(first);
            }
            Shape::Undefined => return Ok(JsValue::UNDEFINED),
        }
        Ok(data)
    }
}
