//! The page's one clock and its one wall-clock origin. Everything the app
//! times (arrival of a message, staleness, the session's deadlines) is
//! `performance.now()`, monotonic milliseconds since the page loaded;
//! a time shown or exported as a date is that plus `performance.timeOrigin`.

use std::time::Duration;

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|window| window.performance())
}

/// Milliseconds since the page loaded (`performance.now()`).
pub fn now_ms() -> f64 {
    performance().map_or(0.0, |performance| performance.now())
}

/// The session clock: `performance.now()` as a duration. `Instant::now()`
/// panics on wasm32-unknown-unknown, so this is the only clock.
pub fn now() -> Duration {
    Duration::from_secs_f64(now_ms().max(0.0) / 1000.0)
}

/// Milliseconds since the Unix epoch at which the page loaded: add a
/// `now_ms()` reading to get its wall-clock time.
pub fn wall_origin_ms() -> f64 {
    performance().map_or_else(|| js_sys::Date::now() - now_ms(), |performance| performance.time_origin())
}

/// Milliseconds since the Unix epoch, now.
pub fn wall_now_ms() -> f64 {
    wall_origin_ms() + now_ms()
}

/// The local wall-clock time, with milliseconds, of `at_ms` (a `now_ms()`
/// reading): what the explorer and the log show.
pub fn clock_time(at_ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(wall_origin_ms() + at_ms));
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds(),
        date.get_milliseconds()
    )
}

/// The local date and time of `epoch_ms` (milliseconds since the Unix
/// epoch), to the second: "2026-12-03 14:05:09".
pub fn date_time(epoch_ms: f64) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(epoch_ms));
    format!(
        "{}-{:02}-{:02} {:02}:{:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes(),
        date.get_seconds()
    )
}
