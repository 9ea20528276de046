//! The HTTP front: routing, auth, rate limits, faults, CORS, recording, and the control API.

use crate::clock::Clock;
use crate::config::Config;
use crate::endpoints::{self as ep, Req};
use crate::envelope::{default_message, envelope, err, http_status_for, ApiError};
use crate::faults::{Fault, Faults, Rule};
use crate::ratelimit::{Class, Limiter};
use crate::store::{self, Account};
use crate::v4;
use bytes::Bytes;
use http_body_util::{combinators::BoxBody, BodyExt, Full, Limited, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper::header::{HeaderMap, HeaderValue};
use hyper::{Method, Request, Response};
use serde_json::{json, Value};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex};

/// Boxed errors (a failing body or service closes the connection).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;
/// Response bodies.
pub type Body = BoxBody<Bytes, BoxError>;

/// How many requests `/_sandbox/requests` keeps.
const RECORDED_MAX: usize = 2000;
/// The API key header (v2).
const KEY_HEADER: &str = "trackingmore-api-key";

/// Mutable state behind one lock (held only briefly, never across an await).
pub struct State {
    pub accounts: BTreeMap<String, Account>,
    pub faults: Faults,
    pub requests: VecDeque<Value>,
    pub limiter: Limiter,
    pub dirty: bool,
    /// Requests the limiter admitted and refused (429) since the start or the last reset.
    pub admitted: u64,
    pub rate_limited: u64,
    /// API requests recorded since the start: the next one's `seq`.
    pub recorded: u64,
}

/// The `seq` of the recorded request a response answers (a response extension, read by
/// [`handle`] to stamp the record with when the answer left).
#[derive(Clone, Copy)]
struct Recorded(u64);

/// The sandbox.
pub struct App {
    pub cfg: Config,
    pub clock: Clock,
    pub state: Mutex<State>,
    /// The origin of the recorded requests' `in_us` / `out_us` (monotonic, real time).
    started: std::time::Instant,
}

impl App {
    /// Builds the sandbox from its flags, loading `--state` when the file exists.
    pub fn new(cfg: Config) -> std::io::Result<Arc<App>> {
        let clock = Clock::new(cfg.clock_speed);
        let loaded = match &cfg.state {
            Some(p) => store::load(p)?,
            None => None,
        };
        let mut accounts = loaded.map(|s| s.accounts).unwrap_or_default();
        let fresh = accounts.is_empty();
        fill_accounts(&cfg, &mut accounts, clock.now(), fresh);
        let state = State {
            accounts,
            faults: Faults::default(),
            requests: VecDeque::new(),
            limiter: Limiter::default(),
            dirty: fresh && cfg.state.is_some(),
            admitted: 0,
            rate_limited: 0,
            recorded: 0,
        };
        Ok(Arc::new(App {
            cfg,
            clock,
            state: Mutex::new(state),
            started: std::time::Instant::now(),
        }))
    }

    /// Microseconds since the sandbox started, on a monotonic clock.
    fn micros(&self) -> u64 {
        self.started.elapsed().as_micros() as u64
    }

    /// Locks the state (a poisoned lock is still usable: handlers never leave it half-written).
    pub fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Writes the state file when something changed.
    pub fn persist(&self) {
        let Some(path) = &self.cfg.state else { return };
        let snap = {
            let mut st = self.lock();
            if !st.dirty {
                return;
            }
            st.dirty = false;
            store::Snapshot {
                accounts: st.accounts.clone(),
            }
        };
        if let Err(e) = store::save(path, &snap) {
            eprintln!(
                "sandbox: could not write state file {}: {e}",
                path.display()
            );
            self.lock().dirty = true;
        }
    }
}

/// Creates the configured accounts that do not exist yet (and seeds the first on a fresh start).
fn fill_accounts(cfg: &Config, accounts: &mut BTreeMap<String, Account>, now: i64, seed: bool) {
    for (i, (key, email)) in cfg.keys.iter().enumerate() {
        accounts.entry(key.clone()).or_insert_with(|| {
            let mut a = Account::new(email.clone(), cfg.quota, now - 86_400 * 30);
            if i == 0 && cfg.seed_demo && seed {
                ep::seed_demo(&mut a, cfg.seed, now);
            }
            a
        });
    }
}

fn full(bytes: impl Into<Bytes>) -> Body {
    Full::new(bytes.into())
        .map_err(|never| match never {})
        .boxed()
}

fn json_response(status: u16, v: &Value) -> Response<Body> {
    let mut r = Response::new(full(serde_json::to_vec(v).unwrap_or_default()));
    *r.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::OK);
    r.headers_mut().insert(
        "content-type",
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    r
}

fn raw_response(status: u16, content_type: &'static str, body: impl Into<Bytes>) -> Response<Body> {
    let mut r = Response::new(full(body));
    *r.status_mut() =
        hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    r.headers_mut()
        .insert("content-type", HeaderValue::from_static(content_type));
    r
}

fn percent_decode(s: &str, plus_is_space: bool) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'%' if i + 2 < b.len() => {
                let hex = std::str::from_utf8(&b[i + 1..i + 3])
                    .ok()
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(v) => {
                        out.push(v);
                        i += 3;
                        continue;
                    }
                    None => out.push(b'%'),
                }
            }
            b'+' if plus_is_space => out.push(b' '),
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn parse_query(q: Option<&str>) -> HashMap<String, String> {
    q.unwrap_or("")
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k, true), percent_decode(v, true))
        })
        .collect()
}

fn redacted_headers(h: &HeaderMap) -> Value {
    let mut m = serde_json::Map::new();
    for (k, v) in h {
        let secret = [
            KEY_HEADER,
            v4::KEY_HEADER,
            "authorization",
            "cookie",
            "proxy-authorization",
        ];
        let val = if secret.iter().any(|h| k.as_str().eq_ignore_ascii_case(h)) {
            "[redacted]".to_string()
        } else {
            String::from_utf8_lossy(v.as_bytes()).into_owned()
        };
        m.insert(k.as_str().to_string(), Value::String(val));
    }
    Value::Object(m)
}

impl App {
    fn add_cors(&self, r: &mut Response<Body>) {
        let Some(origin) = &self.cfg.cors_origin else {
            return;
        };
        let h = r.headers_mut();
        if let Ok(v) = HeaderValue::from_str(origin) {
            h.insert("access-control-allow-origin", v);
        }
        h.insert(
            "access-control-expose-headers",
            HeaderValue::from_static("Retry-After"),
        );
        if origin != "*" {
            h.insert("vary", HeaderValue::from_static("Origin"));
        }
    }

    fn api_response(&self, code: u32, message: &str, data: Value) -> Response<Body> {
        let status = if self.cfg.http_status {
            http_status_for(code)
        } else {
            200
        };
        json_response(status, &envelope(code, message, data))
    }

    fn error_response(&self, e: &ApiError) -> Response<Body> {
        self.api_response(e.code, &e.message, json!([]))
    }
}

/// Serves one request. An `Err` makes hyper drop the connection (the `reset` fault).
pub async fn handle(app: Arc<App>, req: Request<Incoming>) -> Result<Response<Body>, BoxError> {
    let started = std::time::Instant::now();
    let arrived = app.micros();
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut resp = route(&app, req, arrived).await?;
    app.add_cors(&mut resp);
    // When the answer left (as hyper is handed it, so no later than it reached the wire): with
    // `in_us`, a client's spacing from an answer to its next request can be timed from here.
    if let Some(Recorded(seq)) = resp.extensions().get::<Recorded>().copied() {
        let out = app.micros();
        let mut st = app.lock();
        if let Some(rec) = st.requests.iter_mut().rev().find(|r| r["seq"] == seq) {
            rec["out_us"] = Value::from(out);
        }
    }
    if !app.cfg.quiet {
        eprintln!(
            "{method} {path} -> {} ({} ms)",
            resp.status().as_u16(),
            started.elapsed().as_millis()
        );
    }
    Ok(resp)
}

async fn route(
    app: &Arc<App>,
    req: Request<Incoming>,
    arrived: u64,
) -> Result<Response<Body>, BoxError> {
    if req.method() == Method::OPTIONS && app.cfg.cors_origin.is_some() {
        return Ok(preflight(req.headers()));
    }
    let path = req.uri().path().to_string();
    if let Some(ctl) = path.strip_prefix("/_sandbox/") {
        let ctl = ctl.to_string();
        let method = req.method().clone();
        let body = read_body(app, req).await;
        return Ok(control(app, &method, &ctl, body));
    }
    let method = req.method().clone();
    let query_str = req.uri().query().map(str::to_string);
    let headers = req.headers().clone();

    let body_bytes = read_body(app, req).await;
    let seq = {
        let mut st = app.lock();
        let seq = st.recorded;
        st.recorded += 1;
        let rec = json!({
            "seq": seq,
            "in_us": arrived,
            "method": method.as_str(),
            "path": path,
            "query": query_str,
            "headers": redacted_headers(&headers),
            "body": body_bytes.as_ref().map(|b| String::from_utf8_lossy(&b[..b.len().min(65_536)]).into_owned()).unwrap_or_default(),
            "at": crate::clock::iso(app.clock.now()),
        });
        st.requests.push_back(rec);
        while st.requests.len() > RECORDED_MAX {
            st.requests.pop_front();
        }
        seq
    };
    let mut resp = answer(app, method, path, query_str, headers, body_bytes).await?;
    resp.extensions_mut().insert(Recorded(seq));
    Ok(resp)
}

/// The answer to a recorded API request: a fault, a delay, or the API's.
async fn answer(
    app: &Arc<App>,
    method: Method,
    path: String,
    query_str: Option<String>,
    headers: HeaderMap,
    body_bytes: Result<Bytes, ApiError>,
) -> Result<Response<Body>, BoxError> {
    let fault = app.lock().faults.take(method.as_str(), &path);
    let delay = match fault {
        None => None,
        Some(Fault::Delay { ms }) => Some(std::time::Duration::from_millis(ms.min(600_000))),
        Some(f) => {
            let key = headers
                .get(KEY_HEADER)
                .or_else(|| headers.get(v4::KEY_HEADER))
                .and_then(|v| v.to_str().ok())
                .unwrap_or("");
            return fault_response(app, f, key, path.starts_with("/v4"));
        }
    };

    let body_bytes = match body_bytes {
        Ok(b) => b,
        Err(too_large) => return Ok(app.error_response(&too_large)),
    };
    let Some(delay) = delay else {
        return Ok(api(
            app,
            &method,
            &path,
            query_str.as_deref(),
            &headers,
            &body_bytes,
        ));
    };
    // A slow request is handled in a task of its own, so that it completes (and e.g. creates the
    // tracking) even when the client gave up and closed the connection, as a real server does.
    let app = app.clone();
    let handled = tokio::spawn(async move {
        tokio::time::sleep(delay).await;
        api(
            &app,
            &method,
            &path,
            query_str.as_deref(),
            &headers,
            &body_bytes,
        )
    });
    Ok(handled.await?)
}

fn preflight(h: &HeaderMap) -> Response<Body> {
    let mut r = raw_response(204, "text/plain", Bytes::new());
    let hs = r.headers_mut();
    hs.insert(
        "access-control-allow-methods",
        HeaderValue::from_static("GET, POST, PUT, DELETE, OPTIONS"),
    );
    let allow =
        h.get("access-control-request-headers")
            .cloned()
            .unwrap_or(HeaderValue::from_static(
                "Content-Type, Trackingmore-Api-Key, Tracking-Api-Key, Lang",
            ));
    hs.insert("access-control-allow-headers", allow);
    hs.insert("access-control-max-age", HeaderValue::from_static("600"));
    r
}

async fn read_body(app: &App, req: Request<Incoming>) -> Result<Bytes, ApiError> {
    match Limited::new(req.into_body(), app.cfg.max_body)
        .collect()
        .await
    {
        Ok(c) => Ok(c.to_bytes()),
        Err(_) => Err(err(
            4012,
            format!(
                "The request body is too large (limit {} bytes).",
                app.cfg.max_body
            ),
        )),
    }
}

/// A fault's text with `{key}` replaced by the request's API key: an echoing server, so that
/// tests can check the client never repeats it.
fn fault_text(key: &str) -> impl Fn(&str) -> String + '_ {
    move |t: &str| t.replace("{key}", key)
}

/// `v` with `echo` applied to every string in it.
fn echo_value(v: Value, echo: &impl Fn(&str) -> String) -> Value {
    match v {
        Value::String(s) => Value::String(echo(&s)),
        Value::Array(a) => Value::Array(a.into_iter().map(|x| echo_value(x, echo)).collect()),
        Value::Object(o) => Value::Object(
            o.into_iter()
                .map(|(k, x)| (k, echo_value(x, echo)))
                .collect(),
        ),
        other => other,
    }
}

fn fault_response(app: &App, f: Fault, key: &str, v4: bool) -> Result<Response<Body>, BoxError> {
    let echo = fault_text(key);
    Ok(match f {
        Fault::Reset => return Err("sandbox fault: reset".into()),
        Fault::Delay { .. } => unreachable!("handled before"),
        Fault::Status { status, body } => raw_response(
            status,
            "text/html; charset=utf-8",
            body.map(|b| echo(&b)).unwrap_or_else(|| format!("<html><head><title>{status}</title></head><body><h1>{status} Error</h1><p>nginx</p></body></html>")),
        ),
        Fault::Meta {
            code,
            message,
            data,
        } if v4 => v4_response(
            code,
            &message
                .map(|m| echo(&m))
                .unwrap_or_else(|| v4::message(code).to_string()),
            data.map(|d| echo_value(d, &echo)).unwrap_or_else(|| json!([])),
        ),
        Fault::Meta {
            code,
            message,
            data,
        } => app.api_response(
            code,
            &message
                .map(|m| echo(&m))
                .unwrap_or_else(|| default_message(code).to_string()),
            data.map(|d| echo_value(d, &echo)).unwrap_or_else(|| json!([])),
        ),
        Fault::RateLimit { retry_after } => {
            let body = if v4 {
                v4::envelope(429, v4::message(429), json!([]))
            } else {
                envelope(429, default_message(429), json!([]))
            };
            let mut r = json_response(429, &body);
            if let Some(s) = retry_after {
                r.headers_mut().insert("retry-after", HeaderValue::from(s));
            }
            r
        }
        Fault::NonJson => raw_response(200, "text/html; charset=utf-8", "<html><body>Service temporarily redirected</body></html>"),
        Fault::Large { bytes } => {
            let pad = "x".repeat(bytes.min(256 << 20));
            json_response(200, &envelope(200, "Success", json!({"items": [], "padding": pad})))
        }
        Fault::Truncate => {
            let whole = serde_json::to_vec(&envelope(200, "Success", json!({"items": [{"tracking_number": "TRUNCATED000", "carrier_code": "dhl", "status": "transit"}]}))).unwrap_or_default();
            let half = Bytes::copy_from_slice(&whole[..whole.len() / 2]);
            // Half the body, a pause (so it is flushed), then an error: hyper closes the connection.
            let frames = futures_util::stream::unfold(0u8, move |step| {
                let half = half.clone();
                async move {
                    match step {
                        0 => Some((Ok::<_, BoxError>(Frame::data(half)), 1)),
                        1 => {
                            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                            Some((Err("sandbox fault: truncated body".into()), 2))
                        }
                        _ => None,
                    }
                }
            });
            let mut r = Response::new(BodyExt::boxed(StreamBody::new(frames)));
            r.headers_mut().insert("content-type", HeaderValue::from_static("application/json"));
            r.headers_mut().insert("content-length", HeaderValue::from(whole.len()));
            r
        }
    })
}

/// The emulated API proper: `/v4` goes to `api_v4`; a v2 request is routed (an unknown path is a
/// 404 whatever the key), then checked in the live API's order — key, rate limit, body — and
/// served from the key's account.
fn api(
    app: &App,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response<Body> {
    if path == "/v4" || path.starts_with("/v4/") {
        return api_v4(app, method, path, query, headers, body);
    }
    let Some(rest) = path
        .strip_prefix("/v2/")
        .or_else(|| (path == "/v2").then_some(""))
    else {
        return app.api_response(
            404,
            &format!("No such endpoint: {path}. The API lives under /v2."),
            json!([]),
        );
    };
    let segs: Vec<String> = rest.split('/').map(|s| percent_decode(s, false)).collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let m = method.as_str();
    let endpoint = match ep::route(m, &segs) {
        Ok(e) => e,
        Err(405) => {
            return app.api_response(405, &format!("{m} is not supported for {path}."), json!([]))
        }
        Err(_) => {
            return app.api_response(404, &format!("No such endpoint: {m} {path}."), json!([]))
        }
    };

    let key = headers
        .get(KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    if key.is_empty() {
        return app.error_response(&err(
            401,
            "Authentication failed: the Trackingmore-Api-Key header is missing.",
        ));
    }
    if app.cfg.revoked.iter().any(|k| k == key) {
        return app.error_response(&err(4002, default_message(4002)));
    }
    // The key, then the account's rate limit, then the body (a wrong key with a bad body is 4001).
    let (class, rate) = match endpoint {
        ep::Endpoint::Realtime => (Class::Realtime, app.cfg.realtime_rate),
        ep::Endpoint::List => (Class::List, app.cfg.list_rate),
        _ => (Class::General, app.cfg.rate),
    };
    {
        let mut st = app.lock();
        if !st.accounts.contains_key(key) {
            return app.error_response(&err(4001, default_message(4001)));
        }
        if !st.limiter.admit(key, class, rate, app.cfg.lockout_secs) {
            st.rate_limited += 1;
            return app.error_response(&err(429, default_message(429)));
        }
        st.admitted += 1;
    }
    let body_value = match v2_body(m, headers, body) {
        Ok(v) => v,
        Err(e) => return app.error_response(&e),
    };

    let query = parse_query(query);
    let r = Req {
        query: &query,
        body: body_value.as_ref(),
        lang_header: headers.get("lang").and_then(|v| v.to_str().ok()),
        seed: app.cfg.seed,
        now: app.clock.now(),
    };
    let mut st = app.lock();
    let st = &mut *st;
    let Some(acct) = st.accounts.get_mut(key) else {
        return app.error_response(&err(4001, default_message(4001)));
    };
    let (result, mutates) = ep::serve(endpoint, acct, &r);
    if mutates && result.is_ok() {
        st.dirty = true;
    }
    match result {
        Ok((code, data)) => v2_answer(app, endpoint, code, data),
        Err(e) => app.error_response(&e),
    }
}

/// A v2 request's body: JSON for POST/PUT (4015 when it is not, as the reference says), `None`
/// for the other methods. An empty PUT body with a JSON content type is `{}`, as the live API
/// takes it.
fn v2_body(method: &str, headers: &HeaderMap, body: &Bytes) -> Result<Option<Value>, ApiError> {
    if !matches!(method, "POST" | "PUT") {
        return Ok(None);
    }
    let ct = headers
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !ct.to_ascii_lowercase().starts_with("application/json") {
        return Err(err(
            4015,
            format!("The request body must be sent as JSON (Content-Type application/json, got {ct:?})."),
        ));
    }
    if method == "PUT" && body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Some(json!({})));
    }
    serde_json::from_slice::<Value>(body)
        .map(Some)
        .map_err(|e| err(4015, format!("The request body is not valid JSON: {e}.")))
}

/// A successful v2 answer in its envelope, with the two shapes the reference's samples show.
fn v2_answer(app: &App, endpoint: ep::Endpoint, code: u32, data: Value) -> Response<Body> {
    match endpoint {
        // The carrier list's meta carries only `code`, as in the doc sample.
        ep::Endpoint::Carriers => {
            json_response(200, &json!({"meta": {"code": code}, "data": data}))
        }
        // getuserinfo's `phone` as in the doc sample: `"phone":+8612345678910`, not valid JSON.
        ep::Endpoint::UserInfo => {
            let status = if app.cfg.http_status {
                http_status_for(code)
            } else {
                200
            };
            let n = ep::USERINFO_PHONE.to_string();
            let text = envelope(code, default_message(code), data)
                .to_string()
                .replace(&format!("\"phone\":{n}"), &format!("\"phone\":+{n}"));
            raw_response(status, "application/json", text)
        }
        _ => app.api_response(code, default_message(code), data),
    }
}

fn v4_response(code: u32, message: &str, data: Value) -> Response<Body> {
    json_response(v4::http_status(code), &v4::envelope(code, message, data))
}

fn v4_error(e: &ApiError) -> Response<Body> {
    v4_response(e.code, &e.message, e.data.clone().unwrap_or(json!([])))
}

/// The emulated v4 API (see `v4.rs`): route, key, the endpoint's rate limit, the body, then the
/// endpoint.
fn api_v4(
    app: &App,
    method: &Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
    body: &Bytes,
) -> Response<Body> {
    let segs: Vec<String> = path["/v4".len()..]
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| percent_decode(s, false))
        .collect();
    let segs: Vec<&str> = segs.iter().map(String::as_str).collect();
    let ep = match v4::route(method.as_str(), &segs) {
        Ok(ep) => ep,
        Err(code) => return v4_response(code, v4::message(code), json!([])),
    };
    let key = headers
        .get(v4::KEY_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .unwrap_or("");
    let (class, rate) = v4::rate(app, ep);
    {
        let mut st = app.lock();
        if key.is_empty()
            || app.cfg.revoked.iter().any(|k| k == key)
            || !st.accounts.contains_key(key)
        {
            return v4_response(401, v4::message(401), json!([]));
        }
        if !st.limiter.admit(key, class, rate, app.cfg.lockout_secs) {
            st.rate_limited += 1;
            return v4_response(429, v4::message(429), json!([]));
        }
        st.admitted += 1;
    }
    let body_value = if body.iter().all(u8::is_ascii_whitespace) {
        None
    } else {
        match serde_json::from_slice::<Value>(body) {
            Ok(v) => Some(v),
            Err(_) => return v4_response(400, v4::message(400), json!([])),
        }
    };
    let q = parse_query(query);
    match v4::serve(app, ep, key, &q, body_value.as_ref()) {
        Ok(data) => v4_response(200, v4::message(200), data),
        Err(e) => v4_error(&e),
    }
}

/// `/_sandbox/...`: the control API (no key needed).
fn control(
    app: &App,
    method: &Method,
    what: &str,
    body: Result<Bytes, ApiError>,
) -> Response<Body> {
    let body: Option<Value> = body
        .ok()
        .filter(|b| !b.is_empty())
        .and_then(|b| serde_json::from_slice(&b).ok());
    let ok = |data: Value| json_response(200, &json!({"ok": true, "data": data}));
    let bad = |msg: String| json_response(400, &json!({"ok": false, "error": msg}));
    match (method.as_str(), what.trim_end_matches('/')) {
        ("GET", "health") => ok(json!({"now": crate::clock::iso(app.clock.now())})),
        ("GET", "faults") => ok(serde_json::to_value(app.lock().faults.list()).unwrap_or_default()),
        ("DELETE", "faults") => {
            app.lock().faults.clear();
            ok(json!([]))
        }
        ("POST", "faults") => {
            let rules: Result<Vec<Rule>, String> = match body {
                Some(v @ Value::Array(_)) => serde_json::from_value(v).map_err(|e| e.to_string()),
                Some(v) => serde_json::from_value::<Rule>(v)
                    .map(|r| vec![r])
                    .map_err(|e| e.to_string()),
                None => Err("body must be a fault rule or an array of rules".into()),
            };
            match rules {
                Ok(rules) => {
                    let mut st = app.lock();
                    let n = rules.len();
                    rules.into_iter().for_each(|r| st.faults.push(r));
                    ok(json!({"queued": n}))
                }
                Err(e) => bad(format!("bad fault rule: {e}")),
            }
        }
        ("GET", "requests") => ok(Value::Array(app.lock().requests.iter().cloned().collect())),
        // A v4 webhook of the first tracking of the first account, signed now: what the sandbox
        // would POST (for checking a receiver without waiting for a status change).
        ("GET", "webhook-v4") => {
            let (seed, now) = (app.cfg.seed, app.clock.now());
            let st = app.lock();
            let rec = st
                .accounts
                .values()
                .next()
                .and_then(|a| a.trackings.values().next());
            match rec {
                Some(rec) => {
                    let (ts, sig, body) = crate::webhook::v4(
                        v4::tracking(rec, seed, now),
                        &app.cfg.webhook_secret,
                        now,
                    );
                    ok(json!({"headers": {"timestamp": ts, "signature": sig}, "body": body}))
                }
                None => bad("no tracking to send".into()),
            }
        }
        ("GET", "stats") => {
            let st = app.lock();
            ok(json!({"admitted": st.admitted, "rate_limited": st.rate_limited}))
        }
        ("DELETE", "requests") => {
            app.lock().requests.clear();
            ok(json!([]))
        }
        ("POST", "reset") => {
            let mut st = app.lock();
            st.accounts.clear();
            fill_accounts(&app.cfg, &mut st.accounts, app.clock.now(), true);
            st.faults.clear();
            st.requests.clear();
            st.limiter.clear();
            (st.admitted, st.rate_limited) = (0, 0);
            st.dirty = true;
            ok(json!({"accounts": st.accounts.len()}))
        }
        ("GET", "clock") => {
            ok(json!({"now": app.clock.now(), "iso": crate::clock::iso(app.clock.now())}))
        }
        ("POST", "clock") => {
            let secs = body
                .as_ref()
                .and_then(|b| b.get("advance_secs"))
                .and_then(Value::as_f64);
            match secs {
                Some(s) if s >= 0.0 && s.is_finite() => {
                    app.clock.advance(s);
                    ok(json!({"now": app.clock.now(), "iso": crate::clock::iso(app.clock.now())}))
                }
                _ => bad("body must be {\"advance_secs\": <non-negative number>}".into()),
            }
        }
        _ => json_response(
            404,
            &json!({"ok": false, "error": format!("no control endpoint {method} /_sandbox/{what}")}),
        ),
    }
}

/// Finds trackings whose status changed since the last webhook, per account: (email, tracking).
pub fn due_webhooks(app: &App) -> Vec<(String, Value, Value)> {
    let now = app.clock.now();
    let seed = app.cfg.seed;
    let mut st = app.lock();
    let mut out = Vec::new();
    for acct in st.accounts.values_mut() {
        let email = acct.email.clone();
        for rec in acct.trackings.values_mut() {
            let status = crate::timeline::snapshot(rec, seed, now).status;
            if rec.notified_status.as_deref() != Some(status.as_str()) {
                rec.notified_status = Some(status);
                let v2 = crate::timeline::full(rec, seed, now);
                out.push((email.clone(), v2, v4::tracking(rec, seed, now)));
            }
        }
    }
    if !out.is_empty() {
        st.dirty = true;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%23123%20a+b", true), "#123 a b");
        assert_eq!(percent_decode("a+b%2", false), "a+b%2");
        assert_eq!(percent_decode("%zz", false), "%zz");
        let q = parse_query(Some("numbers=A%2CB,C&orders=%23123&x"));
        assert_eq!(q["numbers"], "A,B,C");
        assert_eq!(q["orders"], "#123");
        assert_eq!(q["x"], "");
    }
}
