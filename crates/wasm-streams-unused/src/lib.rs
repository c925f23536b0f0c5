//! Stands in for `wasm-streams` 0.5, which `server_fn` (a dependency of
//! Leptos) uses only for streaming server functions. MQTT Deck is a static
//! site with no server and no server functions, but the real crate's
//! `#[wasm_bindgen]` classes (`IntoUnderlyingSource`, `…Sink`,
//! `…ByteSource`) are exports, which no optimiser may drop: with them the
//! bundle was 4.6 KB (brotli) larger. `Cargo.toml` patches crates.io's
//! crate with this one. It has the calls `server_fn` makes; the two that
//! would stream panic with a message saying why, and nothing in the app
//! reaches them.

use futures_util::stream::{Empty, Stream};
use wasm_bindgen::JsValue;

const NO_SERVER_FUNCTIONS: &str = "MQTT Deck has no server functions: wasm-streams is not part of this build";

/// A JavaScript `ReadableStream`, held as it came.
pub struct ReadableStream {
    raw: web_sys::ReadableStream,
}

impl ReadableStream {
    /// Wraps a JavaScript stream.
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream { raw }
    }

    /// A stream made from a Rust stream: never called here (a streaming request).
    pub fn from_stream<S: Stream<Item = Result<JsValue, JsValue>> + 'static>(_stream: S) -> Self {
        panic!("{NO_SERVER_FUNCTIONS}")
    }

    /// The JavaScript stream.
    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.raw
    }

    /// The stream read from Rust: never called here (a streaming response).
    pub fn into_stream(self) -> Empty<Result<JsValue, JsValue>> {
        panic!("{NO_SERVER_FUNCTIONS}")
    }
}
