//! [`Doc`]: a JSON document, read and built the same way whether it is a JS value (the JS API
//! works on the engine's own objects, no copies) or a [`serde_json::Value`] (the Rust API natively).
//! Every operation of [`crate::ops`] is written once against this trait.

use crate::error::Error;
use crate::validate::Fields;
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// A JSON document: what the operations read their inputs from and build their results in.
///
/// Setting a field of a value taken from a document (`field`, `items`) changes the original for
/// JS values (they are references) and a copy for `serde_json::Value`: operations always set the
/// changed value back, so both behave alike.
pub trait Doc: Fields + Clone + Sized {
    /// Nothing: `undefined` in JS, `null` in Rust.
    fn nothing() -> Self;
    /// `null`.
    fn null() -> Self;
    /// A new empty object.
    fn object() -> Self;
    /// A new array of `items`.
    fn array(items: Vec<Self>) -> Self;
    /// A string.
    fn string(s: &str) -> Self;
    /// A number.
    fn number(n: f64) -> Self;
    /// Encodes a Rust value (the Rust API's typed inputs).
    fn encode<S: Serialize>(v: &S) -> Result<Self, Error>;
    /// `undefined` or `null`.
    fn is_nothing(&self) -> bool;
    /// Whether the field `key` is present and `null`.
    fn is_null_at(&self, key: &str) -> bool;
    /// An object that is not an array.
    fn is_object(&self) -> bool;
    /// An array.
    fn is_array(&self) -> bool;
    /// A field ([`Doc::nothing`] when absent or when this is not an object).
    fn field(&self, key: &str) -> Self;
    /// Sets a field (objects only).
    fn set(&mut self, key: &str, value: Self);
    /// The elements of an array (none for anything else).
    fn items(&self) -> Vec<Self>;
    /// Calls `f` on each element of an array, changing it in place (nothing for anything else).
    fn update_items(&mut self, f: &mut dyn FnMut(&mut Self));
    /// Elements `start..end` of an array, as a new array.
    fn slice(&self, start: usize, end: usize) -> Self;
    /// The length of an array (0 for anything else).
    fn array_len(&self) -> usize;
    /// The keys of an object, in order.
    fn keys(&self) -> Vec<String>;
    /// A number.
    fn as_f64(&self) -> Option<f64>;
    /// A string.
    fn as_string(&self) -> Option<String>;
    /// A boolean.
    fn as_bool(&self) -> Option<bool>;
    /// The JSON text.
    fn to_json(&self) -> Result<String, Error>;
    /// A shallow copy of an object.
    fn copy(&self) -> Self;
    /// `parseFloat(text)`: NaN when it does not start with a number.
    fn parse_number(text: &str) -> f64;
    /// A finite number as JS prints it.
    fn number_text(n: f64) -> Option<String>;
}

impl Fields for Value {
    fn text(&self, key: &str) -> Option<String> {
        match self.get(key)? {
            Value::String(s) => Some(s.clone()),
            Value::Number(n) => n.as_f64().and_then(<Value as Doc>::number_text),
            _ => None,
        }
    }
    fn has(&self, key: &str) -> bool {
        self.get(key).is_some_and(|v| !v.is_null())
    }
}

/// `parseFloat`: the longest leading decimal number of `text` (after blanks), else NaN.
fn parse_float(text: &str) -> f64 {
    let t = text.trim_start();
    let (sign, rest) = match t.as_bytes().first() {
        Some(b'-') => (-1.0, &t[1..]),
        Some(b'+') => (1.0, &t[1..]),
        _ => (1.0, t),
    };
    if rest.starts_with("Infinity") {
        return sign * f64::INFINITY;
    }
    let b = rest.as_bytes();
    let (mut end, mut best) = (0, None);
    let (mut digits, mut dot, mut exp) = (false, false, false);
    while end < b.len() {
        let c = b[end];
        if c.is_ascii_digit() {
            digits = true;
            end += 1;
            best = Some(end);
        } else if c == b'.' && !dot && !exp {
            dot = true;
            end += 1;
        } else if (c == b'e' || c == b'E') && digits && !exp {
            exp = true;
            end += 1;
            if end < b.len() && (b[end] == b'+' || b[end] == b'-') {
                end += 1;
            }
        } else {
            break;
        }
    }
    best.and_then(|e| rest[..e].parse::<f64>().ok())
        .map_or(f64::NAN, |n| sign * n)
}

impl Doc for Value {
    fn nothing() -> Self {
        Value::Null
    }
    fn null() -> Self {
        Value::Null
    }
    fn object() -> Self {
        Value::Object(Map::new())
    }
    fn array(items: Vec<Self>) -> Self {
        Value::Array(items)
    }
    fn string(s: &str) -> Self {
        Value::String(s.to_string())
    }
    fn number(n: f64) -> Self {
        if n.fract() == 0.0 && n.abs() < 9e15 {
            Value::from(n as i64)
        } else {
            Number::from_f64(n).map_or(Value::Null, Value::Number)
        }
    }
    fn encode<S: Serialize>(v: &S) -> Result<Self, Error> {
        serde_json::to_value(v).map_err(|_| Error::invalid("input can not be encoded as JSON"))
    }
    fn is_nothing(&self) -> bool {
        self.is_null()
    }
    fn is_null_at(&self, key: &str) -> bool {
        self.get(key).is_some_and(Value::is_null)
    }
    fn is_object(&self) -> bool {
        Value::is_object(self)
    }
    fn is_array(&self) -> bool {
        Value::is_array(self)
    }
    fn field(&self, key: &str) -> Self {
        self.get(key).cloned().unwrap_or(Value::Null)
    }
    fn set(&mut self, key: &str, value: Self) {
        if let Value::Object(m) = self {
            m.insert(key.to_string(), value);
        }
    }
    fn items(&self) -> Vec<Self> {
        self.as_array().cloned().unwrap_or_default()
    }
    fn update_items(&mut self, f: &mut dyn FnMut(&mut Self)) {
        if let Value::Array(items) = self {
            items.iter_mut().for_each(f);
        }
    }
    fn slice(&self, start: usize, end: usize) -> Self {
        let items = self.as_array().map_or(&[][..], Vec::as_slice);
        Value::Array(items.get(start..end).unwrap_or_default().to_vec())
    }
    fn array_len(&self) -> usize {
        self.as_array().map_or(0, Vec::len)
    }
    fn keys(&self) -> Vec<String> {
        self.as_object()
            .map(|m| m.keys().cloned().collect())
            .unwrap_or_default()
    }
    fn as_f64(&self) -> Option<f64> {
        Value::as_f64(self)
    }
    fn as_string(&self) -> Option<String> {
        self.as_str().map(str::to_string)
    }
    fn as_bool(&self) -> Option<bool> {
        Value::as_bool(self)
    }
    fn to_json(&self) -> Result<String, Error> {
        Ok(self.to_string())
    }
    fn copy(&self) -> Self {
        self.clone()
    }
    fn parse_number(text: &str) -> f64 {
        parse_float(text)
    }
    fn number_text(n: f64) -> Option<String> {
        if !n.is_finite() {
            None
        } else if n.fract() == 0.0 && n.abs() < 1e15 {
            Some(crate::text::int_text(n as i64))
        } else {
            Some(n.to_string())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_float_reads_like_js() {
        for (text, n) in [
            ("12", 12.0),
            (" 3.5kg", 3.5),
            ("-2e3", -2000.0),
            ("1e", 1.0),
            (".5", 0.5),
        ] {
            assert_eq!(parse_float(text), n, "{text}");
        }
        for text in ["", "abc", "-", "."] {
            assert!(parse_float(text).is_nan(), "{text}");
        }
        assert_eq!(parse_float("Infinity"), f64::INFINITY);
    }
}
