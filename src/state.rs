//! The app's reactive state: plain model values wrapped in signals at the
//! edge, one [`AppState`] provided by context. The client driver writes
//! connection status and the message log at most once per animation frame.

use leptos::prelude::*;

use crate::model::{ConnectionProfile, MessageLog};

/// How many messages the log keeps.
pub const LOG_CAPACITY: usize = 500;

/// A connection's state as shown to the user and in `data-connection-state`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Opening the WebSocket or waiting for CONNACK.
    Connecting,
    /// CONNACK accepted.
    Connected,
    /// Closed on purpose.
    Disconnected,
    /// Lost; a new attempt is scheduled.
    Reconnecting,
    /// Cannot work without the user changing something.
    Failed,
}

impl LinkState {
    /// The DOM value of `data-connection-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            LinkState::Connecting => "connecting",
            LinkState::Connected => "connected",
            LinkState::Disconnected => "disconnected",
            LinkState::Reconnecting => "reconnecting",
            LinkState::Failed => "failed",
        }
    }
}

/// Everything the UI shows about one connection.
#[derive(Debug, Clone, PartialEq)]
pub struct ConnectionStatus {
    /// The state.
    pub state: LinkState,
    /// Why, in words: the failure cause, the close reason, the broker's text.
    pub detail: String,
    /// When the next attempt is due, in `performance.now()` milliseconds.
    pub retry_at_ms: Option<f64>,
    /// Publishes waiting for the connection.
    pub queued: usize,
}

impl Default for ConnectionStatus {
    fn default() -> Self {
        ConnectionStatus { state: LinkState::Connecting, detail: String::new(), retry_at_ms: None, queued: 0 }
    }
}

/// The signals of one connection.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionView {
    /// The settings it connects with.
    pub profile: RwSignal<ConnectionProfile>,
    /// What is happening to it.
    pub status: RwSignal<ConnectionStatus>,
}

/// State shared by the whole app.
#[derive(Debug, Clone, Copy)]
pub struct AppState {
    /// One entry per connection profile.
    pub connections: RwSignal<Vec<ConnectionView>>,
    /// Messages in and out.
    pub log: RwSignal<MessageLog>,
    /// A problem the user should read (a settings file that did not load).
    pub notice: RwSignal<Option<String>>,
}

impl AppState {
    /// Empty state.
    pub fn new() -> Self {
        AppState {
            connections: RwSignal::new(Vec::new()),
            log: RwSignal::new(MessageLog::new(LOG_CAPACITY)),
            notice: RwSignal::new(None),
        }
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
