//! The sandbox's operational features over real HTTP: rate limits, fault injection, persistence,
//! webhooks.

mod common;
use common::{Sandbox, KEY};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::time::{Duration, Instant};

#[test]
fn rate_limits_per_class_and_account() {
    let s = Sandbox::start(&[
        "--api-key",
        "a",
        "--api-key",
        "b",
        "--rate-limit-lockout",
        "0",
    ]);
    let a = [("Trackingmore-Api-Key", "a")];
    let b = [("Trackingmore-Api-Key", "b")];
    assert_eq!(
        s.call_with("GET", "/v2/trackings/getuserinfo", None, &a)
            .meta_code(),
        200
    );
    let second = s.call_with("GET", "/v2/trackings/getuserinfo", None, &a);
    assert_eq!(second.meta_code(), 429);
    assert_eq!(
        second.status, 200,
        "v2 sends 429 as HTTP 200 unless --http-status"
    );
    assert_eq!(second.json()["meta"]["type"], "Too Many Requests");
    // Other account and other classes are separate.
    assert_eq!(
        s.call_with("GET", "/v2/trackings/getuserinfo", None, &b)
            .meta_code(),
        200
    );
    assert_eq!(
        s.call_with("GET", "/v2/trackings/get", None, &a)
            .meta_code(),
        200
    );
    // Realtime allows 3/s: three spaced by 340 ms pass, an immediate fourth does not.
    let rt = r#"{"tracking_number":"1234567890","carrier_code":"dhl"}"#;
    for _ in 0..3 {
        assert_eq!(
            s.call_with(
                "POST",
                "/v2/trackings/realtime",
                Some(rt),
                &[
                    ("Trackingmore-Api-Key", "a"),
                    ("Content-Type", "application/json")
                ]
            )
            .meta_code(),
            200
        );
        std::thread::sleep(Duration::from_millis(340));
    }
    let h = [
        ("Trackingmore-Api-Key", "a"),
        ("Content-Type", "application/json"),
    ];
    s.call_with("POST", "/v2/trackings/realtime", Some(rt), &h);
    assert_eq!(
        s.call_with("POST", "/v2/trackings/realtime", Some(rt), &h)
            .meta_code(),
        429
    );
    // After a second the general class admits again.
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(
        s.call_with("GET", "/v2/trackings/getuserinfo", None, &a)
            .meta_code(),
        200
    );
}

#[test]
fn a_429_locks_the_account_out_for_the_lockout_period() {
    let s = Sandbox::start(&["--rate-limit-lockout", "1.5"]);
    let info = || s.call("GET", "/v2/trackings/getuserinfo", None).meta_code();
    assert_eq!(info(), 200);
    assert_eq!(info(), 429, "too soon");
    let locked = Instant::now();
    // Past the 1 req/s interval, but inside the lockout: still 429 (and it is not extended).
    std::thread::sleep(Duration::from_millis(1100));
    assert_eq!(info(), 429, "locked out");
    while locked.elapsed() < Duration::from_millis(1600) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(info(), 200, "the lockout ends");
}

#[test]
fn fault_messages_can_echo_the_key_and_records_redact_secrets() {
    let s = Sandbox::start(&["--no-rate-limit"]);
    s.fault(r#"[{"path":"/v2/trackings/getuserinfo","fault":{"kind":"meta","code":4001,"message":"bad key {key}"}},
               {"path":"/v2/carriers","fault":{"kind":"status","status":502,"body":"<p>upstream said {key}</p>"}}]"#);
    let a = s.call("GET", "/v2/trackings/getuserinfo", None);
    assert_eq!(a.meta_code(), 4001);
    assert_eq!(a.json()["meta"]["message"], format!("bad key {KEY}"));
    let b = s.call("GET", "/v2/carriers", None);
    assert_eq!(b.status, 502);
    assert!(b.text.contains(KEY), "{}", b.text);
    s.call_with(
        "GET",
        "/v2/trackings/getuserinfo",
        None,
        &[
            ("Trackingmore-Api-Key", KEY),
            ("Authorization", "Bearer admin-secret"),
            ("Cookie", "session=cookie-secret"),
        ],
    );
    let records = s.control("GET", "requests", None).to_string();
    for secret in [KEY, "admin-secret", "cookie-secret"] {
        assert!(!records.contains(secret), "{secret} in {records}");
    }
}

#[test]
fn rate_limit_is_configurable() {
    let s = Sandbox::start(&["--rate-limit", "20", "--rate-limit-lockout", "0"]);
    let start = Instant::now();
    let mut ok = 0;
    while ok < 10 {
        if s.call("GET", "/v2/trackings/getuserinfo", None).meta_code() == 200 {
            ok += 1;
        } else {
            std::thread::sleep(Duration::from_millis(10));
        }
    }
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[test]
fn faults_http_status_html_and_meta() {
    let s = Sandbox::start(&["--no-rate-limit"]);
    s.fault(r#"{"path":"/v2/trackings/get","count":2,"fault":{"kind":"status","status":503}}"#);
    for _ in 0..2 {
        let a = s.call("GET", "/v2/trackings/get", None);
        assert_eq!(a.status, 503);
        assert!(a.text.starts_with("<html>"));
    }
    assert_eq!(
        s.call("GET", "/v2/trackings/get", None).meta_code(),
        200,
        "the rule ran out"
    );

    s.fault(r#"{"path":"/v2/trackings/getuserinfo","fault":{"kind":"meta","code":4021}}"#);
    let a = s.call("GET", "/v2/trackings/getuserinfo", None);
    assert_eq!((a.status, a.meta_code()), (200, 4021));

    s.fault(r#"[{"path":"/v2","method":"POST","fault":{"kind":"non_json"}},{"path":"/v2","fault":{"kind":"rate_limit","retry_after":7}},{"path":"/v2","fault":{"kind":"rate_limit"}}]"#);
    let a = s.call("GET", "/v2/carriers", None);
    assert_eq!((a.status, a.header("retry-after")), (429, Some("7")));
    assert_eq!(a.meta_code(), 429);
    let a = s.call("GET", "/v2/carriers", None);
    assert_eq!((a.status, a.header("retry-after")), (429, None));
    let a = s.call("POST", "/v2/carriers/detect", Some("{}"));
    assert_eq!(a.status, 200);
    assert!(
        serde_json::from_str::<Value>(&a.text).is_err(),
        "non-JSON 200"
    );
    assert_eq!(s.control("GET", "faults", None)["data"], json!([]));
}

#[test]
fn faults_delay_reset_truncate_large() {
    let s = Sandbox::start(&["--no-rate-limit"]);
    s.fault(r#"{"path":"/v2/trackings/getuserinfo","fault":{"kind":"delay","ms":400}}"#);
    let t = Instant::now();
    assert_eq!(
        s.call("GET", "/v2/trackings/getuserinfo", None).meta_code(),
        200
    );
    assert!(t.elapsed() >= Duration::from_millis(400));

    // Two resets: an HTTP client may retry a GET once on a reused connection that was closed.
    s.fault(r#"{"path":"/v2/carriers","count":2,"fault":{"kind":"reset"}}"#);
    assert!(s
        .try_call(
            "GET",
            "/v2/carriers",
            None,
            &[("Trackingmore-Api-Key", KEY)]
        )
        .is_err());

    s.control("DELETE", "faults", None);
    s.fault(r#"{"path":"/v2/carriers","count":2,"fault":{"kind":"truncate"}}"#);
    assert!(s
        .try_call(
            "GET",
            "/v2/carriers",
            None,
            &[("Trackingmore-Api-Key", KEY)]
        )
        .is_err());

    s.control("DELETE", "faults", None);
    s.fault(r#"{"path":"/v2/carriers","fault":{"kind":"large","bytes":3000000}}"#);
    let a = s.call("GET", "/v2/carriers", None);
    assert!(a.text.len() > 3_000_000);
    assert_eq!(a.meta_code(), 200);

    s.fault(r#"{"path":"/v2","fault":{"kind":"status"}}"#);
    s.control("DELETE", "faults", None);
    assert_eq!(s.call("GET", "/v2/carriers", None).status, 200);
    let bad = s.call_with(
        "POST",
        "/_sandbox/faults",
        Some(r#"{"fault":{"kind":"explode"}}"#),
        &[],
    );
    assert_eq!(bad.status, 400);
}

#[test]
fn state_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("tm-sandbox-state-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("state.json");
    let _ = std::fs::remove_file(&file);
    let f = file.to_str().unwrap();
    let s = Sandbox::start(&["--no-rate-limit", "--state", f]);
    let a = s.call(
        "POST",
        "/v2/trackings/post",
        Some(r#"{"tracking_number":"1234567890","carrier_code":"dhl","title":"kept"}"#),
    );
    assert_eq!(a.meta_code(), 200);
    s.stop();
    let s = Sandbox::start(&["--no-rate-limit", "--state", f]);
    assert_eq!(
        s.call("GET", "/v2/trackings/dhl/1234567890", None).data()["title"],
        "kept"
    );
    // Periodic saves happen without a clean stop too (a crash keeps what was saved, never a torn file).
    s.call("DELETE", "/v2/trackings/dhl/1234567890", None);
    std::thread::sleep(Duration::from_millis(700));
    drop(s); // SIGKILL
    let text = std::fs::read_to_string(&file).unwrap();
    let v: Value = serde_json::from_str(&text).expect("state file is whole JSON");
    assert!(v["accounts"][KEY]["trackings"]
        .as_object()
        .unwrap()
        .is_empty());
    let leftovers: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains(".tmp"))
        .collect();
    assert!(leftovers.is_empty());
    std::fs::remove_dir_all(&dir).unwrap();
}

/// A one-shot HTTP receiver on loopback: returns the bodies of the POSTs it gets.
fn receiver() -> (String, std::sync::mpsc::Receiver<String>) {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", l.local_addr().unwrap());
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in l.incoming().take(50) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut len = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(v) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; len];
            let _ = reader.read_exact(&mut body);
            let _ = stream
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            if tx
                .send(String::from_utf8_lossy(&body).into_owned())
                .is_err()
            {
                break;
            }
        }
    });
    (url, rx)
}

#[test]
fn webhooks_are_signed_with_the_account_email() {
    use hmac::{Hmac, Mac};
    let (url, rx) = receiver();
    let s = Sandbox::start(&[
        "--no-rate-limit",
        "--api-key",
        "k=shop@example.com",
        "--webhook-url",
        &url,
    ]);
    let h = [("Trackingmore-Api-Key", "k")];
    s.call_with(
        "POST",
        "/v2/trackings/post",
        Some(r#"{"tracking_number":"1234567890","carrier_code":"dhl"}"#),
        &[h[0], ("Content-Type", "application/json")],
    );
    // A manual status change fires at once; a clock jump fires the timeline's change.
    s.call_with(
        "PUT",
        "/v2/trackings/dhl/1234567890",
        Some(r#"{"status":7}"#),
        &[h[0], ("Content-Type", "application/json")],
    );
    let body: Value =
        serde_json::from_str(&rx.recv_timeout(Duration::from_secs(10)).expect("a webhook"))
            .unwrap();
    assert_eq!(body["data"]["tracking_number"], "1234567890");
    assert_eq!(body["data"]["status"], "exception");
    let time_str = body["verifyInfo"]["timeStr"].as_str().unwrap();
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(b"shop@example.com").unwrap();
    mac.update(time_str.as_bytes());
    assert_eq!(
        body["verifyInfo"]["signature"],
        hex::encode(mac.finalize().into_bytes())
    );
}
