//! JSON text out of typed values, always through [`serde_json::Value`]:
//! the typed `Serialize` code is then made once (into a `Value`) instead of
//! once per writer (compact for storage and share links, pretty for
//! exports), which keeps the WebAssembly smaller by that much.
//!
//! JSON in comes through [`parse`]: text, never bytes, so that serde_json's
//! parser is compiled once (for `&str`); `from_slice` beside it would add a
//! second copy of the whole parser (about 10 KB of wasm).

use serde::Serialize;

/// The JSON value `bytes` hold, if they are UTF-8 and JSON.
pub fn parse(bytes: &[u8]) -> Option<serde_json::Value> {
    serde_json::from_str(std::str::from_utf8(bytes).ok()?).ok()
}

/// `value` as compact JSON.
pub fn compact<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_value(value).and_then(|value| serde_json::to_string(&value))
}

/// `value` as indented JSON, for files a person may read.
pub fn pretty<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_value(value).and_then(|value| serde_json::to_string_pretty(&value))
}
