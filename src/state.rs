//! The app's reactive state: plain model values wrapped in signals at the
//! edge, one [`AppState`] provided by context. The client driver writes
//! connection status and the message log at most once per animation frame.

use leptos::prelude::*;

use crate::model::{ConfigFile, ConnectionProfile, Dashboard, MessageLog, Widget};

/// How many messages the log keeps.
pub const LOG_CAPACITY: usize = 10_000;
/// How many payload bytes the log keeps in all (each entry holds at most
/// [`crate::model::log::PREVIEW_BYTES`] of its payload).
pub const LOG_BYTES: usize = 8 * 1024 * 1024;

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
    /// Publishes from the page waiting for the connection, oldest first.
    pub queued: Vec<QueuedMessage>,
    /// The protocol the current or last accepted connection speaks.
    pub protocol: Option<mqtt::ProtocolVersion>,
}

impl Default for ConnectionStatus {
    fn default() -> Self {
        ConnectionStatus {
            state: LinkState::Connecting,
            detail: String::new(),
            retry_at_ms: None,
            queued: Vec::new(),
            protocol: None,
        }
    }
}

/// What became of a publish made from the page.
#[derive(Debug, Clone, PartialEq)]
pub enum PublishOutcome {
    /// QoS 0: written to the socket; no acknowledgement exists.
    Sent,
    /// PUBACK (QoS 1) or PUBCOMP (QoS 2) with a success code, described.
    Acknowledged(String),
    /// The broker answered with an error reason code, described.
    Refused(String),
    /// The user cancelled it while it waited for the connection.
    Cancelled,
}

/// A publish from the page waiting for the connection, as the queue shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct QueuedMessage {
    /// The id its outcome is recorded under.
    pub id: u64,
    /// Where it goes.
    pub topic: String,
    /// Its QoS, 0 to 2.
    pub qos: u8,
    /// The start of its payload, as text.
    pub preview: String,
}

/// How much of a queued payload is shown, in characters.
const PREVIEW_CHARS: usize = 60;

impl QueuedMessage {
    /// The queue entry of publish `id`.
    pub fn of(id: u64, publish: &mqtt::Publish) -> Self {
        let text = String::from_utf8_lossy(&publish.payload);
        let mut preview: String = text.chars().take(PREVIEW_CHARS).collect();
        if text.chars().nth(PREVIEW_CHARS).is_some() {
            preview.push('…');
        }
        QueuedMessage { id, topic: publish.topic.clone(), qos: publish.qos as u8, preview }
    }
}

/// How many publish outcomes a connection keeps for the views.
pub const ACKS_KEPT: usize = 32;

/// The signals of one connection.
#[derive(Debug, Clone, Copy)]
pub struct ConnectionView {
    /// The settings it connects with.
    pub profile: RwSignal<ConnectionProfile>,
    /// What is happening to it.
    pub status: RwSignal<ConnectionStatus>,
    /// The latest publish outcomes, by publish id, oldest first.
    pub acks: RwSignal<Vec<(u64, PublishOutcome)>>,
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
    /// The loaded settings file minus its connections (those live in
    /// `connections`): unknown fields and set-aside entries, saved back as they were.
    pub settings_rest: RwSignal<ConfigFile>,
    /// Bumped by every user change to the settings; the persist effect saves on change.
    pub settings_revision: RwSignal<u64>,
    /// The dashboards, shown as tabs.
    pub dashboards: RwSignal<Vec<Dashboard>>,
    /// The id of the dashboard on screen.
    pub active_dashboard: RwSignal<String>,
    /// Whether the dashboard is in edit mode (a stray tap in view mode changes nothing).
    pub editing: RwSignal<bool>,
    /// `performance.now()` in milliseconds, advanced every second: what
    /// "stale" and "updated 5 s ago" are measured against.
    pub clock_ms: RwSignal<f64>,
    /// A confirmation the user should read (an import's summary).
    pub info: RwSignal<Option<String>>,
    /// A settings file from a share link, waiting for the user to import it.
    pub pending_share: RwSignal<Option<ConfigFile>>,
    /// "light", "dark", or None to follow the system.
    pub theme: RwSignal<Option<String>>,
    /// Publishes kept as one-tap buttons.
    pub saved_messages: RwSignal<Vec<crate::model::publish::SavedMessage>>,
    /// Whether the browser says it is online.
    pub online: RwSignal<bool>,
    /// Whether the page is visible (not a background tab).
    pub visible: RwSignal<bool>,
    /// The screen on screen, following the address bar.
    pub route: RwSignal<crate::model::route::Route>,
    /// A widget just added, scrolled into view and highlighted for a moment.
    pub highlight: RwSignal<Option<String>>,
    /// A new version of the app is installed and waiting for a reload.
    pub update_ready: RwSignal<bool>,
    /// The alerts raised, acknowledged and cleared (kept across reloads).
    pub alerts: RwSignal<crate::model::alerts::AlertLog>,
    /// The app's reactive owner. Connection signals live as long as the app,
    /// not as long as the form or task that created them.
    owner: StoredValue<Owner>,
}

impl AppState {
    /// Empty state.
    pub fn new() -> Self {
        AppState {
            connections: RwSignal::new(Vec::new()),
            log: RwSignal::new(MessageLog::new(LOG_CAPACITY).with_byte_limit(LOG_BYTES)),
            notice: RwSignal::new(None),
            settings_rest: RwSignal::new(ConfigFile { connections: Vec::new(), ..ConfigFile::default() }),
            settings_revision: RwSignal::new(0),
            dashboards: RwSignal::new(Vec::new()),
            active_dashboard: RwSignal::new(String::new()),
            editing: RwSignal::new(false),
            clock_ms: RwSignal::new(0.0),
            info: RwSignal::new(None),
            pending_share: RwSignal::new(None),
            theme: RwSignal::new(None),
            saved_messages: RwSignal::new(Vec::new()),
            online: RwSignal::new(true),
            visible: RwSignal::new(true),
            route: RwSignal::new(crate::model::route::Route::default()),
            highlight: RwSignal::new(None),
            update_ready: RwSignal::new(false),
            alerts: RwSignal::new(crate::model::alerts::AlertLog::default()),
            owner: StoredValue::new(Owner::current().unwrap_or_default()),
        }
    }
}

impl AppState {
    /// The settings as they should be saved: the current connection profiles
    /// inside the rest of the loaded file.
    pub fn settings_snapshot(&self) -> ConfigFile {
        let mut settings = self.settings_rest.get_untracked();
        settings.connections =
            self.connections.with_untracked(|views| views.iter().map(|view| view.profile.get_untracked()).collect());
        settings.dashboards = self.dashboards.get_untracked();
        settings.theme = self.theme.get_untracked();
        settings.saved_messages = self.saved_messages.get_untracked();
        settings
    }

    /// Adds a connection's signals, owned by the app, and returns them.
    pub fn add_connection(&self, profile: ConnectionProfile) -> ConnectionView {
        let view = self.owner.with_value(|owner| {
            owner.with(|| ConnectionView {
                profile: RwSignal::new(profile),
                status: RwSignal::new(ConnectionStatus::default()),
                acks: RwSignal::new(Vec::new()),
            })
        });
        self.connections.update(|views| views.push(view));
        view
    }

    /// Removes a connection. Its two signals stay with the app's owner:
    /// a stopped driver or a closing view may still touch them.
    pub fn remove_connection(&self, connection_id: &str) {
        self.connections
            .update(|views| views.retain(|view| view.profile.with_untracked(|profile| profile.id != connection_id)));
    }

    /// The signals of connection `id`, if it exists.
    pub fn connection(&self, id: &str) -> Option<ConnectionView> {
        self.connections
            .with(|views| views.iter().find(|view| view.profile.with_untracked(|profile| profile.id == id)).copied())
    }

    /// The signals of connection `id`, without tracking the list.
    pub fn connection_untracked(&self, id: &str) -> Option<ConnectionView> {
        self.connections.with_untracked(|views| {
            views.iter().find(|view| view.profile.with_untracked(|profile| profile.id == id)).copied()
        })
    }

    /// (id, name) of every connection, for pickers; tracked.
    pub fn connection_choices(&self) -> Vec<(String, String)> {
        self.connections.with(|views| {
            views.iter().map(|view| view.profile.with(|profile| (profile.id.clone(), profile.name.clone()))).collect()
        })
    }

    /// Changes the dashboard `dashboard_id` and saves.
    pub fn update_dashboard(&self, dashboard_id: &str, change: impl FnOnce(&mut Dashboard)) {
        self.dashboards.update(|dashboards| {
            if let Some(dashboard) = dashboards.iter_mut().find(|dashboard| dashboard.id == dashboard_id) {
                change(dashboard);
            }
        });
        self.settings_changed();
    }

    /// Reads dashboard `dashboard_id` without tracking.
    pub fn with_dashboard<T>(&self, dashboard_id: &str, read: impl FnOnce(&Dashboard) -> T) -> Option<T> {
        self.dashboards.with_untracked(|all| all.iter().find(|dashboard| dashboard.id == dashboard_id).map(read))
    }

    /// Reads dashboard `dashboard_id`, tracked.
    pub fn with_dashboard_tracked<T>(&self, dashboard_id: &str, read: impl FnOnce(&Dashboard) -> T) -> Option<T> {
        self.dashboards.with(|all| all.iter().find(|dashboard| dashboard.id == dashboard_id).map(read))
    }

    /// Puts `widget` on the dashboard on screen (replacing the one with its
    /// id; a "Pinned" dashboard is made when there is none) and saves; the
    /// dashboards' bindings then subscribe its topics. Returns the
    /// dashboard's title.
    pub fn place_widget(&self, widget: Widget) -> String {
        let preferred = self.active_dashboard.get_untracked();
        let mut placed = (String::new(), String::new());
        self.dashboards.update(|all| placed = crate::model::dashboard_edit::place_widget(all, &preferred, widget));
        if placed.0 != preferred {
            self.active_dashboard.set(placed.0);
        }
        self.settings_changed();
        placed.1
    }

    /// Records a user change to the settings so that it is saved.
    pub fn settings_changed(&self) {
        self.settings_revision.update(|revision| *revision += 1);
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}
