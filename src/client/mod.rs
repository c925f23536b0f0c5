//! The browser side of MQTT: WebSocket transport, per-connection drivers and
//! the registry the views talk to. Non-`Send` web handles (sockets, closures,
//! timers) stay inside this module; the rest of the app sees plain functions
//! keyed by connection id and the signals in [`crate::state`].

pub mod backoff;
pub mod driver;
pub mod explorer;
pub mod frames;
pub mod link;
pub mod router;
pub mod subscriptions;
pub mod transport;
pub mod version;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::RwSignal;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

use driver::Driver;

use crate::model::{ConnectionProfile, MessageLog};
use crate::state::ConnectionView;

thread_local! {
    static DRIVERS: RefCell<Vec<Rc<RefCell<Driver>>>> = const { RefCell::new(Vec::new()) };
}

/// Starts a connection for `profile`, writing its state to `view` and its
/// messages to `log`.
pub fn start(profile: ConnectionProfile, view: ConnectionView, log: RwSignal<MessageLog>) {
    install_wake_listeners();
    let driver = Driver::start(profile, view, log);
    DRIVERS.with(|drivers| drivers.borrow_mut().push(driver));
}

/// Disconnects and forgets a connection (its profile was deleted).
pub fn stop(connection_id: &str) {
    let removed: Vec<_> = DRIVERS.with(|drivers| {
        let mut drivers = drivers.borrow_mut();
        let (removed, kept) = drivers.drain(..).partition(|driver| driver.borrow().id() == connection_id);
        *drivers = kept;
        removed
    });
    for driver in removed {
        driver.borrow_mut().disconnect();
    }
}

/// Applies an edited profile: the old connection ends, a new one starts.
pub fn restart(profile: ConnectionProfile, view: ConnectionView, log: RwSignal<MessageLog>) {
    stop(&profile.id);
    start(profile, view, log);
}

/// Retries waiting connections at once when the browser comes back online
/// or the page becomes visible (phones suspend background tabs). Installed
/// once per page; the two closures live as long as the page.
fn install_wake_listeners() {
    thread_local! {
        static INSTALLED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    }
    if INSTALLED.with(|installed| installed.replace(true)) {
        return;
    }
    let Some(window) = web_sys::window() else { return };
    let wake_all = || {
        let drivers = DRIVERS.with(|drivers| drivers.borrow().clone());
        for driver in drivers {
            driver.borrow_mut().wake();
        }
    };
    let on_online = Closure::<dyn FnMut()>::new(wake_all);
    let on_visible = Closure::<dyn FnMut()>::new(move || {
        let visible = web_sys::window()
            .and_then(|window| window.document())
            .is_some_and(|document| document.visibility_state() == web_sys::VisibilityState::Visible);
        if visible {
            wake_all();
        }
    });
    let _ = window.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
    if let Some(document) = window.document() {
        let _ = document.add_event_listener_with_callback("visibilitychange", on_visible.as_ref().unchecked_ref());
    }
    on_online.forget();
    on_visible.forget();
}

fn with_driver<T>(connection_id: &str, action: impl FnOnce(&mut Driver) -> T) -> Option<T> {
    let driver =
        DRIVERS.with(|drivers| drivers.borrow().iter().find(|driver| driver.borrow().id() == connection_id).cloned());
    driver.map(|driver| action(&mut driver.borrow_mut()))
}

/// Publishes on a connection; queued while it is down. Returns the id its
/// outcome is recorded under in the connection's `acks`.
pub fn publish(connection_id: &str, publish: mqtt::Publish) -> Result<u64, String> {
    with_driver(connection_id, |driver| driver.publish(publish).map(|id| id.0))
        .unwrap_or_else(|| Err(format!("no connection named {connection_id:?}")))
}

/// Subscribes `spec` on a connection and keeps it in the connection's
/// subscriptions (the caller saves the profile).
pub fn add_subscription(connection_id: &str, spec: crate::model::SubscriptionSpec) {
    with_driver(connection_id, |driver| driver.add_subscription(spec));
}

/// Unsubscribes `filter` on a connection and drops it from its subscriptions.
pub fn remove_subscription(connection_id: &str, filter: &str) {
    with_driver(connection_id, |driver| driver.remove_subscription(filter));
}

/// Disconnects on the user's request.
pub fn disconnect(connection_id: &str) {
    with_driver(connection_id, Driver::disconnect);
}

/// Subscribes the widget topics bound on `connection_id` since it last
/// subscribed. Deferred to a task: bindings are made while views render.
pub fn subscribe_widget_topics(connection_id: &str) {
    let connection_id = connection_id.to_owned();
    wasm_bindgen_futures::spawn_local(async move {
        with_driver(&connection_id, Driver::subscribe_new_widget_topics);
    });
}

/// Connects again at once.
pub fn reconnect(connection_id: &str) {
    with_driver(connection_id, Driver::reconnect_now);
}

/// Milliseconds since the page loaded (`performance.now()`).
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|window| window.performance()).map_or(0.0, |performance| performance.now())
}

/// The session clock: `performance.now()` as a duration. `Instant::now()`
/// panics on wasm32-unknown-unknown, so this is the only clock.
pub fn now() -> Duration {
    Duration::from_secs_f64(now_ms().max(0.0) / 1000.0)
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
