//! Command-line flags.

use std::path::PathBuf;

pub const USAGE: &str = "\
trackingmore-sandbox: a local emulation of the TrackingMore API v2

USAGE: trackingmore-sandbox [FLAGS]

  --host ADDR               listen address (default 127.0.0.1)
  --port N                  port (default 8790; 0 picks a free one, printed on the first line)
  --api-key KEY[=EMAIL]     accept this key, one isolated account per key (repeatable);
                            EMAIL is the account's e-mail, which keys its webhook
                            signatures (default KEY@sandbox.example). Without this flag:
                            one account, key demo-key, e-mail demo@sandbox.example
  --revoked-key KEY         answer this key with 4002 \"API key has been deleted\" (repeatable)
  --quota N                 tracking quota of each account (default 100000)
  --seed N                  seed of the deterministic timelines and data (default 1)
  --seed-demo               load the first account with trackings in every status
  --clock-speed F           virtual time runs F times faster than real time (default 1)
  --rate-limit R            requests/s per account (default 1; 0 = off)
  --realtime-rate-limit R   /trackings/realtime requests/s per account (default 3; 0 = off)
  --list-rate-limit R       /trackings/get requests/s per account (default 1; 0 = off)
  --v4-rate-limit R         each /v4 endpoint but create, requests/s per account (default 10)
  --v4-create-rate-limit R  /v4/trackings/create requests/s per account (default 3)
  --no-rate-limit           all of them off
  --rate-limit-lockout S    after a 429, the class answers 429 for S seconds (default 120,
                            as the API's two-minute pause; 0 = no lockout)
  --http-status             HTTP status follows the meta code (default: errors as HTTP 200)
  --cors-origin ORIGIN      send CORS headers for ORIGIN (or *); default none, like the real
                            API, which serves servers, not pages
  --webhook-url URL         POST v2 webhooks here when a tracking's status changes
  --webhook-verify-in-data  put verifyInfo inside data instead of at the top level
  --webhook-v4-url URL      POST v4 webhooks here when a tracking's status changes
  --webhook-secret S        the v4 webhook secret (default the documentation's example,
                            2e55b9a3-4dd1-4416-9897-c4bd1e3d738f)
  --state FILE              keep state in FILE across restarts (written atomically)
  --max-body-bytes N        largest accepted request body (default 1048576)
  --quiet                   no request log on stderr
  -h, --help                this text
";

/// Parsed flags.
#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    /// (key, email)
    pub keys: Vec<(String, String)>,
    pub revoked: Vec<String>,
    pub quota: i64,
    pub seed: u64,
    pub seed_demo: bool,
    pub clock_speed: f64,
    pub rate: f64,
    pub realtime_rate: f64,
    pub list_rate: f64,
    pub v4_rate: f64,
    pub v4_create_rate: f64,
    pub lockout_secs: f64,
    pub http_status: bool,
    pub cors_origin: Option<String>,
    pub webhook_url: Option<String>,
    pub webhook_in_data: bool,
    pub webhook_v4_url: Option<String>,
    pub webhook_secret: String,
    pub state: Option<PathBuf>,
    pub max_body: usize,
    pub quiet: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8790,
            keys: Vec::new(),
            revoked: Vec::new(),
            quota: 100_000,
            seed: 1,
            seed_demo: false,
            clock_speed: 1.0,
            rate: 1.0,
            realtime_rate: 3.0,
            list_rate: 1.0,
            v4_rate: 10.0,
            v4_create_rate: 3.0,
            lockout_secs: 120.0,
            http_status: false,
            cors_origin: None,
            webhook_url: None,
            webhook_in_data: false,
            webhook_v4_url: None,
            webhook_secret: "2e55b9a3-4dd1-4416-9897-c4bd1e3d738f".into(),
            state: None,
            max_body: 1 << 20,
            quiet: false,
        }
    }
}

/// What the command line asks for.
pub enum Parsed {
    Run(Box<Config>),
    Help,
}

/// Parses the flags (without the program name).
pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Parsed, String> {
    let mut c = Config::default();
    let mut it = args.into_iter();
    while let Some(flag) = it.next() {
        let (flag, inline) = match flag.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (flag, None),
        };
        let mut value = |name: &str| -> Result<String, String> {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        fn num<T: std::str::FromStr>(name: &str, v: String) -> Result<T, String> {
            v.parse()
                .map_err(|_| format!("{name}: not a valid number: {v}"))
        }
        match flag.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help),
            "--host" => c.host = value("--host")?,
            "--port" => c.port = num("--port", value("--port")?)?,
            "--api-key" => {
                let v = value("--api-key")?;
                let (k, e) = match v.split_once('=') {
                    Some((k, e)) => (k.to_string(), e.to_string()),
                    None => (v.clone(), format!("{v}@sandbox.example")),
                };
                if k.is_empty() {
                    return Err("--api-key: empty key".into());
                }
                c.keys.push((k, e));
            }
            "--revoked-key" => c.revoked.push(value("--revoked-key")?),
            "--quota" => c.quota = num("--quota", value("--quota")?)?,
            "--seed" => c.seed = num("--seed", value("--seed")?)?,
            "--seed-demo" => c.seed_demo = true,
            "--clock-speed" => c.clock_speed = num("--clock-speed", value("--clock-speed")?)?,
            "--rate-limit" => c.rate = num("--rate-limit", value("--rate-limit")?)?,
            "--realtime-rate-limit" => {
                c.realtime_rate = num("--realtime-rate-limit", value("--realtime-rate-limit")?)?
            }
            "--list-rate-limit" => {
                c.list_rate = num("--list-rate-limit", value("--list-rate-limit")?)?
            }
            "--v4-rate-limit" => c.v4_rate = num("--v4-rate-limit", value("--v4-rate-limit")?)?,
            "--v4-create-rate-limit" => {
                c.v4_create_rate = num("--v4-create-rate-limit", value("--v4-create-rate-limit")?)?
            }
            "--no-rate-limit" => {
                (c.rate, c.realtime_rate, c.list_rate) = (0.0, 0.0, 0.0);
                (c.v4_rate, c.v4_create_rate) = (0.0, 0.0);
            }
            "--http-status" => c.http_status = true,
            "--cors-origin" => c.cors_origin = Some(value("--cors-origin")?),
            "--rate-limit-lockout" => {
                c.lockout_secs = num("--rate-limit-lockout", value("--rate-limit-lockout")?)?
            }
            "--webhook-url" => c.webhook_url = Some(value("--webhook-url")?),
            "--webhook-verify-in-data" => c.webhook_in_data = true,
            "--webhook-v4-url" => c.webhook_v4_url = Some(value("--webhook-v4-url")?),
            "--webhook-secret" => c.webhook_secret = value("--webhook-secret")?,
            "--state" => c.state = Some(PathBuf::from(value("--state")?)),
            "--max-body-bytes" => c.max_body = num("--max-body-bytes", value("--max-body-bytes")?)?,
            "--quiet" => c.quiet = true,
            other => return Err(format!("unknown flag: {other} (see --help)")),
        }
    }
    if !(c.clock_speed.is_finite() && c.clock_speed > 0.0) {
        return Err("--clock-speed must be a positive number".into());
    }
    for r in [
        c.rate,
        c.realtime_rate,
        c.list_rate,
        c.v4_rate,
        c.v4_create_rate,
        c.lockout_secs,
    ] {
        if !(r.is_finite() && r >= 0.0) {
            return Err("rate limits must be >= 0".into());
        }
    }
    if c.keys.is_empty() {
        c.keys
            .push(("demo-key".into(), "demo@sandbox.example".into()));
    }
    Ok(Parsed::Run(Box::new(c)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Result<Config, String> {
        match parse(args.iter().map(|s| s.to_string()))? {
            Parsed::Run(c) => Ok(*c),
            Parsed::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults_and_flags() {
        let c = run(&[]).unwrap();
        assert_eq!(
            c.keys,
            vec![("demo-key".to_string(), "demo@sandbox.example".to_string())]
        );
        assert_eq!(c.port, 8790);
        let c = run(&[
            "--port",
            "0",
            "--api-key",
            "a",
            "--api-key=b=b@x.test",
            "--no-rate-limit",
            "--seed-demo",
        ])
        .unwrap();
        assert_eq!(c.port, 0);
        assert_eq!(c.keys[1], ("b".to_string(), "b@x.test".to_string()));
        assert_eq!(c.rate, 0.0);
        assert!(c.seed_demo);
        assert!(run(&["--bogus"]).is_err());
        assert!(run(&["--port"]).is_err());
        assert!(run(&["--clock-speed", "0"]).is_err());
    }
}
