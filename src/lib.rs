//! MQTT Deck: a browser dashboard for MQTT, compiled to WebAssembly.
//!
//! - [`model`]: plain data (settings file, message log), tested natively.
//! - [`client`]: WebSocket transport and per-connection drivers around
//!   [`mqtt::Session`].
//! - [`state`]: the reactive state shared through context.
//! - [`views`]: Leptos components for the screens.
//! - [`pwa`]: service worker registration, updates and the offline notice.
//! - [`widgets`]: one component per widget kind.
//! - [`app`]: start-up (settings from `?config=`, saved settings or the
//!   local default) and the page layout.

pub mod app;
pub mod client;
pub mod model;
pub mod pwa;
pub mod state;
pub mod views;
pub mod web;
pub mod widgets;
