//! Browser helpers shared by the app's modules: storage access for now.
//! The only place outside `client` and `views` that touches `web_sys`.

/// This origin's localStorage, when the browser allows it (private modes
/// and some embedded views do not).
pub fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|window| window.local_storage().ok().flatten())
}
