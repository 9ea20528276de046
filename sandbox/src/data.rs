//! Built-in reference data: the carrier list, courier detection patterns, and the small tables
//! behind the remote-area, transit-time and air-cargo answers.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::OnceLock;

/// A deterministic 64-bit hash (FNV-1a, then a splitmix finaliser) of a seed and some strings.
pub fn hash(seed: u64, parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ seed;
    for p in parts {
        for b in p.bytes().chain([0xff]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

/// The 629 real v2 carrier records (`name, code, phone, homepage, type, picture`).
pub fn carriers() -> &'static [Value] {
    static CARRIERS: OnceLock<Vec<Value>> = OnceLock::new();
    CARRIERS.get_or_init(|| {
        serde_json::from_str(include_str!("../data/carriers-v2.json")).unwrap_or_default()
    })
}

fn carrier_index() -> &'static HashMap<String, usize> {
    static INDEX: OnceLock<HashMap<String, usize>> = OnceLock::new();
    INDEX.get_or_init(|| {
        carriers()
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((c.get("code")?.as_str()?.to_string(), i)))
            .collect()
    })
}

/// The carrier record for `code`, if the code is known.
pub fn carrier(code: &str) -> Option<&'static Value> {
    carrier_index().get(code).map(|&i| &carriers()[i])
}

/// `true` for postal carriers (slower timelines, 60 days to expiry instead of 30).
pub fn is_postal(code: &str) -> bool {
    carrier(code)
        .and_then(|c| c.get("type"))
        .and_then(Value::as_str)
        == Some("globalpost")
}

/// UPU country suffix → the national post's carrier code.
const UPU_POSTS: &[(&str, &str)] = &[
    ("CN", "china-post"),
    ("US", "usps"),
    ("GB", "royal-mail"),
    ("DE", "deutsche-post"),
    ("SG", "singapore-post"),
    ("JP", "japan-post"),
    ("NL", "postnl-3s"),
    ("AU", "australia-post"),
    ("CA", "canada-post"),
    ("HK", "hong-kong-post"),
    ("RU", "russian-post"),
    ("CH", "swiss-post"),
    ("IT", "poste-italiane"),
    ("KR", "korea-post"),
    ("IN", "india-post"),
    ("CO", "colombia-post"),
];

/// Guesses couriers from the shape of a tracking number, best first (empty: 4032).
pub fn detect(number: &str) -> Vec<&'static str> {
    let n: String = number
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    let b = n.as_bytes();
    let digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let letters = |s: &[u8]| s.iter().all(u8::is_ascii_uppercase);
    let mut out = Vec::new();
    if b.len() == 18 && n.starts_with("1Z") && b[2..].iter().all(u8::is_ascii_alphanumeric) {
        out.push("ups");
    } else if b.len() == 13 && letters(&b[..2]) && digits(&b[2..11]) && letters(&b[11..]) {
        let country = &n[11..];
        match UPU_POSTS.iter().find(|(c, _)| *c == country) {
            Some((_, post)) => {
                if country == "CN" && b[0] == b'E' {
                    out.push("china-ems");
                }
                out.push(post);
            }
            None => out.push("china-post"),
        }
    } else if n.starts_with("SF") && digits(&b[2..]) && b.len() == 14 {
        out.push("sf-express");
    } else if n.starts_with("YT") && digits(&b[2..]) && b.len() == 15 {
        out.push("yto");
    } else if n.starts_with("JJD") && digits(&b[3..]) {
        out.push("dhl-germany");
    } else if digits(b) {
        match b.len() {
            20..=22 if n.starts_with('9') => out.push("usps"),
            10 => out.push("dhl"),
            12 => out.extend(["fedex", "zto"]),
            15 => out.push("fedex"),
            9 => out.push("tnt"),
            14 => out.push("dpd"),
            _ => {}
        }
    }
    out
}

/// Country names and codes for the remote-area table.
const COUNTRIES: &[(&str, &str)] = &[
    ("JP", "Japan"),
    ("NZ", "New Zealand"),
    ("US", "United States"),
    ("AU", "Australia"),
    ("CA", "Canada"),
    ("GB", "United Kingdom"),
    ("DE", "Germany"),
    ("FR", "France"),
    ("CN", "China"),
    ("BR", "Brazil"),
    ("NO", "Norway"),
    ("CL", "Chile"),
];

/// Normalises a country name or two-letter code to `(code, name)`.
pub fn country(input: &str) -> Option<(&'static str, &'static str)> {
    let t = input.trim();
    COUNTRIES.iter().copied().find(|(c, n)| {
        c.eq_ignore_ascii_case(t)
            || n.eq_ignore_ascii_case(t)
            || (t.eq_ignore_ascii_case("NZ") && *c == "NZ")
    })
}

/// Remote-area postcodes (or city names where a country has none), per country code.
const REMOTE: &[(&str, &[&str])] = &[
    ("JP", &["7621094", "9071801", "9071434"]),
    ("NZ", &["Papaaroha", "9091", "7072"]),
    ("US", &["99701", "96799", "99950"]),
    ("AU", &["0872", "6770", "4895"]),
    ("CA", &["X0A", "X0E", "Y0B"]),
    ("NO", &["9170", "9980"]),
    ("CL", &["6300000", "Puerto Williams"]),
    ("BR", &["69980", "69400"]),
];

const REMOTE_COMPANIES: &[&str] = &["dhl", "ups", "fedex", "tnt"];

/// The remote-area answer for one `{country, postcode, company?}` query: one item of `remote`
/// per express company that counts it as remote, or `None` (it goes to `other`).
pub fn remote(country_in: &str, postcode: &str, company: Option<&str>) -> Option<Vec<Value>> {
    let (code, name) = country(country_in)?;
    let list = REMOTE.iter().find(|(c, _)| *c == code)?.1;
    let pc = postcode.trim();
    let hit = list.iter().any(|p| {
        pc.eq_ignore_ascii_case(p)
            || (p.len() <= 3 && pc.to_uppercase().starts_with(&p.to_uppercase()))
    });
    if !hit {
        return None;
    }
    let companies: Vec<&str> = match company {
        Some(c) if !c.trim().is_empty() => {
            let c = c.trim().to_lowercase();
            REMOTE_COMPANIES
                .iter()
                .copied()
                .filter(|x| *x == c)
                .collect()
        }
        _ => REMOTE_COMPANIES.to_vec(),
    };
    if companies.is_empty() {
        return None;
    }
    Some(
        companies
            .into_iter()
            .map(|c| json!({"far_express_company": c, "two_code": code, "far_country": name, "far_city_postcode": pc}))
            .collect(),
    )
}

/// Transit-time statistics for one lane: deterministic numbers from the lane's hash.
pub fn costtime(seed: u64, carrier: &str, original: &str, destination: &str) -> Value {
    let h = hash(
        seed,
        &[
            "costtime",
            carrier,
            &original.to_uppercase(),
            &destination.to_uppercase(),
        ],
    );
    let total = 200 + (h % 9_800) as i64;
    let delivered = total * (80 + (h >> 16) as i64 % 20) / 100;
    // Split 100% over the five ranges, weighted towards the fast ones for express carriers.
    let postal = is_postal(carrier);
    let mut w = [0u64; 5];
    for (i, slot) in w.iter_mut().enumerate() {
        let base: u64 = if postal {
            [5, 20, 35, 30, 10][i]
        } else {
            [55, 25, 12, 6, 2][i]
        };
        *slot = base + (h >> (8 * i + 3)) % 10;
    }
    let sum: u64 = w.iter().sum();
    let pct = |i: usize| format!("{:.2}%", w[i] as f64 * 100.0 / sum as f64);
    json!({
        "carrier_code": carrier,
        "original": original,
        "destination": destination,
        "total": total,
        "delivered": delivered,
        "range1": pct(0),
        "range3": pct(1),
        "range4": pct(2),
        "range5": pct(3),
        "range6": pct(4),
    })
}

/// Airline prefixes (the first three digits of an air waybill).
const AIRLINES: &[(&str, &str, &str)] = &[
    ("172", "Cargolux", "CV"),
    ("020", "Lufthansa Cargo", "LH"),
    ("160", "Cathay Pacific Cargo", "CX"),
    ("176", "Emirates SkyCargo", "EK"),
    ("618", "Singapore Airlines Cargo", "SQ"),
    ("999", "Air China Cargo", "CA"),
    ("001", "American Airlines Cargo", "AA"),
    ("057", "Air France Cargo", "AF"),
];

const AIRPORTS: &[&str] = &[
    "LUX", "HKG", "FRA", "PVG", "ORD", "DXB", "SIN", "LAX", "AMS", "NRT",
];

/// One air-cargo answer for an air waybill number (`None` when it is not an AWB).
pub fn aircargo(seed: u64, now: i64, awb: &str) -> Option<Value> {
    let digits: String = awb.chars().filter(char::is_ascii_digit).collect();
    if digits.len() != 11
        || awb
            .chars()
            .any(|c| !(c.is_ascii_digit() || c == '-' || c == ' '))
    {
        return None;
    }
    let prefix = &digits[..3];
    let (airline, iata) = AIRLINES
        .iter()
        .find(|(p, _, _)| *p == prefix)
        .map(|(_, n, i)| (*n, *i))
        .unwrap_or(("Unknown airline", "XX"));
    let h = hash(seed, &["awb", &digits]);
    let origin = AIRPORTS[(h % AIRPORTS.len() as u64) as usize];
    let mut destination = AIRPORTS[((h >> 8) % AIRPORTS.len() as u64) as usize];
    if destination == origin {
        destination = AIRPORTS[((h >> 8) as usize + 1) % AIRPORTS.len()];
    }
    let depart = now - 3600 * (6 + (h >> 16) as i64 % 60);
    let arrive = depart + 3600 * (8 + (h >> 24) as i64 % 10);
    let flight = format!("{iata}{}", 100 + (h >> 32) % 800);
    let mut track_info = vec![json!({
        "plan_date": crate::clock::local(depart - 7200), "actual_date": crate::clock::local(depart - 7000),
        "event": "RCS", "station": origin, "flight_number": "", "piece": 1 + h % 9, "description": "Received from shipper"
    })];
    track_info.push(json!({
        "plan_date": crate::clock::local(depart), "actual_date": crate::clock::local(depart + 600),
        "event": "DEP", "station": origin, "flight_number": flight, "piece": 1 + h % 9, "description": "Departed"
    }));
    let arrived = arrive <= now;
    if arrived {
        track_info.push(json!({
            "plan_date": crate::clock::local(arrive), "actual_date": crate::clock::local(arrive + 300),
            "event": "ARR", "station": destination, "flight_number": flight, "piece": 1 + h % 9, "description": "Arrived"
        }));
    }
    Some(json!({
        "track_number": format!("{prefix}-{}", &digits[3..]),
        "airline": airline,
        "weight": format!("{}.0", 20 + h % 900),
        "piece": 1 + h % 9,
        "origin": origin,
        "destination": destination,
        "status_number": if arrived { 3 } else { 2 },
        "status": if arrived { "Arrived" } else { "Departed" },
        "flight_info": { "flight_number": flight, "depart_time": crate::clock::local(depart), "arrive_time": crate::clock::local(arrive) },
        "track_info": track_info,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carriers_load_and_index() {
        assert!(carriers().len() >= 600);
        assert_eq!(carrier("dhl").and_then(|c| c["name"].as_str()), Some("DHL"));
        assert!(is_postal("china-post"));
        assert!(!is_postal("ups"));
    }

    #[test]
    fn detects_common_shapes() {
        assert_eq!(detect("1Z999AA10123456784"), ["ups"]);
        assert_eq!(detect("RN123456789CN"), ["china-post"]);
        assert_eq!(detect("EA123456789CN"), ["china-ems", "china-post"]);
        assert_eq!(detect("9400111899223100000000"), ["usps"]);
        assert_eq!(detect("1234567890"), ["dhl"]);
        assert_eq!(detect("123456789012"), ["fedex", "zto"]);
        assert!(detect("hello").is_empty());
        for code in [
            "ups",
            "china-post",
            "china-ems",
            "usps",
            "dhl",
            "fedex",
            "zto",
            "tnt",
            "dpd",
            "sf-express",
            "yto",
            "dhl-germany",
        ] {
            assert!(carrier(code).is_some(), "{code} must be a real carrier");
        }
        for (_, post) in UPU_POSTS {
            assert!(carrier(post).is_some(), "{post} must be a real carrier");
        }
    }

    #[test]
    fn remote_table() {
        assert!(remote("Japan", "7621094", None).is_some());
        assert!(remote("JP", "1000001", None).is_none());
        assert_eq!(
            remote("NZ", "Papaaroha", Some("DHL")).map(|v| v.len()),
            Some(1)
        );
        assert!(remote("Atlantis", "1", None).is_none());
    }

    #[test]
    fn awb_answers() {
        assert!(aircargo(1, 1_700_000_000, "172-28891936").is_some());
        assert!(aircargo(1, 1_700_000_000, "17228891936").is_some());
        assert!(aircargo(1, 1_700_000_000, "ABC").is_none());
    }
}
