//! Browser helpers shared by the app's modules: storage, the clocks, error
//! text for exceptions, and the page-wide events (`online`, `offline`,
//! `visibilitychange`), each listened to once. Modules above `client` reach
//! the browser through here or through `client`; `model` never does.

pub mod clock;
pub mod deflate;
pub mod dom;
pub mod gestures;
pub mod history;
pub mod notify;
pub mod page;

use wasm_bindgen::{JsCast, JsValue};

/// This origin's localStorage, when the browser allows it (private modes
/// and some embedded views do not).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}

/// A browser API failed; the text is the exception's message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BrowserError(pub String);

impl From<JsValue> for BrowserError {
    fn from(error: JsValue) -> Self {
        BrowserError(describe_js_error(&error))
    }
}

impl From<&str> for BrowserError {
    fn from(text: &str) -> Self {
        BrowserError(text.to_owned())
    }
}

/// A readable message for an exception thrown by a browser API.
pub fn describe_js_error(error: &JsValue) -> String {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return String::from(error.message());
    }
    error.as_string().unwrap_or_else(|| format!("{error:?}"))
}

/// Puts `text` on the clipboard; the error says the browser refused.
pub async fn copy_text(text: &str) -> Result<(), BrowserError> {
    let window = web_sys::window().ok_or("no window")?;
    wasm_bindgen_futures::JsFuture::from(window.navigator().clipboard().write_text(text)).await?;
    Ok(())
}

/// Offers `text` to the user as a file called `name`.
pub fn download(name: &str, text: &str) -> Result<(), BrowserError> {
    let url = BlobUrl::new(text.as_bytes(), "application/json")?;
    // Dropping the URL revokes it; the click has already started the download.
    download_url(name, url.as_str())
}

/// Offers what `url` (a `blob:` or `data:` URL) holds as a file called `name`.
pub fn download_url(name: &str, url: &str) -> Result<(), BrowserError> {
    let document = web_sys::window().and_then(|window| window.document()).ok_or("no document")?;
    let link: web_sys::HtmlAnchorElement = document.create_element("a")?.unchecked_into();
    link.set_href(url);
    link.set_download(name);
    link.click();
    Ok(())
}

/// A `blob:` URL for bytes held by the page, revoked when dropped, so a
/// replaced image frees its memory.
pub struct BlobUrl(String);

impl BlobUrl {
    /// A URL for `bytes` of type `mime`.
    pub fn new(bytes: &[u8], mime: &str) -> Result<BlobUrl, BrowserError> {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)?;
        Ok(BlobUrl(web_sys::Url::create_object_url_with_blob(&blob)?))
    }

    /// The URL.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Drop for BlobUrl {
    fn drop(&mut self) {
        // Revoking an unknown URL is a no-op; nothing can fail that matters.
        let _ = web_sys::Url::revoke_object_url(&self.0);
    }
}
