//! Client-side checks: every one an [`ErrorCode::InvalidInput`](crate::ErrorCode) before any
//! request is sent.

use crate::endpoints::{FILTER_VALUES_MAX, LIST_LIMIT_MAX};
use crate::error::Error;
use crate::text::int_text;

/// Read access to an input object's fields, for JS objects and Rust values alike.
pub trait Fields {
    /// A field as text (a string, or a finite number as its decimal text). `None` when absent,
    /// `null` or another type.
    fn text(&self, key: &str) -> Option<String>;
    /// Whether the field is present and not `null` / `undefined`.
    fn has(&self, key: &str) -> bool;
}

/// Longest accepted tracking number.
pub const MAX_NUMBER_LEN: usize = 100;
/// Longest accepted carrier code.
pub const MAX_CARRIER_LEN: usize = 50;

/// Unicode's control characters (general category `Cc`, what `char::is_control` tests).
fn is_control(c: char) -> bool {
    matches!(c as u32, 0..=0x1F | 0x7F..=0x9F)
}

/// A tracking number: not blank, at most 100 characters, no control characters, not `.`/`..`.
pub fn tracking_number(n: &str) -> Result<(), Error> {
    if n.chars().all(crate::text::is_blank) {
        return Err(Error::invalid("tracking number is empty"));
    }
    // Characters, not bytes (cheaper than `chars().count()` in wasm): UTF-8 lead bytes.
    if n.bytes().filter(|b| b & 0xC0 != 0x80).count() > MAX_NUMBER_LEN {
        return Err(Error::invalid(crate::text::cat(&[
            "tracking number is longer than ",
            &int_text(MAX_NUMBER_LEN as i64),
            " characters",
        ])));
    }
    if n.chars().any(is_control) {
        return Err(Error::invalid(
            "tracking number contains control characters",
        ));
    }
    if n == "." || n == ".." {
        return Err(Error::invalid("tracking number can not be \".\" or \"..\""));
    }
    Ok(())
}

/// A carrier code: 1–50 of `a-z 0-9 - _`.
pub fn carrier_code(c: &str) -> Result<(), Error> {
    if c.is_empty() {
        return Err(Error::invalid("carrier code is empty"));
    }
    if c.len() > MAX_CARRIER_LEN
        || !c
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
    {
        return Err(Error::invalid(crate::text::cat(&[
            "carrier code \"",
            c,
            "\" must be 1-",
            &int_text(MAX_CARRIER_LEN as i64),
            " lowercase letters, digits, '-' or '_'",
        ])));
    }
    Ok(())
}

/// The `status` of an update: 4, 7 or 8 (a number or numeric text).
pub fn update_status(status: &str) -> Result<(), Error> {
    match status.trim_ascii() {
        "4" | "7" | "8" => Ok(()),
        other => Err(Error::invalid(crate::text::cat(&[
            "status must be 4 (delivered), 7 (exception) or 8 (revert), got \"",
            other,
            "\"",
        ]))),
    }
}

/// `err`'s message prefixed with the item it is about.
fn in_item(what: &str, err: &Error) -> Error {
    Error::invalid(crate::text::cat(&[what, ": ", err.message()]))
}

/// One `{tracking_number, carrier_code, …}` item (`courier_code` in v4: `courier` names the
/// field); `what` names it in messages (e.g. `item 3`).
pub fn item(f: &impl Fields, what: &str, courier: &str) -> Result<(String, String), Error> {
    let number = f.text("tracking_number").ok_or_else(|| {
        Error::invalid(crate::text::cat(&[what, ": tracking_number is required"]))
    })?;
    let carrier = f
        .text(courier)
        .ok_or_else(|| Error::invalid(crate::text::cat(&[what, ": ", courier, " is required"])))?;
    tracking_number(&number).map_err(|e| in_item(what, &e))?;
    carrier_code(&carrier).map_err(|e| in_item(what, &e))?;
    Ok((number, carrier))
}

/// An update item (PUT fields or an updatemore item): a valid `status` when present.
pub fn update_fields(f: &impl Fields, what: &str) -> Result<(), Error> {
    if f.has("status") {
        let s = f.text("status").unwrap_or_default();
        update_status(&s).map_err(|e| in_item(what, &e))?;
    }
    Ok(())
}

/// A list of items for a many-item call: not empty, each one valid.
pub fn items<F: Fields>(
    list: &[F],
    check_update: bool,
    courier: &str,
) -> Result<Vec<(String, String)>, Error> {
    if list.is_empty() {
        return Err(Error::invalid("the list of items is empty"));
    }
    let mut keys = Vec::with_capacity(list.len());
    for (i, f) in list.iter().enumerate() {
        let what = crate::text::cat(&["item ", &int_text(i as i64)]);
        keys.push(item(f, &what, courier)?);
        if check_update {
            update_fields(f, &what)?;
        }
    }
    Ok(keys)
}

/// The v2 `listTrackings` query: `limit` 1..2000, `page` ≥ 1, at most 40 `numbers` / `orders`.
pub fn list_query(f: &impl Fields) -> Result<(), Error> {
    paging(f, "limit", "page", &["numbers", "orders"])
}

/// The v4 `listTrackings` query: `items_amount` 1..2000, `pages_amount` ≥ 1, at most 40
/// `tracking_numbers`, and the date filters RFC 3339 date-times.
pub fn list_query_v4(f: &impl Fields) -> Result<(), Error> {
    paging(f, "items_amount", "pages_amount", &["tracking_numbers"])?;
    for k in [
        "created_date_min",
        "created_date_max",
        "updated_date_min",
        "updated_date_max",
    ] {
        if let Some(t) = f.text(k) {
            if !is_date_time(&t) {
                return Err(Error::invalid(crate::text::cat(&[
                    k,
                    " must be an RFC 3339 date-time (e.g. 2024-05-01T00:00:00+00:00), got \"",
                    &t,
                    "\"",
                ])));
            }
        }
    }
    Ok(())
}

/// A page size `limit` in 1..2000, a page number `page` ≥ 1, and at most 40 values in each of
/// the comma-separated `lists`.
fn paging(f: &impl Fields, limit: &str, page: &str, lists: &[&str]) -> Result<(), Error> {
    let int = |k: &str| -> Result<Option<i64>, Error> {
        match f.text(k) {
            None => Ok(None),
            Some(t) => crate::text::parse_int(&t).map(Some).ok_or_else(|| {
                Error::invalid(crate::text::cat(&[
                    k,
                    " must be an integer, got \"",
                    &t,
                    "\"",
                ]))
            }),
        }
    };
    if let Some(l) = int(limit)? {
        if !(1..=i64::from(LIST_LIMIT_MAX)).contains(&l) {
            return Err(Error::invalid(crate::text::cat(&[
                limit,
                " must be between 1 and ",
                &int_text(i64::from(LIST_LIMIT_MAX)),
                ", got ",
                &int_text(l),
            ])));
        }
    }
    if let Some(p) = int(page)? {
        if p < 1 {
            return Err(Error::invalid(crate::text::cat(&[
                page,
                " must be 1 or more, got ",
                &int_text(p),
            ])));
        }
    }
    for &k in lists {
        if let Some(v) = f.text(k) {
            let n = values(&v);
            if n > FILTER_VALUES_MAX {
                return Err(Error::invalid(crate::text::cat(&[
                    k,
                    ": at most ",
                    &int_text(FILTER_VALUES_MAX as i64),
                    " values, got ",
                    &int_text(n as i64),
                ])));
            }
        }
    }
    Ok(())
}

/// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`, as RFC 3339 and `Date.prototype.toISOString()`
/// write it (`t`/`z` in either case; the calendar is not checked beyond the digits' ranges).
pub fn is_date_time(t: &str) -> bool {
    let b = t.as_bytes();
    let digits = |from: usize, n: usize, max: u32| {
        b.get(from..from + n).is_some_and(|d| {
            d.iter().all(u8::is_ascii_digit)
                && d.iter().fold(0u32, |a, c| a * 10 + u32::from(c - b'0')) <= max
        })
    };
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let date_time = digits(0, 4, 9999)
        && at(4, b'-')
        && digits(5, 2, 12)
        && at(7, b'-')
        && digits(8, 2, 31)
        && (at(10, b'T') || at(10, b't'))
        && digits(11, 2, 23)
        && at(13, b':')
        && digits(14, 2, 59)
        && at(16, b':')
        && digits(17, 2, 60);
    if !date_time {
        return false;
    }
    let mut i = 19;
    if at(i, b'.') {
        i += 1;
        let start = i;
        while b.get(i).is_some_and(u8::is_ascii_digit) {
            i += 1;
        }
        if i == start {
            return false;
        }
    }
    match b.get(i) {
        Some(b'Z' | b'z') => i + 1 == b.len(),
        Some(b'+' | b'-') => {
            digits(i + 1, 2, 23) && at(i + 3, b':') && digits(i + 4, 2, 59) && i + 6 == b.len()
        }
        _ => false,
    }
}

/// A v4 tracking id: 32 lowercase hexadecimal digits.
pub fn tracking_id(id: &str) -> Result<(), Error> {
    if id.len() == 32
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        Ok(())
    } else {
        Err(Error::invalid(crate::text::cat(&[
            "id \"",
            id,
            "\" is not a tracking id (32 lowercase hexadecimal digits)",
        ])))
    }
}

/// An air waybill number: a 3-digit airline prefix, an optional space or `-`, 8 digits.
pub fn awb_number(n: &str) -> Result<(), Error> {
    let b = n.as_bytes();
    let rest = match b.get(3) {
        Some(b' ' | b'-') => &b[4.min(b.len())..],
        _ => b.get(3..).unwrap_or_default(),
    };
    let ok = b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_digit)
        && rest.len() == 8
        && rest.iter().all(u8::is_ascii_digit);
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(crate::text::cat(&[
            "air waybill number \"",
            n,
            "\" must be 3 digits, an optional space or '-', then 8 digits",
        ])))
    }
}

/// How many non-blank values a comma-separated list has (a byte loop: `split` brings memchr's
/// word-at-a-time search into the wasm).
fn values(list: &str) -> usize {
    let (mut n, mut seen) = (0, false);
    for &b in list.as_bytes() {
        if b == b',' {
            n += usize::from(seen);
            seen = false;
        } else if !b.is_ascii_whitespace() {
            seen = true;
        }
    }
    n + usize::from(seen)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn v4_ids_dates_and_air_waybills() {
        assert!(tracking_id("9a1d3844a50f3851e76e3ee347881588").is_ok());
        for bad in [
            "",
            "9A1D3844A50F3851E76E3EE347881588",
            "9a1d3844",
            "../../get123456789012345678901234",
        ] {
            assert!(tracking_id(bad).is_err(), "{bad}");
        }
        for ok in [
            "2023-08-23T06:00:00+00:00",
            "2024-01-02T03:04:05.678Z",
            "2024-01-02t03:04:05-05:30",
        ] {
            assert!(is_date_time(ok), "{ok}");
        }
        for bad in [
            "2023-08-23",
            "2023-08-23T06:00:00",
            "2023-08-23T06:00:00 00:00",
            "1700000000",
            "2023-13-01T00:00:00Z",
            "2023-08-23T06:00:00.Z",
            "2023-08-23T06:00:00+0000",
        ] {
            assert!(!is_date_time(bad), "{bad}");
        }
        for ok in ["235-69030430", "235 69030430", "23569030430"] {
            assert!(awb_number(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "235",
            "235-6903043",
            "235--69030430",
            "23a-69030430",
            "235-690304301",
        ] {
            assert!(awb_number(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn blank_and_control_are_cores_for_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(
                crate::text::is_blank(c),
                c.is_whitespace(),
                "{:X}",
                c as u32
            );
            assert_eq!(is_control(c), c.is_control(), "{:X}", c as u32);
        }
    }

    struct M(HashMap<&'static str, &'static str>);
    impl Fields for M {
        fn text(&self, k: &str) -> Option<String> {
            self.0.get(k).map(|s| s.to_string())
        }
        fn has(&self, k: &str) -> bool {
            self.0.contains_key(k)
        }
    }
    fn m(pairs: &[(&'static str, &'static str)]) -> M {
        M(pairs.iter().copied().collect())
    }

    #[test]
    fn tracking_numbers() {
        assert!(tracking_number("RN123456789CN").is_ok());
        assert!(tracking_number("AB 12#34/5").is_ok());
        for bad in ["", "   ", "\u{3000}\u{a0}", ".", "..", "a\nb", "a\u{7f}b"] {
            assert!(tracking_number(bad).is_err(), "{bad:?}");
        }
        assert!(tracking_number(&"x".repeat(100)).is_ok());
        assert!(tracking_number(&"x".repeat(101)).is_err());
        assert!(
            tracking_number(&"ü".repeat(100)).is_ok(),
            "characters, not bytes"
        );
    }

    #[test]
    fn carrier_codes() {
        for ok in ["dhl", "china-post", "4px", "a_b"] {
            assert!(carrier_code(ok).is_ok());
        }
        for bad in ["", "DHL", "dhl ", "d/h", &"a".repeat(51)] {
            assert!(carrier_code(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn items_and_statuses() {
        assert!(items::<M>(&[], false, "carrier_code").is_err());
        let ok = [m(&[
            ("tracking_number", "1234"),
            ("carrier_code", "dhl"),
            ("status", "7"),
        ])];
        assert_eq!(
            items(&ok, true, "carrier_code").unwrap(),
            vec![("1234".to_string(), "dhl".to_string())]
        );
        let bad_status = [m(&[
            ("tracking_number", "1234"),
            ("carrier_code", "dhl"),
            ("status", "5"),
        ])];
        assert!(items(&bad_status, true, "carrier_code").is_err());
        assert!(items(&bad_status, false, "carrier_code").is_ok());
        let e = items(&[m(&[("carrier_code", "dhl")])], false, "carrier_code").unwrap_err();
        assert!(e.message().contains("item 0: tracking_number is required"));
        assert!(items(&[m(&[("tracking_number", "1234")])], false, "carrier_code").is_err());
    }

    #[test]
    fn list_queries() {
        assert!(list_query(&m(&[])).is_ok());
        assert!(list_query(&m(&[("limit", "2000"), ("page", "3")])).is_ok());
        for bad in [
            ("limit", "0"),
            ("limit", "2001"),
            ("page", "0"),
            ("page", "x"),
        ] {
            assert!(list_query(&m(&[bad])).is_err(), "{bad:?}");
        }
        let forty = (0..40).map(|i| i.to_string()).collect::<Vec<_>>().join(",");
        let leaked: &'static str = Box::leak(forty.into_boxed_str());
        assert!(list_query(&m(&[("numbers", leaked)])).is_ok());
        let forty_one: &'static str = Box::leak(format!("{leaked},x").into_boxed_str());
        assert!(list_query(&m(&[("orders", forty_one)])).is_err());
    }

    #[test]
    fn values_are_the_non_blank_parts_of_a_list() {
        for (list, n) in [
            ("", 0),
            (",", 0),
            (" , \t,", 0),
            ("a", 1),
            ("a,b", 2),
            (",a,,b,", 2),
            (" a , b ,c", 3),
            // Only ASCII blanks are blank (as `trim_ascii`): a no-break space is a value.
            ("é,\u{a0},\r\n", 2),
        ] {
            assert_eq!(values(list), n, "{list:?}");
        }
    }
}
