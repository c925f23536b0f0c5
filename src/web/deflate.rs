//! Raw deflate (RFC 1951) through the browser's own `CompressionStream`
//! and `DecompressionStream`, so share links shrink to a QR code's size at
//! no cost to the bundle. Both are reached by reflection: web-sys keeps
//! them behind its unstable APIs. Where they are missing, the caller falls
//! back to the uncompressed link.

use js_sys::{Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use super::BrowserError;

/// `bytes` deflated.
pub async fn deflate_raw(bytes: &[u8]) -> Result<Vec<u8>, BrowserError> {
    transform("CompressionStream", bytes, usize::MAX).await
}

/// `bytes` inflated, refused when the result passes `limit` bytes.
pub async fn inflate_raw(bytes: &[u8], limit: usize) -> Result<Vec<u8>, BrowserError> {
    transform("DecompressionStream", bytes, limit).await
}

async fn transform(stream_name: &str, bytes: &[u8], limit: usize) -> Result<Vec<u8>, BrowserError> {
    let global = js_sys::global();
    let constructor: js_sys::Function = Reflect::get(&global, &stream_name.into())?
        .dyn_into()
        .map_err(|_| BrowserError(format!("this browser has no {stream_name}")))?;
    let stream = Reflect::construct(&constructor, &Array::of1(&"deflate-raw".into()))?;
    let readable: web_sys::ReadableStream = Reflect::get(&stream, &"readable".into())?.unchecked_into();
    let writable: web_sys::WritableStream = Reflect::get(&stream, &"writable".into())?.unchecked_into();
    let input = web_sys::Blob::new_with_u8_array_sequence(&Array::of1(&Uint8Array::from(bytes).into()))?;
    let output = input.stream().pipe_through(&web_sys::ReadableWritablePair::new(&readable, &writable));
    let response = web_sys::Response::new_with_opt_readable_stream(Some(&output))?;
    let buffer = JsFuture::from(response.array_buffer()?).await?;
    let length = Reflect::get(&buffer, &"byteLength".into())?.as_f64().unwrap_or_default() as usize;
    if length > limit {
        return Err(BrowserError(format!("it unpacks to {length} bytes; at most {limit} are read")));
    }
    Ok(Uint8Array::new(&buffer).to_vec())
}
