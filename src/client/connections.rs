//! [`Connections`]: the one handle the views and widgets use for
//! everything MQTT. It owns the drivers (one per profile), the topic
//! bindings and the explorer's trees, and is provided by context. Its
//! methods are the app's verbs: start, save, delete, import, connect,
//! disconnect, publish, subscribe, bind the dashboards.
//!
//! Re-entrancy: a driver runs inside its own `RefCell` borrow and reads
//! the shared bindings and trees only for the length of a call; the handle
//! never holds a borrow of either while it calls into a driver.

use std::cell::RefCell;
use std::rc::Rc;

use leptos::prelude::*;

use super::driver::Driver;
use super::explorer::Trees;
use super::responses::{OnResponse, PendingResponses};
use super::router::{Bindings, SeriesHandle, TopicSignals};
use super::ClientError;
use crate::model::import::{plan_import, ConflictChoice};
use crate::model::topic_tree::TopicTree;
use crate::model::{ConfigFile, ConnectionProfile, Dashboard, SubscriptionSpec};
use crate::state::AppState;
use crate::web::page::{PageEvents, PageHandlers, PageState};

/// What the drivers share with the handle: plain data, borrowed briefly.
pub struct Shared {
    /// connection → topic → the widgets' signals.
    pub bindings: RefCell<Bindings>,
    /// The explorer's trees.
    pub trees: RefCell<Trees>,
    /// Commands waiting for their MQTT 5.0 response.
    pub responses: RefCell<PendingResponses>,
    /// Whether the page is hidden, kept by the page's one listener.
    pub page: Rc<PageState>,
}

struct Hub {
    state: AppState,
    /// This browser's id (see [`super::load_device_id`]).
    device_id: String,
    shared: Rc<Shared>,
    /// (connection id, driver): the id beside the driver, so finding one
    /// never borrows a driver that may be running.
    drivers: RefCell<Vec<(String, Rc<RefCell<Driver>>)>>,
    _page_events: RefCell<Option<PageEvents>>,
}

/// The app's connections, as one `Copy` handle provided by context.
#[derive(Clone, Copy)]
pub struct Connections {
    hub: StoredValue<Rc<Hub>, LocalStorage>,
}

impl Connections {
    /// Creates the handle and listens to the page's `online`, `offline` and
    /// `visibilitychange` events (once each): waiting connections retry at
    /// once when the network or the page comes back.
    pub fn new(state: AppState) -> Self {
        let device_id = super::load_device_id();
        let shared = Rc::new(Shared {
            bindings: RefCell::new(Bindings::for_device(device_id.clone())),
            trees: RefCell::new(Trees::default()),
            responses: RefCell::new(PendingResponses::default()),
            page: PageState::read(),
        });
        let hub = Rc::new(Hub {
            state,
            device_id,
            shared: shared.clone(),
            drivers: RefCell::new(Vec::new()),
            _page_events: RefCell::new(None),
        });
        let connections = Connections { hub: StoredValue::new_local(hub.clone()) };
        let events = PageEvents::listen(
            shared.page.clone(),
            PageHandlers {
                network: Box::new(move |online| {
                    state.online.set(online);
                    if online {
                        connections.wake_all();
                    }
                }),
                visibility: Box::new(move |visible| {
                    state.visible.set(visible);
                    if visible {
                        crate::pwa::check_for_update();
                        connections.wake_all();
                    }
                }),
            },
        );
        *hub._page_events.borrow_mut() = Some(events);
        connections
    }

    fn hub(&self) -> Rc<Hub> {
        self.hub.get_value()
    }

    fn driver(&self, connection_id: &str) -> Result<Rc<RefCell<Driver>>, ClientError> {
        let hub = self.hub();
        let found = hub.drivers.borrow().iter().find(|(id, _)| id == connection_id).map(|(_, driver)| driver.clone());
        found.ok_or_else(|| ClientError::NoSuchConnection(connection_id.to_owned()))
    }

    fn with_driver<T>(&self, connection_id: &str, action: impl FnOnce(&mut Driver) -> T) -> Result<T, ClientError> {
        self.driver(connection_id).map(|driver| action(&mut driver.borrow_mut()))
    }

    /// Adds a profile's signals to the app and starts connecting it.
    pub fn start(&self, profile: ConnectionProfile) {
        let hub = self.hub();
        let view = hub.state.add_connection(profile.clone());
        self.run(profile, view);
    }

    fn run(&self, profile: ConnectionProfile, view: crate::state::ConnectionView) {
        let hub = self.hub();
        let id = profile.id.clone();
        let driver = Driver::start(profile, view, hub.state.log, hub.shared.clone());
        hub.drivers.borrow_mut().push((id, driver));
    }

    /// Starts every profile of a loaded settings file; a repeated id is
    /// skipped (widgets and the DOM refer to connections by id).
    pub fn start_all(&self, profiles: Vec<ConnectionProfile>) {
        let mut seen = std::collections::HashSet::new();
        for profile in profiles.into_iter().filter(|profile| seen.insert(profile.id.clone())) {
            self.start(profile);
        }
    }

    fn stop(&self, connection_id: &str) {
        let hub = self.hub();
        let removed: Vec<_> = {
            let mut drivers = hub.drivers.borrow_mut();
            let (removed, kept) = drivers.drain(..).partition(|(id, _)| id == connection_id);
            *drivers = kept;
            removed
        };
        for (_, driver) in removed {
            driver.borrow_mut().disconnect();
        }
    }

    /// Saves a profile from the editor: a new one starts; an edited one
    /// ends its connection and starts again with the new settings.
    pub fn save_profile(&self, profile: ConnectionProfile, is_new: bool) {
        let hub = self.hub();
        if is_new {
            self.start(profile);
        } else if let Some(view) = hub.state.connection_untracked(&profile.id) {
            self.stop(&profile.id);
            view.profile.set(profile.clone());
            self.run(profile, view);
        }
        hub.state.settings_changed();
    }

    /// Deletes a connection: it disconnects, and its tree and signals go.
    /// Widgets that named it stay, shown as down, and so do their bindings
    /// (they follow the dashboards): a connection added again under the
    /// same id subscribes them.
    pub fn delete(&self, connection_id: &str) {
        let hub = self.hub();
        self.stop(connection_id);
        hub.shared.trees.borrow_mut().forget(connection_id);
        let revision = hub.shared.trees.borrow().revision();
        revision.update(|value| *value += 1);
        hub.state.remove_connection(connection_id);
        hub.state.settings_changed();
    }

    /// Adds what an imported file brings (never overwriting a connection;
    /// a dashboard with a known id as `choice` says) and returns the
    /// sentence that says what happened.
    pub fn import(&self, file: ConfigFile, choice: ConflictChoice) -> String {
        let state = self.hub().state;
        let plan = plan_import(&state.settings_snapshot(), file, choice);
        for profile in plan.new_connections {
            self.start(profile);
        }
        if let Some(first) = plan.new_dashboards.first().or(plan.replaced_dashboards.first()) {
            state.active_dashboard.set(first.id.clone());
        }
        state.dashboards.update(|dashboards| {
            for replacement in plan.replaced_dashboards {
                if let Some(existing) = dashboards.iter_mut().find(|existing| existing.id == replacement.id) {
                    *existing = replacement;
                }
            }
            dashboards.extend(plan.new_dashboards);
        });
        state.saved_messages.update(|saved| saved.extend(plan.new_saved_messages));
        state.settings_changed();
        plan.summary
    }

    /// Makes the topic bindings what `dashboards` need, and tells each
    /// connection whose topics changed, so it subscribes what is new and
    /// unsubscribes what nothing reads any more.
    pub fn bind_dashboards(&self, dashboards: &[Dashboard]) {
        let hub = self.hub();
        let changed = hub.shared.bindings.borrow_mut().bind_dashboards(dashboards);
        for connection_id in changed {
            if let Ok(driver) = self.driver(&connection_id) {
                // A driver that is running now pulls the change at the end of its pass.
                if let Ok(mut driver) = driver.try_borrow_mut() {
                    driver.sync_bindings();
                }
            }
        }
    }

    /// The latest sample of `topic` and its reading through `path`.
    pub fn topic(&self, connection_id: &str, topic: &str, path: Option<&str>) -> TopicSignals {
        self.hub().shared.bindings.borrow_mut().topic(connection_id, topic, path)
    }

    /// The chart series of `topic` through `path`.
    pub fn series(&self, connection_id: &str, topic: &str, path: Option<&str>) -> SeriesHandle {
        self.hub().shared.bindings.borrow_mut().series(connection_id, topic, path)
    }

    /// Reads the topic bindings (for the history store); signals the call
    /// returns to set are set after the borrow ends.
    pub fn with_bindings<T>(&self, read: impl FnOnce(&Bindings) -> T) -> T {
        read(&self.hub().shared.bindings.borrow())
    }

    /// The page's visibility, for components that schedule animation frames.
    pub fn page(&self) -> Rc<PageState> {
        self.hub().shared.page.clone()
    }

    /// Reads the explorer's tree of a connection.
    pub fn with_tree<T>(&self, connection_id: &str, read: impl FnOnce(&TopicTree) -> T) -> T {
        self.hub().shared.trees.borrow().with_tree(connection_id, read)
    }

    /// Bumped once per frame in which any tree changed.
    pub fn tree_revision(&self) -> ArcRwSignal<u64> {
        self.hub().shared.trees.borrow().revision()
    }

    /// What the explorer's trees recorded since the last call, packed for
    /// the history store.
    pub fn take_unsaved_messages(&self, origin_ms: f64) -> Vec<u8> {
        self.hub().shared.trees.borrow_mut().take_unsaved(origin_ms)
    }

    /// Changes the explorer's trees (for the history store); the explorer
    /// is told once the borrow ends.
    pub fn change_trees<T>(&self, change: impl FnOnce(&mut Trees) -> T) -> T {
        let hub = self.hub();
        let changed = change(&mut hub.shared.trees.borrow_mut());
        let revision = hub.shared.trees.borrow().revision();
        revision.update(|value| *value += 1);
        changed
    }

    /// Publishes on a connection; queued while it is down. Returns the id its
    /// outcome is recorded under in the connection's `acks`.
    pub fn publish(&self, connection_id: &str, publish: mqtt::Publish) -> Result<u64, ClientError> {
        self.with_driver(connection_id, |driver| driver.publish(publish))?.map(|id| id.0)
    }

    /// Sends a command from a control, now or not at all: while the
    /// connection is down it is refused ([`ClientError::NotConnected`]),
    /// never queued to go out by itself after a reconnect.
    pub fn command(&self, connection_id: &str, publish: mqtt::Publish) -> Result<u64, ClientError> {
        self.with_driver(connection_id, |driver| driver.command(publish))?.map(|id| id.0)
    }

    /// Where `widget`'s command responses come back to this browser, when
    /// it asks for responses.
    pub fn response_topic_for(&self, widget: &crate::model::Widget) -> Option<String> {
        widget.response_topic_for(&self.hub().device_id)
    }

    /// Waits for the response to a command sent with `correlation` as its
    /// Correlation Data; `on_response` runs once when it arrives.
    pub fn expect_response(&self, connection_id: &str, correlation: Vec<u8>, on_response: OnResponse) {
        let now = crate::web::clock::now_ms();
        self.hub().shared.responses.borrow_mut().expect(connection_id, correlation, now, on_response);
    }

    /// Cancels publish `id` while it waits for the connection; whether it
    /// was still waiting.
    pub fn cancel_queued(&self, connection_id: &str, id: u64) -> bool {
        self.with_driver(connection_id, |driver| driver.cancel_queued(id)).unwrap_or(false)
    }

    /// Subscribes `spec` on a connection and keeps it in the profile.
    pub fn add_subscription(&self, connection_id: &str, spec: SubscriptionSpec) -> Result<(), ClientError> {
        self.with_driver(connection_id, |driver| driver.add_subscription(spec))
    }

    /// Unsubscribes `filter` on a connection and drops it from the profile.
    pub fn remove_subscription(&self, connection_id: &str, filter: &str) -> Result<(), ClientError> {
        self.with_driver(connection_id, |driver| driver.remove_subscription(filter))
    }

    /// Disconnects on the user's request.
    pub fn disconnect(&self, connection_id: &str) {
        let _ = self.with_driver(connection_id, Driver::disconnect);
    }

    /// Connects again at once.
    pub fn reconnect(&self, connection_id: &str) {
        let _ = self.with_driver(connection_id, Driver::reconnect_now);
    }

    fn wake_all(&self) {
        let drivers: Vec<_> = self.hub().drivers.borrow().iter().map(|(_, driver)| driver.clone()).collect();
        for driver in drivers {
            driver.borrow_mut().wake();
        }
    }
}
