//! Per-account rate limits (GCRA: one request every 1/rate seconds, with a small tolerance for
//! jitter), one limiter per endpoint class as the API has them.

use std::collections::HashMap;
use std::time::Instant;

/// Which limit a request counts against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Class {
    /// Every endpoint but the two below.
    General,
    /// `POST /trackings/realtime` (3 req/s).
    Realtime,
    /// `GET /trackings/get` (1 req/s).
    List,
}

/// Theoretical arrival times per (account, class).
#[derive(Default)]
pub struct Limiter {
    tat: HashMap<(String, Class), f64>,
    epoch: Option<Instant>,
}

impl Limiter {
    /// Admits a request at `rate` req/s (0 = unlimited); false means answer 429.
    pub fn admit(&mut self, account: &str, class: Class, rate: f64) -> bool {
        let now = self
            .epoch
            .get_or_insert_with(Instant::now)
            .elapsed()
            .as_secs_f64();
        self.admit_at(account, class, rate, now)
    }

    fn admit_at(&mut self, account: &str, class: Class, rate: f64, now: f64) -> bool {
        if rate <= 0.0 {
            return true;
        }
        let interval = 1.0 / rate;
        let tolerance = interval * 0.05;
        let tat = self.tat.entry((account.to_string(), class)).or_insert(now);
        if now + tolerance < *tat {
            return false;
        }
        *tat = tat.max(now) + interval;
        true
    }

    pub fn clear(&mut self) {
        self.tat.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_per_second() {
        let mut l = Limiter::default();
        assert!(l.admit_at("k", Class::General, 1.0, 0.0));
        assert!(!l.admit_at("k", Class::General, 1.0, 0.5));
        assert!(
            l.admit_at("k", Class::List, 1.0, 0.5),
            "classes are separate"
        );
        assert!(
            l.admit_at("other", Class::General, 1.0, 0.5),
            "accounts are separate"
        );
        assert!(
            l.admit_at("k", Class::General, 1.0, 0.98),
            "small jitter tolerated"
        );
        assert!(!l.admit_at("k", Class::General, 1.0, 1.5));
        assert!(l.admit_at("k", Class::General, 1.0, 2.0));
        assert!(l.admit_at("k", Class::General, 0.0, 2.0), "0 = off");
    }

    #[test]
    fn three_per_second() {
        let mut l = Limiter::default();
        let admitted = (0..30)
            .filter(|i| l.admit_at("k", Class::Realtime, 3.0, *i as f64 * 0.1))
            .count();
        assert!((7..=10).contains(&admitted), "{admitted}");
    }
}
