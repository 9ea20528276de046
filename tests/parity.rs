//! Both drivers, one result: every case of `tests/canned/answers.json` (every operation, every
//! real-data quirk, retries, the safe-retry rules of create and delete, chunk accounting) runs
//! through the Rust API's driver here, over a transport that replays the canned answers; and
//! through the JS API in Node in `tests/js/parity.test.mjs`. Both must give the case's result
//! (or error) and send the case's requests.

use serde_json::{json, Value};
use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use trackingmore_wasm::encode::HttpRequest;
use trackingmore_wasm::endpoints::{Api, Endpoint};
use trackingmore_wasm::retry::RetryPolicy;
use trackingmore_wasm::{Client, Error, ErrorCode, ListQuery, Reply, Settings, Transport};

/// Replays canned answers; a clock that moves only when the client sleeps.
struct Canned {
    answers: RefCell<VecDeque<Value>>,
    sent: RefCell<Vec<HttpRequest>>,
    now: Cell<f64>,
}

impl Transport for Canned {
    type Data = Value;
    type Signal = ();

    async fn send(
        &self,
        req: &HttpRequest,
        _timeout_ms: u32,
        _signal: Option<&()>,
    ) -> Result<Reply<Value>, Error> {
        self.sent.borrow_mut().push(req.clone());
        let a = self.answers.borrow_mut().pop_front();
        let Some(a) = a else {
            return Err(Error::new(ErrorCode::Network, "no canned answer left"));
        };
        if a["fail"] == "timeout" {
            return Err(Error::new(
                ErrorCode::Timeout,
                "no response within the timeout",
            ));
        }
        let status = a["status"].as_u64().unwrap_or(200) as u16;
        let text = match &a["text"] {
            Value::String(t) => t.clone(),
            _ => a["body"].to_string(),
        };
        Ok(Reply::from_body(status, None, &text))
    }

    async fn sleep(&self, ms: f64, _signal: Option<&()>) -> Result<(), Error> {
        self.now.set(self.now.get() + ms);
        Ok(())
    }

    fn now_ms(&self) -> f64 {
        self.now.get()
    }

    fn random(&self) -> f64 {
        0.5
    }

    fn decode<M: serde::de::DeserializeOwned>(&self, data: Value) -> Result<M, Error> {
        serde_json::from_value(data).map_err(|e| Error::new(ErrorCode::Decode, e.to_string()))
    }
}

/// Polls a future that never waits on anything outside itself (the canned transport).
fn block_on<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    let mut cx = Context::from_waker(Waker::noop());
    loop {
        if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
            return v;
        }
    }
}

/// The JS client's options in the JS test, as settings.
fn settings() -> Settings {
    Settings {
        requests_per_second: 0.0,
        realtime_requests_per_second: 0.0,
        create_requests_per_second: 0.0,
        retry: RetryPolicy {
            base_delay_ms: 1.0,
            rate_limit_cooldown_ms: 1.0,
            ..RetryPolicy::default()
        },
        ..Settings::default()
    }
}

/// A path with its query parameters sorted (the two APIs may order them differently).
pub fn sorted_query(path: &str) -> String {
    match path.split_once('?') {
        None => path.to_string(),
        Some((p, q)) => {
            let mut parts: Vec<&str> = q.split('&').collect();
            parts.sort();
            format!("{p}?{}", parts.join("&"))
        }
    }
}

#[test]
fn every_canned_case_gives_the_same_result_through_the_rust_driver() {
    let cases: Vec<Value> =
        serde_json::from_str(include_str!("canned/answers.json")).expect("answers.json");
    assert!(cases.len() >= 33);
    for case in &cases {
        let name = case["name"].as_str().unwrap();
        let transport = Canned {
            answers: RefCell::new(
                case["answers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .cloned()
                    .collect(),
            ),
            sent: RefCell::new(Vec::new()),
            now: Cell::new(0.0),
        };
        let client = Client::new(transport, settings());
        let args: [Value; 4] = core::array::from_fn(|i| case["args"][i].clone());
        let got = if case["op"] == "allTrackings" {
            // Pages: the tracking numbers in order, or the error that ended the iteration (after
            // the items before it).
            let query: ListQuery = serde_json::from_value(args[0].clone()).unwrap();
            let mut pager = client.all_trackings(&query);
            let mut numbers = Vec::new();
            let mut failed = None;
            while let Some(t) = block_on(pager.next()) {
                match t {
                    Ok(t) => numbers.push(json!(t.tracking_number)),
                    Err(e) => failed = Some(e),
                }
            }
            if let (Some(e), Some(want)) = (&failed, case.get("error")) {
                assert_eq!(json!(numbers), want["items"], "{name}");
                let _ = e;
            }
            failed.map_or(Ok(Value::Array(numbers)), Err)
        } else {
            let op = case["op"].as_str().unwrap();
            let api = if case["api"] == "v4" {
                Api::V4
            } else {
                Api::V2
            };
            let ep = Endpoint::from_js_name(api, op).unwrap_or_else(|| panic!("no operation {op}"));
            block_on(client.call(ep, args))
        };
        match (&got, case.get("error")) {
            (Ok(v), None) => assert_eq!(v, &case["result"], "{name}"),
            (Err(e), Some(want)) => {
                assert_eq!(e.code().as_str(), want["code"], "{name}");
                if let Some(m) = want.get("metaCode") {
                    assert_eq!(json!(e.meta_code()), *m, "{name}");
                }
                if let Some(m) = want.get("message") {
                    assert_eq!(e.message(), m, "{name}");
                }
            }
            _ => panic!("{name}: got {got:?}"),
        }
        let t = client.core();
        assert!(
            t.transport.answers.borrow().is_empty(),
            "{name}: every answer used"
        );
        if let Some(sent) = case.get("sent").and_then(Value::as_array) {
            let reqs = t.transport.sent.borrow();
            assert_eq!(reqs.len(), sent.len(), "{name}: requests");
            for (r, want) in reqs.iter().zip(sent) {
                assert_eq!(r.method.as_str(), want["method"], "{name}");
                let path = want["path"].as_str().unwrap();
                assert_eq!(sorted_query(&r.path), sorted_query(path), "{name}");
                if let Some(b) = want.get("body") {
                    let body: Value = serde_json::from_str(r.body.as_deref().unwrap()).unwrap();
                    assert_eq!(&body, b, "{name}");
                }
                if let Some(l) = want.get("lang") {
                    assert_eq!(json!(r.lang_header), *l, "{name}");
                }
            }
        }
    }
}

#[test]
fn native_replies_read_the_envelope_and_its_quirks() {
    let r = Reply::from_body(
        200,
        None,
        r#"{"meta":{"code":"4016","message":"exists"},"data":[]}"#,
    );
    assert_eq!(r.meta, Some((4016, "exists".to_string())));
    let r = Reply::from_body(
        200,
        None,
        r#"{"meta":{"code":200},"data":{"phone": +86123}}"#,
    );
    assert_eq!(r.data, json!({"phone": "+86123"}));
    let r = Reply::from_body(502, None, "<html>:+1</html>");
    assert!(r.meta.is_none() && r.data.is_null());
    assert_eq!(r.into_result().unwrap_err().code(), ErrorCode::ServerError);
}
