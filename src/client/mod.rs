//! The browser side of MQTT: WebSocket transport, per-connection drivers and
//! the registry the views talk to. Non-`Send` web handles (sockets, closures,
//! timers) stay inside this module; the rest of the app sees plain functions
//! keyed by connection id and the signals in [`crate::state`].

pub mod backoff;
pub mod driver;
pub mod transport;

use std::cell::RefCell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::RwSignal;

use driver::Driver;
pub use driver::PublishRequest;

use crate::model::{ConnectionProfile, MessageLog};
use crate::state::ConnectionView;

thread_local! {
    static DRIVERS: RefCell<Vec<Rc<RefCell<Driver>>>> = const { RefCell::new(Vec::new()) };
}

/// Starts a connection for `profile`, writing its state to `view` and its
/// messages to `log`.
pub fn start(profile: ConnectionProfile, view: ConnectionView, log: RwSignal<MessageLog>) {
    let driver = Driver::start(profile, view, log);
    DRIVERS.with(|drivers| drivers.borrow_mut().push(driver));
}

fn with_driver<T>(connection_id: &str, action: impl FnOnce(&mut Driver) -> T) -> Option<T> {
    let driver =
        DRIVERS.with(|drivers| drivers.borrow().iter().find(|driver| driver.borrow().id() == connection_id).cloned());
    driver.map(|driver| action(&mut driver.borrow_mut()))
}

/// Publishes on a connection; queued while it is down.
pub fn publish(connection_id: &str, request: PublishRequest) -> Result<(), String> {
    with_driver(connection_id, |driver| driver.publish(request))
        .unwrap_or_else(|| Err(format!("no connection named {connection_id:?}")))
}

/// Disconnects on the user's request.
pub fn disconnect(connection_id: &str) {
    with_driver(connection_id, Driver::disconnect);
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
