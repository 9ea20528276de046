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

/// One `{tracking_number, carrier_code, …}` item; `what` names it in messages (e.g. `item 3`).
pub fn item(f: &impl Fields, what: &str) -> Result<(String, String), Error> {
    let number = f.text("tracking_number").ok_or_else(|| {
        Error::invalid(crate::text::cat(&[what, ": tracking_number is required"]))
    })?;
    let carrier = f
        .text("carrier_code")
        .ok_or_else(|| Error::invalid(crate::text::cat(&[what, ": carrier_code is required"])))?;
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
pub fn items<F: Fields>(list: &[F], check_update: bool) -> Result<Vec<(String, String)>, Error> {
    if list.is_empty() {
        return Err(Error::invalid("the list of items is empty"));
    }
    let mut keys = Vec::with_capacity(list.len());
    for (i, f) in list.iter().enumerate() {
        let what = crate::text::cat(&["item ", &int_text(i as i64)]);
        keys.push(item(f, &what)?);
        if check_update {
            update_fields(f, &what)?;
        }
    }
    Ok(keys)
}

/// The `listTrackings` query: `limit` 1..2000, `page` ≥ 1, at most 40 `numbers` / `orders`.
pub fn list_query(f: &impl Fields) -> Result<(), Error> {
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
    if let Some(l) = int("limit")? {
        if !(1..=i64::from(LIST_LIMIT_MAX)).contains(&l) {
            return Err(Error::invalid(crate::text::cat(&[
                "limit must be between 1 and ",
                &int_text(i64::from(LIST_LIMIT_MAX)),
                ", got ",
                &int_text(l),
            ])));
        }
    }
    if let Some(p) = int("page")? {
        if p < 1 {
            return Err(Error::invalid(crate::text::cat(&[
                "page must be 1 or more, got ",
                &int_text(p),
            ])));
        }
    }
    for k in ["numbers", "orders"] {
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
        assert!(items::<M>(&[], false).is_err());
        let ok = [m(&[
            ("tracking_number", "1234"),
            ("carrier_code", "dhl"),
            ("status", "7"),
        ])];
        assert_eq!(
            items(&ok, true).unwrap(),
            vec![("1234".to_string(), "dhl".to_string())]
        );
        let bad_status = [m(&[
            ("tracking_number", "1234"),
            ("carrier_code", "dhl"),
            ("status", "5"),
        ])];
        assert!(items(&bad_status, true).is_err());
        assert!(items(&bad_status, false).is_ok());
        let e = items(&[m(&[("carrier_code", "dhl")])], false).unwrap_err();
        assert!(e.message().contains("item 0: tracking_number is required"));
        assert!(items(&[m(&[("tracking_number", "1234")])], false).is_err());
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
