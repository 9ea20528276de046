//! Starts the real sandbox binary on a free loopback port and talks to it over HTTP.
#![allow(dead_code)]

use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

pub const KEY: &str = "demo-key";

pub struct Sandbox {
    child: Child,
    pub base: String,
    agent: ureq::Agent,
}

/// One HTTP answer.
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub text: String,
}

impl Answer {
    /// The body as JSON, tolerating the one documented quirk a client must (getuserinfo's
    /// `"phone":+8612345678910`, a number with a `+`, read as a string).
    pub fn json(&self) -> Value {
        let text = match self.text.find("\"phone\":+") {
            Some(i) => {
                let start = i + "\"phone\":".len();
                let end = self.text[start + 1..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(self.text.len(), |j| start + 1 + j);
                format!(
                    "{}\"{}\"{}",
                    &self.text[..start],
                    &self.text[start..end],
                    &self.text[end..]
                )
            }
            None => self.text.clone(),
        };
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }
    pub fn meta_code(&self) -> i64 {
        self.json()["meta"]["code"].as_i64().unwrap_or(-1)
    }
    pub fn data(&self) -> Value {
        self.json()["data"].clone()
    }
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl Sandbox {
    pub fn start(args: &[&str]) -> Sandbox {
        let mut child = Command::new(env!("CARGO_BIN_EXE_trackingmore-sandbox"))
            .args(["--port", "0", "--quiet"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the sandbox");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line.trim().rsplit(' ').next().unwrap().to_string();
        assert!(addr.starts_with("http://127.0.0.1:"), "first line: {line}");
        let agent = ureq::AgentBuilder::new()
            .timeout(Duration::from_secs(20))
            .max_idle_connections(0)
            .build();
        Sandbox {
            child,
            base: addr,
            agent,
        }
    }

    /// Sends a request with the demo key.
    pub fn call(&self, method: &str, path: &str, body: Option<&str>) -> Answer {
        self.call_with(method, path, body, &[("Trackingmore-Api-Key", KEY)])
    }

    pub fn call_with(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Answer {
        self.try_call(method, path, body, headers)
            .unwrap_or_else(|e| panic!("{method} {path}: {e}"))
    }

    /// Like `call_with`, but a transport failure (reset, truncation) is an `Err`.
    pub fn try_call(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Result<Answer, String> {
        let mut req = self
            .agent
            .request(method, &format!("{}{}", self.base, path));
        let mut has_ct = false;
        for (k, v) in headers {
            has_ct |= k.eq_ignore_ascii_case("content-type");
            req = req.set(k, v);
        }
        let res = match body {
            Some(b) => {
                if !has_ct {
                    req = req.set("Content-Type", "application/json");
                }
                req.send_string(b)
            }
            None => req.call(),
        };
        let resp = match res {
            Ok(r) => r,
            Err(ureq::Error::Status(_, r)) => r,
            Err(e) => return Err(e.to_string()),
        };
        let status = resp.status();
        let headers = resp
            .headers_names()
            .into_iter()
            .map(|n| {
                let v = resp.header(&n).unwrap_or("").to_string();
                (n, v)
            })
            .collect();
        let text = resp.into_string().map_err(|e| e.to_string())?;
        Ok(Answer {
            status,
            headers,
            text,
        })
    }

    pub fn control(&self, method: &str, path: &str, body: Option<&str>) -> Value {
        self.call_with(method, &format!("/_sandbox/{path}"), body, &[])
            .json()
    }

    pub fn fault(&self, rule: &str) {
        let r = self.control("POST", "faults", Some(rule));
        assert_eq!(r["ok"], true, "{r}");
    }

    /// Stops the process with SIGTERM (a graceful stop: state is saved) and waits for it.
    pub fn stop(mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let _ = self.child.wait();
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
