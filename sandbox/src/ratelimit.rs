//! Per-account rate limits (GCRA: one request every 1/rate seconds, with a small tolerance for
//! jitter), one limiter per endpoint class as the API has them. A request over the limit is
//! answered 429 and locks the class out for the lockout period (the API asks for a two-minute
//! pause): every request in it is answered 429 too, without extending it.

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
    /// A v4 endpoint, by its path (each is limited on its own: create 3 req/s, others 10).
    V4(&'static str),
}

/// Theoretical arrival times per (account, class).
#[derive(Default)]
pub struct Limiter {
    tat: HashMap<(String, Class), f64>,
    locked_until: HashMap<(String, Class), f64>,
    epoch: Option<Instant>,
}

impl Limiter {
    /// Admits a request at `rate` req/s (0 = unlimited); false means answer 429. A refusal locks
    /// the class out for `lockout` seconds.
    pub fn admit(&mut self, account: &str, class: Class, rate: f64, lockout: f64) -> bool {
        let now = self
            .epoch
            .get_or_insert_with(Instant::now)
            .elapsed()
            .as_secs_f64();
        self.admit_locked(account, class, rate, lockout, now)
    }

    fn admit_locked(
        &mut self,
        account: &str,
        class: Class,
        rate: f64,
        lockout: f64,
        now: f64,
    ) -> bool {
        if rate <= 0.0 {
            return true;
        }
        let id = (account.to_string(), class);
        if self.locked_until.get(&id).is_some_and(|&t| now < t) {
            return false;
        }
        let ok = self.admit_at(account, class, rate, now);
        if !ok && lockout > 0.0 {
            self.locked_until.insert(id, now + lockout);
        }
        ok
    }

    fn admit_at(&mut self, account: &str, class: Class, rate: f64, now: f64) -> bool {
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
        self.locked_until.clear();
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
    fn a_refusal_locks_the_class_out() {
        let mut l = Limiter::default();
        assert!(l.admit_locked("k", Class::General, 1.0, 120.0, 0.0));
        assert!(!l.admit_locked("k", Class::General, 1.0, 120.0, 0.5));
        assert!(
            !l.admit_locked("k", Class::General, 1.0, 120.0, 60.0),
            "locked out"
        );
        assert!(!l.admit_locked("k", Class::General, 1.0, 120.0, 120.4));
        assert!(
            l.admit_locked("k", Class::General, 1.0, 120.0, 120.5),
            "not extended"
        );
        assert!(
            l.admit_locked("k", Class::Realtime, 3.0, 120.0, 60.0),
            "per class"
        );
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
