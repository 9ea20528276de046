//! Time: a virtual clock that can run faster than real time, and the v2 date formats.

use std::sync::Mutex;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

/// The sandbox's clock. Virtual time starts at the real time when the sandbox starts and runs
/// `speed` times faster; `advance` jumps it forward (the `/_sandbox/clock` control endpoint).
pub struct Clock {
    start_real: Instant,
    start_unix: f64,
    speed: f64,
    offset: Mutex<f64>,
}

impl Clock {
    pub fn new(speed: f64) -> Self {
        let start_unix = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or(0.0);
        Clock {
            start_real: Instant::now(),
            start_unix,
            speed,
            offset: Mutex::new(0.0),
        }
    }

    /// Virtual now, in unix seconds.
    pub fn now(&self) -> i64 {
        let elapsed = self.start_real.elapsed().as_secs_f64() * self.speed;
        let offset = *self.offset.lock().unwrap_or_else(|e| e.into_inner());
        (self.start_unix + elapsed + offset) as i64
    }

    /// Moves virtual time forward by `secs`.
    pub fn advance(&self, secs: f64) {
        *self.offset.lock().unwrap_or_else(|e| e.into_inner()) += secs.max(0.0);
    }
}

/// Days since 1970-01-01 to (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn parts(ts: i64) -> (i64, u32, u32, i64, i64, i64) {
    let days = ts.div_euclid(86_400);
    let secs = ts.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    (y, m, d, secs / 3600, (secs / 60) % 60, secs % 60)
}

/// `2019-08-20T14:56:55+00:00`, the format of `created_at` / `updated_at`.
pub fn iso(ts: i64) -> String {
    let (y, m, d, hh, mm, ss) = parts(ts);
    format!("{y:04}-{m:02}-{d:02}T{hh:02}:{mm:02}:{ss:02}+00:00")
}

/// `2019-08-06 18:39:14`, local time without a zone, the format of checkpoint dates.
pub fn local(ts: i64) -> String {
    let (y, m, d, hh, mm, ss) = parts(ts);
    format!("{y:04}-{m:02}-{d:02} {hh:02}:{mm:02}:{ss:02}")
}

/// Reads the loose `order_create_time` formats into unix seconds: unix seconds as text,
/// `2017/8/27 16:51`, `2018-05-20 12:00[:00]`, or a bare date.
pub fn parse_loose(s: &str) -> Option<i64> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse().ok();
    }
    let (date, time) = match s.split_once([' ', 'T']) {
        Some((d, t)) => (d, t),
        None => (s, "0:0:0"),
    };
    let mut dp = date.split(['-', '/']).map(|p| p.parse::<i64>().ok());
    let (y, m, d) = (dp.next()??, dp.next()??, dp.next()??);
    if dp.next().is_some() || !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let time = time.trim_end_matches('Z');
    let mut tp = time.split(':').map(|p| p.parse::<i64>().ok());
    let hh = tp.next().flatten().unwrap_or(0);
    let mm = tp.next().flatten().unwrap_or(0);
    let ss = tp.next().flatten().unwrap_or(0);
    Some(days_from_civil(y, m as u32, d as u32) * 86_400 + hh * 3600 + mm * 60 + ss)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_round_trip() {
        assert_eq!(iso(0), "1970-01-01T00:00:00+00:00");
        assert_eq!(local(1_566_382_495), "2019-08-21 10:14:55");
        assert_eq!(parse_loose("2019-08-21 10:14:55"), Some(1_566_382_495));
        assert_eq!(parse_loose("2019/8/21 10:14:55"), Some(1_566_382_495));
        assert_eq!(parse_loose("1566382495"), Some(1_566_382_495));
        assert_eq!(parse_loose("2000-02-29"), Some(951_782_400));
        assert_eq!(parse_loose("nonsense"), None);
        assert_eq!(parse_loose("2019-13-01"), None);
    }

    #[test]
    fn virtual_clock_advances() {
        let c = Clock::new(1.0);
        let t = c.now();
        c.advance(3600.0);
        assert!(c.now() >= t + 3600);
    }
}
