//! Text helpers every layer uses: joining, integers to and from decimal text, one-byte
//! characters. They avoid `core::fmt` and `str::parse`, which are large in wasm.

/// An integer from decimal text (an optional sign, then digits; blanks around it ignored),
/// without `core::str::parse` (one small function instead of one per integer type).
pub fn parse_int(text: &str) -> Option<i64> {
    let t = text.trim_ascii();
    // Text patterns, not `char` ones: a `char` pattern brings UTF-8 encoding into the wasm.
    let (neg, digits) = match t.strip_prefix("-") {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix("+").unwrap_or(t)),
    };
    if digits.is_empty() {
        return None;
    }
    let mut n: i64 = 0;
    for b in digits.bytes() {
        if !b.is_ascii_digit() {
            return None;
        }
        // The overflow test without `checked_mul`, whose 128-bit multiply is its own function in
        // the wasm.
        let d = i64::from(b - b'0');
        if n > (i64::MAX - d) / 10 {
            return None;
        }
        n = n * 10 + d;
    }
    Some(if neg { -n } else { n })
}

/// The parts joined (smaller in wasm than `concat()` or `format!`).
pub fn cat(parts: &[&str]) -> String {
    let mut s = String::new();
    for p in parts {
        s.push_str(p);
    }
    s
}

/// Decimal text of an integer, without `core::fmt` (which is large in wasm).
pub fn int_text(n: i64) -> String {
    // The digits, last first, in a buffer long enough for any i64 (20 digits for u64::MAX).
    let mut digits = [0u8; 20];
    let mut i = digits.len();
    let mut v = n.unsigned_abs();
    while i > 0 {
        i -= 1;
        digits[i] = (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let mut text = String::new();
    if n < 0 {
        text.push_str("-");
    }
    for &d in &digits[i..] {
        text.push_str(char_at("0123456789", usize::from(d)));
    }
    text
}

/// The one-byte character of `s` at byte `i` ("" when that is not one): text is built from
/// slices, since `String::push(char)` brings UTF-8 encoding into the wasm.
pub fn char_at(s: &str, i: usize) -> &str {
    s.get(i..i + 1).unwrap_or("")
}

/// Unicode's `White_Space` (what `char::is_whitespace` tests), as ranges: core's version reads a
/// 256-byte table, which the wasm would carry.
pub fn is_blank(c: char) -> bool {
    matches!(
        c as u32,
        0x09..=0x0D | 0x20 | 0x85 | 0xA0 | 0x1680 | 0x2000..=0x200A | 0x2028 | 0x2029 | 0x202F | 0x205F | 0x3000
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_from_text() {
        for (t, n) in [
            ("0", Some(0)),
            (" 42 ", Some(42)),
            ("-7", Some(-7)),
            ("+3", Some(3)),
        ] {
            assert_eq!(parse_int(t), n, "{t}");
        }
        for t in ["", "-", "1.5", "1e3", "x", "9223372036854775808", "٣"] {
            assert_eq!(parse_int(t), None, "{t}");
        }
        assert_eq!(parse_int("9223372036854775807"), Some(i64::MAX));
        assert_eq!(parse_int("-9223372036854775807"), Some(-i64::MAX));
        assert_eq!(parse_int("922337203685477580"), Some(i64::MAX / 10));
        for t in [
            "9223372036854775810",
            "99999999999999999999",
            "-9223372036854775809",
        ] {
            assert_eq!(parse_int(t), None, "{t}");
        }
    }

    #[test]
    fn integers_as_text() {
        for n in [
            0,
            7,
            -7,
            9,
            10,
            99,
            100,
            -100,
            4016,
            1234567890,
            i64::MAX,
            i64::MIN,
        ] {
            assert_eq!(int_text(n), n.to_string());
        }
    }
}
