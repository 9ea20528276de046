//! The Rust API compiled to wasm, run by wasm-bindgen-test in Node, in headless Chromium and in a
//! dedicated worker (scripts/test-wasm.sh), over real HTTP to the sandbox named by
//! `TM_SANDBOX_URL` at build time (scripts/with-sandbox.sh sets it).
#![cfg(target_arch = "wasm32")]

use trackingmore_wasm::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

const BASE: &str = env!(
    "TM_SANDBOX_URL",
    "run these tests through scripts/with-sandbox.sh"
);

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_name = fetch)]
    fn raw_fetch(url: &str, init: &JsValue) -> js_sys::Promise;
}

/// Calls the sandbox's control API.
async fn control_with(method: &str, what: &str, body: Option<&str>) {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"method".into(), &method.into()).unwrap();
    if let Some(b) = body {
        js_sys::Reflect::set(&init, &"body".into(), &b.into()).unwrap();
    }
    let origin = BASE.trim_end_matches("/v2");
    JsFuture::from(raw_fetch(&format!("{origin}/_sandbox/{what}"), &init))
        .await
        .unwrap();
}

async fn control(method: &str, what: &str) {
    control_with(method, what, None).await;
}

/// Queues a fault in the sandbox.
async fn fault(rule: &str) {
    control_with("POST", "faults", Some(rule)).await;
}

fn client(key: &str, settings: Settings) -> Client<FetchTransport> {
    Client::new(FetchTransport::new(BASE, Some(key.into())), settings)
}

fn fast() -> Settings {
    Settings {
        requests_per_second: 0.0,
        realtime_requests_per_second: 0.0,
        retry: retry::RetryPolicy {
            max_retries: 2,
            base_delay_ms: 5.0,
            rate_limit_cooldown_ms: 20.0,
        },
        ..Settings::default()
    }
}

fn unique(prefix: &str) -> String {
    format!(
        "{prefix}{}{}",
        js_sys::Date::now() as u64 % 10_000_000,
        (js_sys::Math::random() * 1e6) as u64
    )
}

#[wasm_bindgen_test]
async fn create_get_update_delete() {
    let c = client("demo-key", fast());
    let number = unique("W");
    let t = c
        .create_tracking(&NewTracking {
            tracking_number: number.clone(),
            carrier_code: "dhl".into(),
            title: Some("Lamp".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(t.status, "pending");
    let dup = c
        .create_tracking(&NewTracking {
            tracking_number: number.clone(),
            carrier_code: "dhl".into(),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(
        (dup.code(), dup.meta_code()),
        (ErrorCode::TrackingExists, Some(4016))
    );
    let got = c.get_tracking("dhl", &number, Some("en")).await.unwrap();
    assert_eq!(got.title.as_deref(), Some("Lamp"));
    assert!(
        got.extra.contains_key("sandbox_unknown_field"),
        "unknown fields kept"
    );
    let up = c
        .update_tracking(
            "dhl",
            &number,
            &TrackingUpdate {
                status: Some(7),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(up.status, "exception");
    c.delete_tracking("dhl", &number).await.unwrap();
    assert!(c
        .get_tracking("dhl", &number, None)
        .await
        .unwrap_err()
        .is_not_found());
}

#[wasm_bindgen_test]
async fn lists_batches_and_pages() {
    let c = client("demo-key", fast());
    let inputs: Vec<NewTracking> = (0..45)
        .map(|i| NewTracking {
            tracking_number: format!("{}{i}", unique("P")),
            carrier_code: "ups".into(),
            order_id: Some("#wasm".into()),
            ..Default::default()
        })
        .collect();
    let mut seen = Vec::new();
    let r = c
        .create_trackings(&inputs, 2, |p| seen.push(p))
        .await
        .unwrap();
    assert_eq!((r.submitted, r.added, r.errors.len()), (45, 45, 0));
    assert_eq!(seen.len(), 2);
    assert_eq!(seen.last().map(|p| (p.done, p.total)), Some((45, 45)));
    let page = c
        .list_trackings(&ListQuery {
            orders: Some("#wasm".into()),
            limit: Some(10),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(page.total >= 45, "total is a number: {}", page.total);
    let mut pager = c.all_trackings(&ListQuery {
        orders: Some("#wasm".into()),
        limit: Some(20),
        ..Default::default()
    });
    let mut n = 0;
    while let Some(t) = pager.next().await {
        t.unwrap();
        n += 1;
    }
    assert_eq!(n as u64, page.total);
    let refs: Vec<TrackingRef> = inputs
        .iter()
        .map(|i| TrackingRef {
            tracking_number: i.tracking_number.clone(),
            carrier_code: i.carrier_code.clone(),
        })
        .collect();
    let updates: Vec<TrackingUpdateItem> = refs
        .iter()
        .map(|r| TrackingUpdateItem {
            tracking_number: r.tracking_number.clone(),
            carrier_code: r.carrier_code.clone(),
            fields: TrackingUpdate {
                title: Some("x".into()),
                ..Default::default()
            },
        })
        .collect();
    let up = c.update_trackings(&updates).await.unwrap();
    assert_eq!((up.submitted, up.errors.len()), (45, 0));
    let stop = c.stop_updating(&refs[..2]).await.unwrap();
    assert_eq!(stop.extra.get("change").and_then(|v| v.as_f64()), Some(2.0));
    c.change_carrier("ups", &refs[0].tracking_number, "dhl")
        .await
        .unwrap();
    let moved = c
        .get_tracking("dhl", &refs[0].tracking_number, None)
        .await
        .unwrap();
    assert_eq!(moved.carrier_code, "dhl");
    let del = c.delete_trackings(&refs).await.unwrap();
    assert_eq!(del.submitted, 45);
    assert_eq!(
        del.extra.get("delete").and_then(|v| v.as_f64()),
        Some(44.0),
        "one moved to dhl"
    );
}

#[wasm_bindgen_test]
async fn other_endpoints_decode() {
    let c = client("demo-key", fast());
    assert!(c
        .carriers(Some("en"))
        .await
        .unwrap()
        .iter()
        .any(|k| k.code == "usps"));
    assert_eq!(
        c.detect_carrier("RN123456789CN").await.unwrap()[0].code,
        "china-post"
    );
    let u = c.user_info().await.unwrap();
    assert!(!u.phone.is_empty());
    let counts = c
        .status_counts(&StatusCountsQuery::default())
        .await
        .unwrap();
    assert!(counts.extra.contains_key("total"));
    let rt = c
        .realtime_tracking(&RealtimeQuery {
            tracking_number: "1Z999AA10123456784".into(),
            carrier_code: "ups".into(),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rt.carrier_code, "ups");
    let remote = c
        .check_remote(&[RemoteQuery {
            country: "JP".into(),
            postcode: "7621094".into(),
            company: None,
        }])
        .await
        .unwrap();
    assert!(!remote.remote.is_empty());
    assert!(c
        .transit_times(&[TransitQuery {
            carrier_code: "dhl".into(),
            original: "CN".into(),
            destination: "US".into()
        }])
        .await
        .unwrap()
        .is_array());
    assert!(c
        .air_cargo(&["172-28891936".to_string()], None)
        .await
        .unwrap()
        .is_array());
}

#[wasm_bindgen_test]
async fn invalid_input_and_auth() {
    let c = client("demo-key", fast());
    let e = c.get_tracking("DHL", "123", None).await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let e = c
        .list_trackings(&ListQuery {
            limit: Some(2001),
            ..Default::default()
        })
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::InvalidInput);
    let secret = "sk-wasm-SECRET";
    let bad = client(secret, fast());
    let e = bad.user_info().await.unwrap_err();
    assert_eq!(
        (e.code(), e.meta_code()),
        (ErrorCode::Unauthorized, Some(4001))
    );
    assert!(!format!("{e} {e:?}").contains(secret));
    let t = FetchTransport::new(BASE, Some(secret.into()));
    assert!(!format!("{t:?}").contains(secret), "Debug hides the key");
}

#[wasm_bindgen_test]
async fn retries_timeouts_and_faults() {
    let c = client("demo-key", fast());
    fault(
        r#"{"path":"/v2/trackings/getuserinfo","count":2,"fault":{"kind":"status","status":503}}"#,
    )
    .await;
    assert!(c.user_info().await.is_ok(), "retried through two 503s");
    fault(r#"{"path":"/v2/trackings/getuserinfo","count":3,"fault":{"kind":"rate_limit"}}"#).await;
    assert!(c.user_info().await.unwrap_err().is_rate_limited());
    fault(r#"{"path":"/v2/trackings/getuserinfo","fault":{"kind":"non_json"}}"#).await;
    assert_eq!(c.user_info().await.unwrap_err().code(), ErrorCode::Decode);
    let quick = client(
        "demo-key",
        Settings {
            timeout_ms: 150,
            retry: retry::RetryPolicy {
                max_retries: 0,
                ..Default::default()
            },
            ..fast()
        },
    );
    fault(r#"{"path":"/v2/trackings/getuserinfo","fault":{"kind":"delay","ms":800}}"#).await;
    assert!(quick.user_info().await.unwrap_err().is_timeout());
    // Browsers retry a GET once themselves when a reused connection is reset: queue plenty.
    fault(r#"{"path":"/v2/trackings/getuserinfo","count":12,"fault":{"kind":"reset"}}"#).await;
    assert_eq!(c.user_info().await.unwrap_err().code(), ErrorCode::Network);
    control("DELETE", "faults").await;
}

#[wasm_bindgen_test]
async fn caller_abort() {
    let c = client("demo-key", fast());
    let ctl = web_sys::AbortController::new().unwrap();
    ctl.abort();
    let req = encode::HttpRequest::new(endpoints::Method::Get, "/trackings/getuserinfo".into());
    let e = c
        .core()
        .call(endpoints::Endpoint::UserInfo, &req, Some(&ctl.signal()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted);
    assert!(!e.is_retryable());
}

#[wasm_bindgen_test]
async fn an_abort_ends_a_pacing_wait() {
    let c = client(
        "demo-key",
        Settings {
            requests_per_second: 0.2,
            ..fast()
        },
    );
    c.user_info().await.unwrap();
    // The next call waits 5 s for its slot; the signal fires after 100 ms of it.
    let signal = web_sys::AbortSignal::timeout_with_u32(100);
    let req = encode::HttpRequest::new(endpoints::Method::Get, "/trackings/getuserinfo".into());
    let started = js_sys::Date::now();
    let e = c
        .core()
        .call(endpoints::Endpoint::UserInfo, &req, Some(&signal))
        .await
        .unwrap_err();
    assert_eq!(e.code(), ErrorCode::Aborted);
    assert!(
        js_sys::Date::now() - started < 2_000.0,
        "the wait ended with the abort"
    );
}

#[wasm_bindgen_test]
async fn pacing_spaces_calls() {
    let c = client(
        "demo-key",
        Settings {
            requests_per_second: 10.0,
            ..fast()
        },
    );
    let t0 = js_sys::Date::now();
    for _ in 0..4 {
        c.user_info().await.unwrap();
    }
    assert!(
        js_sys::Date::now() - t0 >= 290.0,
        "4 calls at 10/s take >= 300 ms"
    );
}

#[wasm_bindgen_test]
async fn webhook_signatures() {
    // RFC-style HMAC-SHA256 vector: key "key", message "The quick brown fox jumps over the lazy dog".
    let sig = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
    let body = |time: &str, sig: &str| {
        JsValue::from_str(&format!(
            r#"{{"data":{{"verifyInfo":{{"timeStr":"{time}","signature":"{sig}"}}}}}}"#
        ))
    };
    let msg = "The quick brown fox jumps over the lazy dog";
    assert!(webhook::verify(&body(msg, sig), "key", None).await);
    assert!(webhook::verify(&body(msg, &sig.to_uppercase()), "key", None).await);
    assert!(!webhook::verify(&body(msg, sig), "other", None).await);
    assert!(!webhook::verify(&body("changed", sig), "key", None).await);
    assert!(!webhook::verify(&body(msg, "not hex"), "key", None).await);
    assert!(!webhook::verify(&JsValue::from_str("{not json"), "key", None).await);
    // With a freshness bound, a timeStr that is not recent unix seconds fails.
    assert!(!webhook::verify(&body(msg, sig), "key", Some(300.0)).await);
    let e = webhook::parse(&body(msg, sig), "other", None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), trackingmore_wasm::ErrorCode::InvalidWebhook);
    assert!(!e.message().contains("other"));
}

#[wasm_bindgen_test]
async fn the_key_is_scrubbed_even_when_the_server_echoes_it() {
    let key = "demo-key";
    let c = client(
        key,
        Settings {
            retry: retry::RetryPolicy {
                max_retries: 0,
                ..Default::default()
            },
            ..fast()
        },
    );
    fault(r#"{"path":"/v2/trackings/getuserinfo","fault":{"kind":"meta","code":4001,"message":"bad key {key}"}}"#).await;
    let e = c.user_info().await.unwrap_err();
    assert_eq!(e.code(), ErrorCode::Unauthorized);
    for text in [e.to_string(), format!("{e:?}"), e.message().to_string()] {
        assert!(!text.contains(key) && text.contains("[redacted]"), "{text}");
    }
    let items = r#"[{"tracking_number":"WX1","carrier_code":"dhl"}]"#;
    fault(&format!(
        r#"{{"path":"/v2/trackings/delete","fault":{{"kind":"meta","code":200,"data":{{"submitted":1,"delete":0,"trackings":[{{"meta":{{"tracking_number":"WX1","carrier_code":"dhl","code":4017,"message":"gone {{key}}"}}}}]}}}}}}"#
    ))
    .await;
    let refs: Vec<TrackingRef> = serde_json::from_str(items).unwrap();
    let del = c.delete_trackings(&refs).await.unwrap();
    assert_eq!(
        del.errors.len(),
        1,
        "a per-item delete failure is listed in errors"
    );
    assert_eq!(del.errors[0].code, "TRACKING_NOT_FOUND");
    assert!(
        !del.errors[0].message.contains(key),
        "{}",
        del.errors[0].message
    );
}

#[wasm_bindgen_test]
async fn waits_are_reported_and_bounded_and_a_timed_out_create_is_safe() {
    let waits = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
    let seen = waits.clone();
    let mut core = client::Core::new(
        FetchTransport::new(BASE, Some("demo-key".into())),
        Settings {
            max_wait_ms: Some(1_000.0),
            ..fast()
        },
    );
    core.set_on_wait(move |w| seen.borrow_mut().push((w.reason, w.attempt)));
    let req = encode::HttpRequest::new(endpoints::Method::Get, "/trackings/getuserinfo".into());
    fault(r#"{"path":"/v2/trackings/getuserinfo","fault":{"kind":"status","status":502}}"#).await;
    assert!(core
        .call(endpoints::Endpoint::UserInfo, &req, None)
        .await
        .is_ok());
    assert_eq!(*waits.borrow(), vec![(retry::WaitReason::Retry, 2)]);
    fault(r#"{"path":"/v2/trackings/getuserinfo","fault":{"kind":"rate_limit","retry_after":30}}"#)
        .await;
    let e = core
        .call(endpoints::Endpoint::UserInfo, &req, None)
        .await
        .unwrap_err();
    // The wait still ahead when the call refuses it: the 30 s hold less the millisecond or two
    // since the 429 came back.
    assert_eq!(e.code(), ErrorCode::RateLimited);
    let ahead = e.retry_after_ms().unwrap_or(0);
    assert!((29_000..=30_000).contains(&ahead), "retry after {ahead} ms");

    let retried = std::rc::Rc::new(std::cell::Cell::new(0));
    let counter = retried.clone();
    let c = client(
        "demo-key",
        Settings {
            timeout_ms: 300,
            retry: retry::RetryPolicy {
                max_retries: 2,
                base_delay_ms: 1_000.0,
                rate_limit_cooldown_ms: 20.0,
            },
            ..fast()
        },
    )
    .on_wait(move |w| counter.set(counter.get() + u32::from(w.reason == retry::WaitReason::Retry)));
    let number = unique("SAFE");
    fault(r#"{"path":"/v2/trackings/post","fault":{"kind":"delay","ms":450}}"#).await;
    let input = NewTracking {
        tracking_number: number.clone(),
        carrier_code: "dhl".into(),
        ..Default::default()
    };
    let t = c.create_tracking(&input).await.unwrap();
    assert_eq!(
        t.tracking_number, number,
        "the retry's 4016 resolves with the tracking"
    );
    assert!(c.create_tracking(&input).await.unwrap_err().code() == ErrorCode::TrackingExists);
}

/// The v4 Rust client against the sandbox's `/v4`: typed results, `id`-keyed calls, batches
/// that account for every input, and v4's error codes.
#[wasm_bindgen_test]
async fn v4_client_round_trip() {
    use trackingmore_wasm::endpoints::Api;
    let base = BASE.trim_end_matches("/v2").to_string() + "/v4";
    let settings = Settings {
        create_requests_per_second: 0.0,
        ..fast()
    };
    let c = v4::Client::with_settings(
        FetchTransport::for_api(Api::V4, &base, Some("demo-key".into())),
        settings,
    );
    let number = unique("V");
    let input = v4::NewTrackingV4 {
        tracking_number: number.clone(),
        courier_code: "dhl".into(),
        fields: v4::TrackingFieldsV4 {
            note: Some("gift".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    let t = c.create_tracking(&input).await.unwrap();
    assert_eq!((t.courier_code.as_str(), t.id.len()), ("dhl", 32));
    let dup = c.create_tracking(&input).await.unwrap_err();
    assert_eq!(
        (dup.code(), dup.meta_code(), dup.status()),
        (ErrorCode::TrackingExists, Some(4101), Some(400))
    );
    assert_eq!(c.get_tracking("dhl", &number, None).await.unwrap().id, t.id);
    let page = c
        .list_trackings(&v4::ListQueryV4 {
            items_amount: Some(2),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.len(), 2);
    let inputs = vec![
        v4::NewTrackingV4 {
            tracking_number: unique("VB"),
            courier_code: "dhl".into(),
            ..Default::default()
        },
        input.clone(),
    ];
    let batch = c.create_trackings(&inputs, 1, |_| {}).await.unwrap();
    assert_eq!(
        (batch.submitted, batch.added, batch.errors.len()),
        (2, 1, 1)
    );
    assert_eq!(batch.errors[0].meta_code, Some(4101));
    let updated = c
        .update_tracking(
            &t.id,
            &v4::TrackingUpdateV4 {
                fields: v4::TrackingFieldsV4 {
                    title: Some("Lamp".into()),
                    ..Default::default()
                },
                ..Default::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(updated.extra["title"], "Lamp");
    c.delete_tracking(&t.id).await.unwrap();
    let gone = c.delete_tracking(&t.id).await.unwrap_err();
    assert_eq!(gone.code(), ErrorCode::TrackingNotFound);
    assert_eq!(
        c.air_waybill("020-12345675").await.unwrap().awb_number,
        "020-12345675"
    );
}
