//! The browser side of MQTT: WebSocket transport, per-connection drivers,
//! topic bindings, the explorer's trees, and [`Connections`], the one
//! handle the views and widgets use. Non-`Send` web handles (sockets,
//! closures, timers) stay inside this module; the rest of the app sees the
//! handle and the signals in [`crate::state`]. Uses `model`, `state`, `web`
//! and `crates/mqtt`; never `views` or `widgets`.

pub mod alerts;
pub mod backoff;
pub mod connect;
pub mod connections;
pub mod driver;
pub mod explorer;
pub mod frames;
pub mod history;
pub mod link;
pub mod responses;
pub mod router;
pub mod subscriptions;
pub mod transport;
pub mod version;

pub use connections::Connections;

use crate::web::BrowserError;

/// Why the client could not do what it was asked.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ClientError {
    /// No connection has this id (it was deleted, or a file names one that is not there).
    #[error("no connection named {0:?}")]
    NoSuchConnection(String),
    /// The session refused the request (a topic or size the server does not allow, say).
    #[error(transparent)]
    Session(#[from] mqtt::SessionError),
    /// A browser API failed.
    #[error(transparent)]
    Browser(#[from] BrowserError),
    /// A command from a control while its connection is down: it is not
    /// queued, so it can never go out later by itself.
    #[error("offline — commands are not sent")]
    NotConnected,
    /// The widget has no topic to send its command to.
    #[error("this widget has no command topic")]
    NoCommandTopic,
}

/// A client identifier unlikely to collide: `mqtt-deck-` and 10 random characters.
pub fn random_client_id() -> String {
    format!("mqtt-deck-{}", random_text(10))
}

/// `length` random lowercase letters and digits.
pub fn random_text(length: usize) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    (0..length)
        .map(|_| ALPHABET[(js_sys::Math::random() * ALPHABET.len() as f64) as usize % ALPHABET.len()] as char)
        .collect()
}

const DEVICE_ID_KEY: &str = "mqtt-deck.device-id";

/// This browser's id, made on its first visit and kept in localStorage
/// (a new one per page load where storage is refused). It names the
/// browser's own response topic, so two phones never read each other's
/// responses. Read once, by [`Connections::new`], which holds it.
pub fn load_device_id() -> String {
    let storage = crate::web::local_storage();
    let kept = storage.as_ref().and_then(|storage| storage.get_item(DEVICE_ID_KEY).ok().flatten());
    kept.filter(|id| !id.is_empty() && id.bytes().all(|byte| byte.is_ascii_alphanumeric())).unwrap_or_else(|| {
        let id = random_text(12);
        if let Some(storage) = &storage {
            let _ = storage.set_item(DEVICE_ID_KEY, &id);
        }
        id
    })
}

/// Whether this page is `https:` and `url` is `ws://`, which browsers block
/// as mixed content (loopback excepted in Chromium, but not everywhere).
pub fn browser_blocks_insecure_socket(url: &str) -> bool {
    let page_is_secure = web_sys::window()
        .and_then(|window| window.location().protocol().ok())
        .is_some_and(|protocol| protocol == "https:");
    page_is_secure && url.starts_with("ws://")
}
