//! [`Doc`] for JS values: the operations read and build the engine's own objects in place (no
//! copies into Rust), with the engine's `JSON`, number parsing and formatting.

use super::*;
use crate::doc::Doc;
use serde::Serialize;

pub(super) use crate::transport::{field as get, put as set};

impl Fields for JsValue {
    fn text(&self, key: &str) -> Option<String> {
        let v = get(self, key);
        v.as_string()
            .or_else(|| v.as_f64().and_then(<JsValue as Doc>::number_text))
    }
    fn has(&self, key: &str) -> bool {
        let v = get(self, key);
        !v.is_null_or_undefined()
    }
}

impl Doc for JsValue {
    fn nothing() -> Self {
        JsValue::UNDEFINED
    }
    fn null() -> Self {
        JsValue::NULL
    }
    fn object() -> Self {
        Object::new().into()
    }
    fn array(items: Vec<Self>) -> Self {
        // Loops rather than iterator adapters in this impl: each adapter is its own wasm code.
        let a = Array::new();
        for v in &items {
            a.push(v);
        }
        a.into()
    }
    fn string(s: &str) -> Self {
        JsValue::from_str(s)
    }
    fn number(n: f64) -> Self {
        JsValue::from_f64(n)
    }
    fn encode<S: Serialize>(v: &S) -> Result<Self, Error> {
        v.serialize(&serde_wasm_bindgen::Serializer::json_compatible())
            .map_err(|_| Error::invalid("input can not be encoded as JSON"))
    }
    fn is_nothing(&self) -> bool {
        self.is_null_or_undefined()
    }
    fn is_null_at(&self, key: &str) -> bool {
        get(self, key).is_null()
    }
    fn is_object(&self) -> bool {
        JsValue::is_object(self) && !Array::is_array(self)
    }
    fn is_array(&self) -> bool {
        Array::is_array(self)
    }
    fn field(&self, key: &str) -> Self {
        get(self, key)
    }
    fn set(&mut self, key: &str, value: Self) {
        set(self, key, &value)
    }
    fn items(&self) -> Vec<Self> {
        let n = self.array_len();
        let a = self.unchecked_ref::<Array>();
        let mut out = Vec::with_capacity(n);
        for i in 0..n {
            out.push(a.get(i as u32));
        }
        out
    }
    fn update_items(&mut self, f: &mut dyn FnMut(&mut Self)) {
        // The elements are references: changing one changes the array's.
        let a = self.unchecked_ref::<Array>();
        for i in 0..self.array_len() {
            f(&mut a.get(i as u32));
        }
    }
    fn slice(&self, start: usize, end: usize) -> Self {
        self.unchecked_ref::<Array>()
            .slice(start as u32, end as u32)
            .into()
    }
    fn array_len(&self) -> usize {
        if Array::is_array(self) {
            self.unchecked_ref::<Array>().length() as usize
        } else {
            0
        }
    }
    fn keys(&self) -> Vec<String> {
        let mut out = Vec::new();
        if JsValue::is_object(self) {
            let keys = Object::keys(self.unchecked_ref::<Object>());
            for i in 0..keys.length() {
                if let Some(k) = keys.get(i).as_string() {
                    out.push(k);
                }
            }
        }
        out
    }
    fn as_f64(&self) -> Option<f64> {
        JsValue::as_f64(self)
    }
    fn as_string(&self) -> Option<String> {
        JsValue::as_string(self)
    }
    fn as_bool(&self) -> Option<bool> {
        JsValue::as_bool(self)
    }
    fn to_json(&self) -> Result<String, Error> {
        js_sys::JSON::stringify(self)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| Error::invalid("input can not be encoded as JSON"))
    }
    fn copy(&self) -> Self {
        Object::assign(&Object::new(), self.unchecked_ref()).into()
    }
    fn parse_number(text: &str) -> f64 {
        js_sys::Number::parse_float(text.trim_ascii())
    }
    fn number_text(n: f64) -> Option<String> {
        // Integers in Rust (no crossing: list queries and answers carry several), the rest as
        // the engine prints them.
        if !n.is_finite() {
            None
        } else if n.fract() == 0.0 && n.abs() < 1e15 {
            Some(crate::text::int_text(n as i64))
        } else {
            js_sys::Number::from(n)
                .to_string_with_radix(10)
                .ok()
                .and_then(|s| s.as_string())
        }
    }
}
