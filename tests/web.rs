//! wasm-bindgen tests of the browser-only pieces, run in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test web`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;

use mqtt_deck::client::{browser_blocks_insecure_socket, now, random_client_id};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn session_clock_is_monotonic_and_never_panics() {
    let first = now();
    let second = now();
    assert!(second >= first);
    assert!(first > Duration::ZERO, "performance.now() starts at page load");
}

#[wasm_bindgen_test]
fn random_client_ids_are_prefixed_and_distinct() {
    let first = random_client_id();
    let second = random_client_id();
    assert!(first.starts_with("mqtt-deck-") && first.len() == "mqtt-deck-".len() + 10, "{first}");
    assert_ne!(first, second);
}

#[wasm_bindgen_test]
fn insecure_socket_is_allowed_from_an_http_test_page() {
    let protocol = web_sys::window().unwrap().location().protocol().unwrap();
    assert_eq!(protocol, "http:");
    assert!(!browser_blocks_insecure_socket("ws://127.0.0.1:9001"));
    assert!(!browser_blocks_insecure_socket("wss://broker.example:8884"));
}
