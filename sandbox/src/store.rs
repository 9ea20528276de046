//! Per-account state: trackings, quota and counters, and the atomic state file.

use crate::timeline::Scenario;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;

/// One stored tracking.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Record {
    pub id: String,
    pub tracking_number: String,
    pub carrier_code: String,
    /// Virtual unix seconds.
    pub created_at: i64,
    /// Last edit through the API (virtual unix seconds).
    pub updated_at: Option<i64>,
    pub scenario: Scenario,
    /// The optional input fields, as sent (title, customer_*, order_*, destination_code, …).
    pub fields: Map<String, Value>,
    pub archived: bool,
    /// A status set by PUT/updatemore (`delivered` or `exception`); status 8 clears it.
    pub manual_status: Option<String>,
    /// Set by notupdate: the timeline stops at this virtual time.
    pub frozen_at: Option<i64>,
    /// The status last announced by webhook.
    #[serde(default)]
    pub notified_status: Option<String>,
}

impl Record {
    pub fn new(
        id: String,
        number: String,
        carrier: String,
        created_at: i64,
        scenario: Scenario,
        fields: Map<String, Value>,
    ) -> Self {
        Record {
            id,
            tracking_number: number,
            carrier_code: carrier,
            created_at,
            updated_at: None,
            scenario,
            fields,
            archived: false,
            manual_status: None,
            frozen_at: None,
            notified_status: None,
        }
    }
}

/// One API key's account.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Account {
    pub email: String,
    /// Remaining tracking quota (`track_number` in getuserinfo).
    pub quota: i64,
    pub regtime: i64,
    pub next_seq: u64,
    /// Trackings by creation sequence.
    pub trackings: BTreeMap<u64, Record>,
    /// Calls of the "every 5 calls use 1 quota" endpoints.
    pub cheap_calls: u64,
    #[serde(skip)]
    index: HashMap<(String, String), u64>,
}

impl Account {
    pub fn new(email: String, quota: i64, regtime: i64) -> Self {
        Account {
            email,
            quota,
            regtime,
            next_seq: 1,
            trackings: BTreeMap::new(),
            cheap_calls: 0,
            index: HashMap::new(),
        }
    }

    /// Rebuilds the lookup index (after loading from disk).
    pub fn reindex(&mut self) {
        self.index = self
            .trackings
            .iter()
            .map(|(seq, r)| ((r.carrier_code.clone(), r.tracking_number.clone()), *seq))
            .collect();
    }

    pub fn find(&self, carrier: &str, number: &str) -> Option<&Record> {
        let seq = self.index.get(&(carrier.to_string(), number.to_string()))?;
        self.trackings.get(seq)
    }

    pub fn find_mut(&mut self, carrier: &str, number: &str) -> Option<&mut Record> {
        let seq = self.index.get(&(carrier.to_string(), number.to_string()))?;
        self.trackings.get_mut(seq)
    }

    pub fn insert(&mut self, rec: Record) {
        let seq = self.next_seq;
        self.next_seq += 1;
        self.index
            .insert((rec.carrier_code.clone(), rec.tracking_number.clone()), seq);
        self.trackings.insert(seq, rec);
    }

    pub fn remove(&mut self, carrier: &str, number: &str) -> Option<Record> {
        let seq = self
            .index
            .remove(&(carrier.to_string(), number.to_string()))?;
        self.trackings.remove(&seq)
    }

    /// Moves a tracking to another carrier code, keeping its place in the list.
    pub fn rekey(&mut self, carrier: &str, number: &str, new_carrier: &str) -> bool {
        let Some(seq) = self
            .index
            .remove(&(carrier.to_string(), number.to_string()))
        else {
            return false;
        };
        if let Some(r) = self.trackings.get_mut(&seq) {
            r.carrier_code = new_carrier.to_string();
        }
        self.index
            .insert((new_carrier.to_string(), number.to_string()), seq);
        true
    }

    /// Charges one "every 5 calls use 1 quota" call; false when the quota is spent.
    pub fn charge_cheap_call(&mut self) -> bool {
        if self.quota <= 0 {
            return false;
        }
        self.cheap_calls += 1;
        if self.cheap_calls % 5 == 0 {
            self.quota -= 1;
        }
        true
    }
}

/// Everything that a `--state` file keeps.
#[derive(Serialize, Deserialize, Default)]
pub struct Snapshot {
    pub accounts: BTreeMap<String, Account>,
}

/// Reads a state file; a missing file is an empty state.
pub fn load(path: &Path) -> std::io::Result<Option<Snapshot>> {
    match std::fs::read(path) {
        Ok(bytes) => {
            let mut snap: Snapshot = serde_json::from_slice(&bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
            snap.accounts.values_mut().for_each(Account::reindex);
            Ok(Some(snap))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes the state atomically: a temporary file in the same folder, fsync, then rename, so a
/// crash leaves either the old file or the new one, never a torn one.
pub fn save(path: &Path, snap: &Snapshot) -> std::io::Result<()> {
    let bytes = serde_json::to_vec(snap).map_err(std::io::Error::other)?;
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("state");
    let tmp = dir.join(format!(".{name}.tmp-{}", std::process::id()));
    {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, path)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_and_load_round_trip() {
        let dir = std::env::temp_dir().join(format!("tm-sandbox-store-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("state.json");
        let mut acct = Account::new("a@example.com".into(), 10, 0);
        acct.insert(Record::new(
            "id1".into(),
            "N1".into(),
            "ups".into(),
            5,
            Scenario::Delivered,
            Map::new(),
        ));
        let mut snap = Snapshot::default();
        snap.accounts.insert("k".into(), acct);
        save(&path, &snap).unwrap();
        let back = load(&path).unwrap().unwrap();
        assert!(back.accounts["k"].find("ups", "N1").is_some());
        assert!(load(&dir.join("missing.json")).unwrap().is_none());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn rekey_keeps_order_and_index() {
        let mut a = Account::new("a@example.com".into(), 10, 0);
        a.insert(Record::new(
            "1".into(),
            "N1".into(),
            "ups".into(),
            5,
            Scenario::Delivered,
            Map::new(),
        ));
        assert!(a.rekey("ups", "N1", "dhl"));
        assert!(a.find("ups", "N1").is_none());
        assert_eq!(
            a.find("dhl", "N1").map(|r| r.carrier_code.as_str()),
            Some("dhl")
        );
        assert!(a.remove("dhl", "N1").is_some());
        assert!(a.trackings.is_empty());
    }

    #[test]
    fn cheap_calls_cost_one_in_five() {
        let mut a = Account::new("a@example.com".into(), 2, 0);
        for _ in 0..5 {
            assert!(a.charge_cheap_call());
        }
        assert_eq!(a.quota, 1);
    }
}
