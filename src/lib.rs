//! # trackingmore-wasm
//!
//! A client for the TrackingMore shipment-tracking API (v2 and v4): one Rust core, compiled to
//! WebAssembly and shipped as an npm package for browsers, Node and Cloudflare Workers, and usable
//! from Rust directly (e.g. on workers-rs) through [`Client`].
//!
//! * [`Client`] — the typed Rust API of v2 over a [`Transport`]; [`FetchTransport`] uses
//!   `fetch`. [`v4::Client`] — the same for v4, TrackingMore's current API.
//! * [`Error`] / [`ErrorCode`] — one error type with stable codes and predicates; it never
//!   contains the API key.
//! * [`endpoints`] — the table of endpoints ([`Endpoint`]): each one's JS method, TypeScript
//!   declaration, method and path.
//! * [`ops`] — every operation defined once (arguments, checks, requests, result), for both
//!   APIs, over [`doc::Doc`] (a JS value or a `serde_json::Value`), and the typed methods of
//!   [`Client`]; [`plan`] — a call in progress without I/O; [`shape`] — the answers shaped, the
//!   quirks fixed, chunked answers merged.
//! * [`attempts`] — what every call of both APIs goes through, without I/O: [`Core`] (pacing,
//!   retries, error mapping, waits) and `Attempt`.
//! * Pure, natively tested logic: [`validate`], [`encode`], [`retry`] (backoff and pacing),
//!   [`batch`] (chunking, accounting, `Chunks`), [`model`] (lenient serde models), [`text`].
//!
//! The JavaScript API lives in `js/` (its `mod.rs` is the crate's only `#[wasm_bindgen]` door).
#![deny(missing_docs)]
// One-character text is appended with `push_str` on purpose: `String::push(char)` brings UTF-8
// encoding into the wasm for characters that are all ASCII here.
#![allow(clippy::single_char_add_str)]

// Talc instead of the default dlmalloc: a smaller wasm, from a well-kept crate.
#[cfg(all(target_family = "wasm", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub mod attempts;
pub mod batch;
pub mod client;
pub mod doc;
pub mod encode;
pub mod endpoints;
pub mod error;
mod js;
pub mod model;
pub mod ops;
pub mod options;
pub mod plan;
pub mod retry;
pub mod shape;
pub mod text;
pub mod transport;
pub mod v4;
pub mod validate;
pub mod webhook;

pub use client::{Client, Core, Progress, Reply, Settings, Transport};
pub use endpoints::Endpoint;
pub use error::{Error, ErrorCode};
pub use model::*;
pub use ops::AllTrackings;
pub use transport::FetchTransport;
