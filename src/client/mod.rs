//! The browser side of MQTT: WebSocket transport, per-connection drivers,
//! topic bindings, the explorer's trees, and [`Connections`], the one
//! handle the views and widgets use. Non-`Send` web handles (sockets,
//! closures, timers) stay inside this module; the rest of the app sees the
//! handle and the signals in [`crate::state`]. Uses `model`, `state`, `web`
//! and `crates/mqtt`; never `views` or `widgets`.

pub mod backoff;
pub mod connect;
pub mod connections;
pub mod driver;
pub mod explorer;
pub mod frames;
pub mod link;
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
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let suffix: String = (0..10)
        .map(|_| ALPHABET[(js_sys::Math::random() * ALPHABET.len() as f64) as usize % ALPHABET.len()] as char)
        .collect();
    format!("mqtt-deck-{suffix}")
}

/// Whether this page is `https:` and `url` is `ws://`, which browsers block
/// as mixed content (loopback excepted in Chromium, but not everywhere).
pub fn browser_blocks_insecure_socket(url: &str) -> bool {
    let page_is_secure = web_sys::window()
        .and_then(|window| window.location().protocol().ok())
        .is_some_and(|protocol| protocol == "https:");
    page_is_secure && url.starts_with("ws://")
}
