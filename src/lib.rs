//! MQTT Deck: a browser dashboard for MQTT, compiled to WebAssembly.
//!
//! - [`model`]: plain data (settings file, dashboards, message log, topic
//!   tree), a crate of its own (`crates/model`) so that it uses no web crate
//!   and is tested natively.
//! - [`client`]: WebSocket transport, per-connection drivers around
//!   [`mqtt::Session`], topic bindings, and [`client::Connections`], the one
//!   handle the views use.
//! - [`web`]: browser helpers: storage, the clock, page events.
//! - [`dialog`]: in-app questions ("Turn on Lamp?") instead of `window.confirm`.
//! - [`state`]: the reactive state shared through context.
//! - [`views`]: Leptos components for the screens.
//! - [`pwa`]: service worker registration, updates and the offline notice.
//! - [`widgets`]: one component per widget kind.
//! - [`app`]: start-up (settings from `?config=`, saved settings or the
//!   demo) and the context handles; the layout is `views::shell`.

pub mod app;
pub mod client;
pub mod dialog;
pub use model;
pub mod pwa;
pub mod reactive;
pub mod state;
pub mod views;
pub mod web;
pub mod widgets;
