//! The v2 envelope `{meta:{code,type,message},data}` and the meta-code table.

use serde_json::{json, Value};

/// An API error: a meta code, its message, and the `data` it carries (`[]` when `None`).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub code: u32,
    pub message: String,
    pub data: Option<Value>,
}

/// Shorthand for an [`ApiError`].
pub fn err(code: u32, message: impl Into<String>) -> ApiError {
    ApiError {
        code,
        message: message.into(),
        data: None,
    }
}

/// `meta.type` for a code, as TrackingMore documents it.
pub fn meta_type(code: u32) -> &'static str {
    match code {
        200 => "Success",
        201 => "Created",
        401 | 4001 | 4002 => "Unauthorized",
        4031..=4033 => "No Content",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Bad Request",
    }
}

/// The documented message for a code.
pub fn default_message(code: u32) -> &'static str {
    match code {
        200 => "Success",
        201 => "The request was successful and a resource was created.",
        202 => "The request was accepted but is over the limit.",
        401 => "Authentication failed or no permission.",
        4001 => "Invalid API key.",
        4002 => "API key has been deleted.",
        4012 => "The request was not understood, or required parameters are missing.",
        4013 => "tracking_number is required.",
        4014 => "The value of tracking_number is invalid.",
        4015 => "The value of carrier_code is invalid.",
        4016 => "Tracking already exists.",
        4017 => "Tracking does not exist.",
        4018 => "This feature needs to be activated for your account.",
        4019 => "Balance insufficient.",
        4020 => "Up to 200 at a time.",
        4021 => {
            "Your remaining quota is insufficient or the free trial has expired; please recharge."
        }
        4031 => "The tracking does not exist in your account; create it first.",
        4032 => "Cannot detect courier. Please pass carrier_code.",
        4033 => "The value of status is invalid.",
        402 => "Payment required.",
        403 => "Access denied.",
        404 => "The requested resource does not exist.",
        405 => "The method is not supported for this resource.",
        429 => "You have exceeded the API limits. Please pause, wait two minutes, and retry.",
        503 => "The service is temporarily unavailable.",
        _ => "Server error.",
    }
}

/// The HTTP status a meta code maps to when the sandbox runs with `--http-status`.
pub fn http_status_for(code: u32) -> u16 {
    match code {
        200..=299 => code as u16,
        401 | 4001 | 4002 => 401,
        402 | 4019 | 4021 => 402,
        4017 | 4031 | 404 => 404,
        403 | 405 | 409 | 429 | 500..=599 => code as u16,
        4012..=4033 => 400,
        _ => 400,
    }
}

/// A full envelope.
pub fn envelope(code: u32, message: &str, data: Value) -> Value {
    json!({"meta": {"code": code, "type": meta_type(code), "message": message}, "data": data})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table() {
        assert_eq!(meta_type(4031), "No Content");
        assert_eq!(meta_type(4016), "Bad Request");
        assert_eq!(http_status_for(4001), 401);
        assert_eq!(http_status_for(4016), 400);
        assert_eq!(http_status_for(429), 429);
        let e = envelope(4017, default_message(4017), json!([]));
        assert_eq!(e["meta"]["type"], "Bad Request");
    }
}
