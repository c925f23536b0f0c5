//! JSON text out of typed values, always through [`serde_json::Value`]:
//! the typed `Serialize` code is then made once (into a `Value`) instead of
//! once per writer (compact for storage and share links, pretty for
//! exports), which keeps the WebAssembly smaller by that much.

use serde::Serialize;

/// `value` as compact JSON.
pub fn compact<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_value(value).and_then(|value| serde_json::to_string(&value))
}

/// `value` as indented JSON, for files a person may read.
pub fn pretty<T: Serialize>(value: &T) -> Result<String, serde_json::Error> {
    serde_json::to_value(value).and_then(|value| serde_json::to_string_pretty(&value))
}
