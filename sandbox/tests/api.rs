//! The sandbox over real HTTP: every endpoint's happy path and its documented errors.

mod common;
use common::{Sandbox, KEY};
use serde_json::{json, Value};

fn sb() -> Sandbox {
    Sandbox::start(&["--no-rate-limit"])
}

fn create(s: &Sandbox, number: &str, carrier: &str) -> Value {
    let a = s.call(
        "POST",
        "/v2/trackings/post",
        Some(&json!({"tracking_number": number, "carrier_code": carrier}).to_string()),
    );
    assert_eq!(a.meta_code(), 200, "{}", a.text);
    a.data()
}

#[test]
fn carriers_list_is_real_and_meta_has_code_only() {
    let s = sb();
    let a = s.call_with(
        "GET",
        "/v2/carriers/",
        None,
        &[("Trackingmore-Api-Key", KEY), ("Lang", "cn")],
    );
    let v = a.json();
    assert_eq!(v["meta"], json!({"code": 200}));
    let list = v["data"].as_array().unwrap();
    assert!(list.len() >= 600);
    assert!(list
        .iter()
        .any(|c| c["code"] == "dhl" && c["type"] == "express" && c["homepage"].is_string()));
}

#[test]
fn detect_by_pattern_and_4032() {
    let s = sb();
    let a = s.call(
        "POST",
        "/v2/carriers/detect",
        Some(r#"{"tracking_number":"1Z999AA10123456784"}"#),
    );
    assert_eq!(a.data(), json!([{"name": "UPS", "code": "ups"}]));
    let a = s.call(
        "POST",
        "/v2/carriers/detect",
        Some(r#"{"tracking_number":"RN123456789CN"}"#),
    );
    assert_eq!(a.data()[0]["code"], "china-post");
    assert_eq!(
        s.call(
            "POST",
            "/v2/carriers/detect",
            Some(r#"{"tracking_number":"hello"}"#)
        )
        .meta_code(),
        4032
    );
    assert_eq!(
        s.call("POST", "/v2/carriers/detect", Some(r#"{}"#))
            .meta_code(),
        4013
    );
}

#[test]
fn create_get_update_delete_cycle() {
    let s = sb();
    let body = json!({"tracking_number": "RN123456789CN", "carrier_code": "china-post", "title": "Shoes",
        "customer_email": ["a@example.com"], "order_id": "#123", "order_create_time": "2017/8/27 16:51", "destination_code": "US"});
    let a = s.call("POST", "/v2/trackings/post", Some(&body.to_string()));
    assert_eq!(a.meta_code(), 200, "{}", a.text);
    let d = a.data();
    assert_eq!(d["status"], "pending");
    assert_eq!(d["customer_email"], json!(["a@example.com"]));
    assert_eq!(d["id"].as_str().unwrap().len(), 32);

    // Duplicate, missing and invalid fields.
    assert_eq!(
        s.call("POST", "/v2/trackings/post", Some(&body.to_string()))
            .meta_code(),
        4016
    );
    assert_eq!(
        s.call(
            "POST",
            "/v2/trackings/post",
            Some(r#"{"carrier_code":"dhl"}"#)
        )
        .meta_code(),
        4013
    );
    assert_eq!(
        s.call(
            "POST",
            "/v2/trackings/post",
            Some(&format!(
                r#"{{"tracking_number":"{}","carrier_code":"dhl"}}"#,
                "9".repeat(101)
            ))
        )
        .meta_code(),
        4014
    );
    // No minimum length: the reference states none.
    let short = s.call(
        "POST",
        "/v2/trackings/post",
        Some(r#"{"tracking_number":"ab","carrier_code":"dhl"}"#),
    );
    assert_eq!(short.meta_code(), 200, "{}", short.text);
    assert_eq!(
        short.data()["order_create_time"],
        0,
        "as in the captured answers"
    );
    assert_eq!(
        s.call(
            "POST",
            "/v2/trackings/post",
            Some(r#"{"tracking_number":"1234567890","carrier_code":"nope"}"#)
        )
        .meta_code(),
        4015
    );

    // GET one, with and without the lang suffix; unknown → 4031.
    let g = s
        .call("GET", "/v2/trackings/china-post/RN123456789CN", None)
        .data();
    assert_eq!(g["tracking_number"], "RN123456789CN");
    assert_eq!(g["order_id"], "#123");
    assert!(g["origin_info"]["trackinfo"].is_array());
    assert_eq!(g["sandbox_unknown_field"]["kept"], true);
    assert_eq!(
        s.call("GET", "/v2/trackings/china-post/RN123456789CN/en", None)
            .meta_code(),
        200
    );
    assert_eq!(
        s.call("GET", "/v2/trackings/dhl/0000000000", None)
            .meta_code(),
        4031
    );

    // PUT: fields, status 4/7/8 (numeric or string), bad status 4033, missing 4017.
    let p = s.call(
        "PUT",
        "/v2/trackings/china-post/RN123456789CN",
        Some(r#"{"title":"new","status":4,"archived":"true"}"#),
    );
    assert_eq!(p.meta_code(), 200, "{}", p.text);
    assert_eq!(p.data()["title"], "new");
    assert_eq!(p.data()["status"], "delivered");
    assert_eq!(p.data()["archived"], true);
    let p = s.call(
        "PUT",
        "/v2/trackings/china-post/RN123456789CN",
        Some(r#"{"status":"8"}"#),
    );
    assert_eq!(p.data()["status"], "pending");
    assert_eq!(
        s.call(
            "PUT",
            "/v2/trackings/china-post/RN123456789CN",
            Some(r#"{"status":5}"#)
        )
        .meta_code(),
        4033
    );
    assert_eq!(
        s.call(
            "PUT",
            "/v2/trackings/dhl/0000000000",
            Some(r#"{"title":"x"}"#)
        )
        .meta_code(),
        4017
    );
    // An empty body with a JSON content type is `{}` (third-party v2 clients send it).
    let empty = s.call("PUT", "/v2/trackings/china-post/RN123456789CN", Some(""));
    assert_eq!(empty.meta_code(), 200, "{}", empty.text);

    // DELETE: data [], then 4017.
    let d = s.call("DELETE", "/v2/trackings/china-post/RN123456789CN", None);
    assert_eq!((d.meta_code(), d.data()), (200, json!([])));
    assert_eq!(
        s.call("DELETE", "/v2/trackings/china-post/RN123456789CN", None)
            .meta_code(),
        4017
    );
}

#[test]
fn odd_tracking_numbers_round_trip_through_encoded_paths() {
    let s = sb();
    create(&s, "AB 12#34/56?x", "dhl");
    let g = s.call("GET", "/v2/trackings/dhl/AB%2012%2334%2F56%3Fx", None);
    assert_eq!(g.meta_code(), 200, "{}", g.text);
    assert_eq!(g.data()["tracking_number"], "AB 12#34/56?x");
}

#[test]
fn batch_accounts_for_every_item_and_limits_to_40() {
    let s = sb();
    create(&s, "1234567890", "dhl");
    let items = json!([
        {"tracking_number": "1234567890", "carrier_code": "dhl"},
        {"tracking_number": "1234567891", "carrier_code": "dhl"},
        {"tracking_number": "1234567892", "carrier_code": "bogus"},
        {"carrier_code": "dhl"},
    ]);
    let a = s.call("POST", "/v2/trackings/batch", Some(&items.to_string()));
    assert_eq!(a.meta_code(), 201);
    let d = a.data();
    assert_eq!(
        (d["submitted"].as_i64(), d["added"].as_i64()),
        (Some(4), Some(1))
    );
    let codes: Vec<i64> = d["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [4016, 4015, 4013]);
    let many: Vec<Value> = (0..41)
        .map(|i| json!({"tracking_number": format!("99000{i:05}"), "carrier_code": "dhl"}))
        .collect();
    assert_eq!(
        s.call(
            "POST",
            "/v2/trackings/batch",
            Some(&Value::from(many).to_string())
        )
        .meta_code(),
        4020
    );
    assert_eq!(
        s.call("POST", "/v2/trackings/batch", Some("[]"))
            .meta_code(),
        4012
    );
    assert_eq!(
        s.call("POST", "/v2/trackings/batch", Some("{}"))
            .meta_code(),
        4012
    );
}

#[test]
fn list_filters_paging_and_quirks() {
    let s = Sandbox::start(&["--no-rate-limit", "--seed-demo"]);
    let a = s
        .call("GET", "/v2/trackings/get?page=1&limit=5", None)
        .data();
    assert_eq!(a["total"], "32", "total is a string, as in real responses");
    assert_eq!(a["count"], 5);
    assert_eq!(a["items"].as_array().unwrap().len(), 5);
    let last = s
        .call("GET", "/v2/trackings/get?page=7&limit=5", None)
        .data();
    assert_eq!(last["count"], 2);
    // Every status is present in the demo data; the status filter selects it.
    for st in [
        "pending",
        "notfound",
        "transit",
        "pickup",
        "delivered",
        "undelivered",
        "exception",
        "expired",
    ] {
        let d = s
            .call(
                "GET",
                &format!("/v2/trackings/get?status={st}&limit=2000"),
                None,
            )
            .data();
        let items = d["items"].as_array().unwrap();
        assert!(!items.is_empty(), "no {st}");
        assert!(items.iter().all(|t| t["status"] == st));
    }
    // Real-data quirks are all reproduced.
    let all = s.call("GET", "/v2/trackings/get?limit=2000", None).data();
    let items = all["items"].as_array().unwrap();
    assert!(items.iter().any(|t| t["customer_email"].is_array()));
    assert!(items.iter().any(|t| t["customer_email"] == "null"));
    assert!(items.iter().any(|t| t["order_create_time"] == 0));
    assert!(items.iter().any(|t| t["order_create_time"].is_null()));
    assert!(items.iter().any(|t| t["updated_at"].is_null()));
    // numbers / orders filters (percent-encoded `#`).
    let n = items[0]["tracking_number"].as_str().unwrap();
    let d = s
        .call(
            "GET",
            &format!("/v2/trackings/get?numbers={n},NOPE0000"),
            None,
        )
        .data();
    assert_eq!(d["total"], "1");
    let d = s
        .call("GET", "/v2/trackings/get?orders=%231000,%231001", None)
        .data();
    assert_eq!(d["total"], "2");
    // Time filters.
    let future = 4_000_000_000_i64;
    assert_eq!(
        s.call(
            "GET",
            &format!("/v2/trackings/get?created_at_min={future}"),
            None
        )
        .data()["total"],
        "0"
    );
    assert_eq!(
        s.call(
            "GET",
            "/v2/trackings/get?order_created_time_min=1714558000&order_created_time_max=1714559000",
            None
        )
        .data()["total"],
        "16"
    );
    // Limits.
    assert_eq!(
        s.call("GET", "/v2/trackings/get?limit=2001", None)
            .meta_code(),
        4012
    );
    assert_eq!(
        s.call("GET", "/v2/trackings/get?limit=0", None).meta_code(),
        4012
    );
    assert_eq!(
        s.call("GET", "/v2/trackings/get?page=0", None).meta_code(),
        4012
    );
    assert_eq!(
        s.call("GET", "/v2/trackings/get?page=x", None).meta_code(),
        4012
    );
    let many: Vec<String> = (0..41).map(|i| format!("N{i}")).collect();
    assert_eq!(
        s.call(
            "GET",
            &format!("/v2/trackings/get?numbers={}", many.join(",")),
            None
        )
        .meta_code(),
        4020
    );
    // archived filter.
    let t = &items[1];
    let path = format!(
        "/v2/trackings/{}/{}",
        t["carrier_code"].as_str().unwrap(),
        t["tracking_number"].as_str().unwrap()
    );
    s.call("PUT", &path, Some(r#"{"archived":"true"}"#));
    assert_eq!(
        s.call("GET", "/v2/trackings/get?archived=true", None)
            .data()["total"],
        "1"
    );
    assert_eq!(
        s.call("GET", "/v2/trackings/get?archived=false", None)
            .data()["total"],
        "31"
    );
}

#[test]
fn updatemore_delete_many_notupdate_change_carrier() {
    let s = sb();
    create(&s, "1234567890", "dhl");
    create(&s, "1234567891", "dhl");
    let u = s.call("POST", "/v2/trackings/updatemore", Some(r#"[{"tracking_number":"1234567890","carrier_code":"dhl","title":"t","status":7},{"tracking_number":"0000000000","carrier_code":"dhl","title":"x"},{"tracking_number":"1234567891","carrier_code":"dhl","status":9}]"#)).data();
    assert_eq!(
        (u["submitted"].as_i64(), u["updated"].as_i64()),
        (Some(3), Some(1))
    );
    assert_eq!(u["trackings"][0]["status"], "exception");
    let codes: Vec<i64> = u["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["code"].as_i64().unwrap())
        .collect();
    assert_eq!(codes, [4017, 4033]);

    let n = s.call("POST", "/v2/trackings/notupdate", Some(r#"[{"tracking_number":"1234567891","carrier_code":"dhl"},{"tracking_number":"0000000000","carrier_code":"dhl"}]"#)).data();
    assert_eq!(
        (n["submitted"].as_i64(), n["change"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        s.call("GET", "/v2/trackings/dhl/1234567891", None).data()["track_update"],
        false
    );

    let c = s.call(
        "POST",
        "/v2/trackings/update",
        Some(
            r#"{"tracking_number":"1234567891","carrier_code":"dhl","update_carrier_code":"ups"}"#,
        ),
    );
    assert_eq!(c.data(), json!({"Usertag": ""}));
    assert_eq!(
        s.call("GET", "/v2/trackings/ups/1234567891", None)
            .meta_code(),
        200
    );
    assert_eq!(
        s.call("GET", "/v2/trackings/dhl/1234567891", None)
            .meta_code(),
        4031
    );
    assert_eq!(s.call("POST", "/v2/trackings/update", Some(r#"{"tracking_number":"1234567891","carrier_code":"ups","update_carrier_code":"zzz"}"#)).meta_code(), 4015);
    assert_eq!(s.call("POST", "/v2/trackings/update", Some(r#"{"tracking_number":"5555555555","carrier_code":"ups","update_carrier_code":"dhl"}"#)).meta_code(), 4017);

    let d = s.call("POST", "/v2/trackings/delete", Some(r#"[{"tracking_number":"1234567890","carrier_code":"dhl"},{"tracking_number":"1234567891","carrier_code":"ups"},{"tracking_number":"1234567891","carrier_code":"ups"}]"#)).data();
    assert_eq!(
        (d["submitted"].as_i64(), d["delete"].as_i64()),
        (Some(3), Some(2))
    );
    assert_eq!(d["trackings"][2]["meta"]["code"], 4017);
    assert_eq!(d["trackings"][0]["meta"]["tracking_number"], "1234567890");
}

#[test]
fn realtime_userinfo_statuscounts() {
    let s = Sandbox::start(&["--no-rate-limit", "--quota", "3"]);
    let r = s.call(
        "POST",
        "/v2/trackings/realtime",
        Some(r##"{"tracking_number":"1Z999AA10123456784","carrier_code":"ups","order":"#9"}"##),
    );
    assert_eq!(r.meta_code(), 200, "{}", r.text);
    let item = &r.data()["items"][0];
    assert_eq!(item["tracking_number"], "1Z999AA10123456784");
    assert!(item["origin_info"].is_object() && item["destination_info"].is_object());
    assert_eq!(
        s.call(
            "POST",
            "/v2/trackings/realtime",
            Some(r#"{"carrier_code":"ups"}"#)
        )
        .meta_code(),
        4013
    );

    let raw = s.call("GET", "/v2/trackings/getuserinfo", None);
    assert!(
        raw.text.contains(r#""phone":+8612345678910"#),
        "phone as in the doc sample (not valid JSON): {}",
        raw.text
    );
    let u = raw.data();
    assert_eq!(u["track_number"], 2, "realtime used one quota");
    assert!(u["regtime"].is_string());

    create(&s, "1234567890", "dhl");
    create(&s, "1234567891", "dhl");
    let q = s.call(
        "POST",
        "/v2/trackings/post",
        Some(r#"{"tracking_number":"1234567892","carrier_code":"dhl"}"#),
    );
    assert_eq!(q.meta_code(), 4021, "quota spent");

    let c = s.call("GET", "/v2/trackings/getstatusnumber", None).data();
    assert_eq!(c["pending"], 2);
    assert_eq!(c["total"], 2);
    let c = s
        .call(
            "GET",
            "/v2/trackings/getstatusnumber?created_at_max=1000",
            None,
        )
        .data();
    assert_eq!(c["total"], 0);
}

#[test]
fn remote_costtime_aircargo() {
    let s = sb();
    let r = s.call("POST", "/v2/trackings/remote", Some(r#"[{"country":"Japan","postcode":"7621094","company":"UPS"},{"country":"NZ","postcode":"1010"}]"#)).data();
    assert_eq!(r["submitted"], 2);
    assert_eq!(
        r["remote"],
        json!([{"far_express_company":"ups","two_code":"JP","far_country":"Japan","far_city_postcode":"7621094"}])
    );
    assert_eq!(r["other"].as_array().unwrap().len(), 1);

    let c = s.call("POST", "/v2/trackings/costtime", Some(r#"[{"original":"CN","destination":"US","carrier_code":"dhl"},{"original":"CN","destination":"RU","carrier_code":"china-post"}]"#)).data();
    assert_eq!(c.as_array().unwrap().len(), 2);
    assert!(c[0]["total"].as_i64().unwrap() >= c[0]["delivered"].as_i64().unwrap());
    let again = s
        .call(
            "POST",
            "/v2/trackings/costtime",
            Some(r#"[{"original":"CN","destination":"US","carrier_code":"dhl"}]"#),
        )
        .data();
    assert_eq!(again[0], c[0], "deterministic");
    assert_eq!(
        s.call(
            "POST",
            "/v2/trackings/costtime",
            Some(r#"[{"original":"CN","destination":"US","carrier_code":"nope"}]"#)
        )
        .meta_code(),
        4015
    );

    let a = s
        .call(
            "POST",
            "/v2/trackings/aircargo",
            Some(r#"{"track_number":["172-28891936","bad"],"lang":"en"}"#),
        )
        .data();
    assert_eq!(a[0]["track_number"], "172-28891936");
    assert!(a[0]["track_info"].as_array().unwrap().len() >= 2);
    assert_eq!(a[1]["status_number"], 0);
    assert_eq!(
        s.call(
            "POST",
            "/v2/trackings/aircargo",
            Some(r#"{"track_number":[]}"#)
        )
        .meta_code(),
        4013
    );
}

#[test]
fn auth_keys_and_account_isolation() {
    let s = Sandbox::start(&[
        "--no-rate-limit",
        "--api-key",
        "k1",
        "--api-key",
        "k2=ops@example.com",
        "--revoked-key",
        "old",
    ]);
    let k1 = [("Trackingmore-Api-Key", "k1")];
    let k2 = [("Trackingmore-Api-Key", "k2")];
    assert_eq!(
        s.call_with("GET", "/v2/trackings/getuserinfo", None, &[])
            .meta_code(),
        401
    );
    assert_eq!(
        s.call_with(
            "GET",
            "/v2/trackings/getuserinfo",
            None,
            &[("Trackingmore-Api-Key", "demo-key")]
        )
        .meta_code(),
        4001
    );
    assert_eq!(
        s.call_with(
            "GET",
            "/v2/trackings/getuserinfo",
            None,
            &[("Trackingmore-Api-Key", "old")]
        )
        .meta_code(),
        4002
    );
    assert_eq!(
        s.call_with("GET", "/v2/trackings/getuserinfo", None, &k2)
            .data()["email"],
        "ops@example.com"
    );
    let body = r#"{"tracking_number":"1234567890","carrier_code":"dhl"}"#;
    assert_eq!(
        s.call_with("POST", "/v2/trackings/post", Some(body), &k1)
            .meta_code(),
        200
    );
    assert_eq!(
        s.call_with("GET", "/v2/trackings/dhl/1234567890", None, &k2)
            .meta_code(),
        4031
    );
    assert_eq!(
        s.call_with("POST", "/v2/trackings/post", Some(body), &k2)
            .meta_code(),
        200
    );
}

#[test]
fn bad_requests_get_the_envelope() {
    let s = Sandbox::start(&["--no-rate-limit", "--max-body-bytes", "1000"]);
    let a = s.call("POST", "/v2/trackings/post", Some("{not json"));
    assert_eq!(a.meta_code(), 4015, "not JSON");
    assert_eq!(a.status, 200, "errors come as HTTP 200 by default");
    let a = s.call_with(
        "POST",
        "/v2/trackings/post",
        Some("{}"),
        &[
            ("Trackingmore-Api-Key", KEY),
            ("Content-Type", "text/plain"),
        ],
    );
    assert_eq!(a.meta_code(), 4015, "not sent as JSON");
    let bad_json = s.call("POST", "/v2/trackings/post", Some("{not json"));
    assert_eq!(bad_json.meta_code(), 4015);
    let wrong_key = s.call_with(
        "POST",
        "/v2/trackings/post",
        Some("{not json"),
        &[
            ("Trackingmore-Api-Key", "nope"),
            ("Content-Type", "text/plain"),
        ],
    );
    assert_eq!(
        wrong_key.meta_code(),
        4001,
        "the key is checked before the body"
    );
    let big = format!(r#"{{"tracking_number":"{}"}}"#, "x".repeat(5000));
    assert_eq!(
        s.call("POST", "/v2/trackings/post", Some(&big)).meta_code(),
        4012
    );
    assert_eq!(s.call("GET", "/v2/nope", None).meta_code(), 404);
    assert_eq!(s.call("GET", "/elsewhere", None).meta_code(), 404);
    assert_eq!(s.call("PATCH", "/v2/trackings/post", None).meta_code(), 405);
    assert_eq!(s.call("GET", "/v2/trackings/post", None).meta_code(), 405);
    // Still alive.
    assert_eq!(
        s.call("GET", "/v2/trackings/getuserinfo", None).meta_code(),
        200
    );
}

#[test]
fn http_status_mode_follows_meta() {
    let s = Sandbox::start(&["--no-rate-limit", "--http-status"]);
    assert_eq!(
        s.call("GET", "/v2/trackings/dhl/0000000000", None).status,
        404
    );
    assert_eq!(
        s.call_with(
            "GET",
            "/v2/trackings/getuserinfo",
            None,
            &[("Trackingmore-Api-Key", "x")]
        )
        .status,
        401
    );
    assert_eq!(s.call("POST", "/v2/trackings/post", Some("{}")).status, 400);
    assert_eq!(s.call("GET", "/v2/trackings/getuserinfo", None).status, 200);
}

#[test]
fn cors_preflight_and_headers() {
    let s = Sandbox::start(&["--no-rate-limit", "--cors-origin", "http://127.0.0.1:5173"]);
    let a = s.call_with(
        "OPTIONS",
        "/v2/trackings/post",
        None,
        &[(
            "Access-Control-Request-Headers",
            "content-type,trackingmore-api-key",
        )],
    );
    assert_eq!(a.status, 204);
    assert_eq!(
        a.header("access-control-allow-origin"),
        Some("http://127.0.0.1:5173")
    );
    assert!(a
        .header("access-control-allow-methods")
        .unwrap()
        .contains("DELETE"));
    assert_eq!(
        a.header("access-control-allow-headers"),
        Some("content-type,trackingmore-api-key")
    );
    let g = s.call("GET", "/v2/trackings/getuserinfo", None);
    assert_eq!(
        g.header("access-control-allow-origin"),
        Some("http://127.0.0.1:5173")
    );
}

#[test]
fn no_cors_by_default_like_the_real_api() {
    let s = Sandbox::start(&["--no-rate-limit"]);
    let g = s.call("GET", "/v2/trackings/getuserinfo", None);
    assert_eq!(g.meta_code(), 200);
    assert_eq!(g.header("access-control-allow-origin"), None);
    let pre = s.call_with("OPTIONS", "/v2/trackings/post", None, &[]);
    assert_eq!(pre.header("access-control-allow-origin"), None);
    assert_eq!(pre.header("access-control-allow-methods"), None);
}

#[test]
fn recorded_requests_redact_the_key() {
    let s = sb();
    s.call_with(
        "GET",
        "/v2/trackings/get?page=1",
        None,
        &[("Trackingmore-Api-Key", "super-secret-key")],
    );
    let r = s.control("GET", "requests", None);
    let text = r.to_string();
    assert!(!text.contains("super-secret-key"));
    let req = &r["data"][0];
    assert_eq!(req["headers"]["trackingmore-api-key"], "[redacted]");
    assert_eq!(req["query"], "page=1");
    s.control("DELETE", "requests", None);
    assert_eq!(s.control("GET", "requests", None)["data"], json!([]));
}

#[test]
fn recorded_requests_are_timed_from_arrival_to_answer() {
    let s = sb();
    s.fault(r#"{"path":"/v2/trackings/getuserinfo","count":1,"fault":{"kind":"delay","ms":60}}"#);
    s.call("GET", "/v2/trackings/getuserinfo", None);
    s.call("GET", "/v2/trackings/getuserinfo", None);
    let r = s.control("GET", "requests", None);
    let recs = r["data"].as_array().unwrap();
    assert_eq!(recs.len(), 2, "{r}");
    let t = |i: usize, k: &str| recs[i][k].as_u64().unwrap_or_else(|| panic!("{k}: {r}"));
    assert_eq!(t(1, "seq"), t(0, "seq") + 1);
    // The delayed answer left ≥ 60 ms after its request arrived; the next one arrived after it.
    assert!(t(0, "out_us") - t(0, "in_us") >= 60_000, "{r}");
    assert!(t(1, "in_us") >= t(0, "out_us"), "{r}");
    assert!(t(1, "out_us") >= t(1, "in_us"), "{r}");
}

#[test]
fn reset_restores_a_fresh_account() {
    let s = Sandbox::start(&["--no-rate-limit", "--seed-demo"]);
    create(&s, "1234567890", "dhl");
    assert_eq!(
        s.call("GET", "/v2/trackings/get", None).data()["total"],
        "33"
    );
    s.control("POST", "reset", None);
    assert_eq!(
        s.call("GET", "/v2/trackings/get", None).data()["total"],
        "32"
    );
}

#[test]
fn clock_control_advances_timelines() {
    let s = sb();
    create(&s, "1234567890", "dhl");
    assert_eq!(
        s.call("GET", "/v2/trackings/dhl/1234567890", None).data()["status"],
        "pending"
    );
    s.control("POST", "clock", Some(r#"{"advance_secs": 864000}"#));
    let t = s.call("GET", "/v2/trackings/dhl/1234567890", None).data();
    assert_ne!(t["status"], "pending");
    assert!(
        !t["origin_info"]["trackinfo"].as_array().unwrap().is_empty() || t["status"] == "notfound"
    );
    assert_eq!(
        s.control("POST", "clock", Some(r#"{"advance_secs": -1}"#))["ok"],
        false
    );
}
