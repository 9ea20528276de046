//! Webhooks. v2: `verifyInfo.signature` = hex(HMAC-SHA256(timeStr, key = account email)) in the
//! body. v4: headers `timestamp` (unix seconds) and `signature` = hex(HMAC-SHA256(timestamp,
//! key = the webhook secret)), the reference's recommendation (§6), and the body `{meta, data}`.

use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;

/// Hex HMAC-SHA256 of `time_str` keyed by `email`.
pub fn sign(time_str: &str, email: &str) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(email.as_bytes()).expect("HMAC takes any key length");
    mac.update(time_str.as_bytes());
    hex::encode(mac.finalize().into_bytes())
}

/// The webhook body for a tracking object; `verifyInfo` at the top level or inside `data`.
pub fn body(tracking: Value, email: &str, now: i64, in_data: bool) -> Value {
    let time_str = now.to_string();
    let verify = json!({"timeStr": time_str, "signature": sign(&time_str, email)});
    let mut b =
        json!({"meta": {"code": 200, "type": "Success", "message": "Success"}, "data": tracking});
    if in_data {
        b["data"]["verifyInfo"] = verify;
    } else {
        b["verifyInfo"] = verify;
    }
    b
}

/// A v4 webhook for a v4 tracking: `(timestamp, signature, body)`.
pub fn v4(tracking: Value, secret: &str, now: i64) -> (String, String, String) {
    let timestamp = now.to_string();
    let signature = sign(&timestamp, secret);
    let body = json!({"meta": {"code": 200, "message": "Request response is successful"}, "data": tracking});
    (timestamp, signature, body.to_string())
}

/// POSTs a v2 webhook body (blocking; call from a blocking task). Returns the HTTP status.
pub fn send(url: &str, body: &Value) -> Result<u16, String> {
    post(url, &[], &body.to_string())
}

/// POSTs a v4 webhook (blocking). Returns the HTTP status.
pub fn send_v4(
    url: &str,
    (timestamp, signature, body): &(String, String, String),
) -> Result<u16, String> {
    post(
        url,
        &[("timestamp", timestamp), ("signature", signature)],
        body,
    )
}

fn post(url: &str, headers: &[(&str, &String)], body: &str) -> Result<u16, String> {
    let agent = ureq::AgentBuilder::new()
        .timeout(std::time::Duration::from_secs(5))
        .build();
    let mut req = agent.post(url).set("Content-Type", "application/json");
    for (k, v) in headers {
        req = req.set(k, v);
    }
    match req.send_string(body) {
        Ok(r) => Ok(r.status()),
        Err(ureq::Error::Status(code, _)) => Ok(code),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_matches_a_known_hmac() {
        // RFC 4231 style check computed independently: HMAC-SHA256(key="key", msg="The quick brown fox jumps over the lazy dog").
        assert_eq!(
            sign("The quick brown fox jumps over the lazy dog", "key"),
            "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"
        );
    }

    #[test]
    fn v4_signature_is_the_reference_example() {
        // The worked example of the v4 webhook documentation (reference §6).
        let (ts, sig, body) = v4(
            json!({"id": "x"}),
            "2e55b9a3-4dd1-4416-9897-c4bd1e3d738f",
            1662371528,
        );
        assert_eq!(ts, "1662371528");
        assert_eq!(
            sig,
            "a37084ab68ae16b77db1f8463f31be9fcc965e2515e03efecf8139bb1e511b06"
        );
        assert!(body.contains("\"data\":{\"id\":\"x\"}"));
    }

    #[test]
    fn verify_info_placement() {
        let top = body(json!({"id": "x"}), "a@b.c", 5, false);
        assert_eq!(top["verifyInfo"]["timeStr"], "5");
        let inner = body(json!({"id": "x"}), "a@b.c", 5, true);
        assert_eq!(inner["data"]["verifyInfo"]["signature"], sign("5", "a@b.c"));
    }
}
