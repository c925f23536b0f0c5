//! wasm-bindgen tests of the browser-only pieces, run in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test web`): the clock and
//! ids, the once-per-frame scheduling of received data (and its hidden-tab
//! fallback), the mapping of session outcomes to connection states, and a
//! live driver queueing publishes while its broker is unreachable.
#![cfg(target_arch = "wasm32")]

use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use mqtt::{DisconnectReason, ProtocolVersion, ReasonCode};
use mqtt_deck::client::frames::{Drain, FrameScheduler};
use mqtt_deck::client::link::after_disconnect;
use mqtt_deck::client::{browser_blocks_insecure_socket, random_client_id, Connections};
use mqtt_deck::model::{ConnectionProfile, Direction};
use mqtt_deck::state::{AppState, LinkState};
use mqtt_deck::web::clock::now;
use mqtt_deck::web::page::{PageEvents, PageHandlers, PageState};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn window() -> web_sys::Window {
    web_sys::window().expect("a browser window")
}

/// Resolves after the next animation frame's callbacks ran.
async fn next_frame() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().request_animation_frame(&resolve).expect("requestAnimationFrame");
    });
    JsFuture::from(promise).await.expect("frame");
}

async fn sleep(milliseconds: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, milliseconds).expect("setTimeout");
    });
    JsFuture::from(promise).await.expect("timeout");
}

/// Makes `document.visibilityState` read `hidden` until the guard drops,
/// as it does in a background tab (headless Chromium never hides a page).
struct HiddenPage;

impl HiddenPage {
    fn new() -> Self {
        let descriptor = js_sys::Object::new();
        js_sys::Reflect::set(&descriptor, &"value".into(), &"hidden".into()).unwrap();
        js_sys::Reflect::set(&descriptor, &"configurable".into(), &JsValue::TRUE).unwrap();
        let document: js_sys::Object = window().document().unwrap().unchecked_into();
        js_sys::Object::define_property(&document, &"visibilityState".into(), &descriptor);
        announce_visibility_change();
        HiddenPage
    }
}

impl Drop for HiddenPage {
    fn drop(&mut self) {
        let document: js_sys::Object = window().document().unwrap().unchecked_into();
        js_sys::Reflect::delete_property(&document, &"visibilityState".into()).unwrap();
        announce_visibility_change();
    }
}

fn announce_visibility_change() {
    let event = web_sys::Event::new("visibilitychange").unwrap();
    window().document().unwrap().dispatch_event(&event).unwrap();
}

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
    let protocol = window().location().protocol().unwrap();
    assert_eq!(protocol, "http:");
    assert!(!browser_blocks_insecure_socket("ws://127.0.0.1:9001"));
    assert!(!browser_blocks_insecure_socket("wss://broker.example:8884"));
}

#[wasm_bindgen_test]
async fn received_data_is_drained_once_per_animation_frame_however_many_frames_arrive() {
    let runs = Rc::new(Cell::new(0));
    let counter = runs.clone();
    let scheduler = FrameScheduler::new(PageState::read(), move || counter.set(counter.get() + 1));
    for _ in 0..100 {
        assert_eq!(scheduler.request(), Drain::OnNextFrame);
    }
    assert_eq!(runs.get(), 0, "nothing is drained before the frame");
    next_frame().await;
    assert_eq!(runs.get(), 1, "a hundred requests, one drain");
    next_frame().await;
    assert_eq!(runs.get(), 1, "no request, no drain");
    scheduler.request();
    next_frame().await;
    assert_eq!(runs.get(), 2);
}

#[wasm_bindgen_test]
async fn a_hidden_tab_drains_at_once_because_it_gets_no_animation_frames() {
    let runs = Rc::new(Cell::new(0));
    let counter = runs.clone();
    let page = PageState::read();
    let visible_again = Rc::new(Cell::new(0));
    let seen = visible_again.clone();
    // The page's one visibilitychange listener keeps `page` current.
    let _events = PageEvents::listen(
        page.clone(),
        PageHandlers {
            network: Box::new(|_| {}),
            visibility: Box::new(move |visible| {
                if visible {
                    seen.set(seen.get() + 1)
                }
            }),
        },
    );
    let scheduler = FrameScheduler::new(page.clone(), move || counter.set(counter.get() + 1));
    assert!(!page.is_hidden());
    {
        let _hidden = HiddenPage::new();
        assert_eq!(window().document().unwrap().visibility_state(), web_sys::VisibilityState::Hidden);
        assert_eq!(scheduler.request(), Drain::Now, "the caller drains itself");
    }
    next_frame().await;
    assert_eq!(runs.get(), 0, "nothing was left scheduled");
    assert_eq!(visible_again.get(), 1, "coming back to the front is announced once");
    assert_eq!(scheduler.request(), Drain::OnNextFrame, "visible again: back to frames");
    drop(scheduler);
    next_frame().await;
    assert_eq!(runs.get(), 0, "a dropped scheduler cancels its pending frame");
}

#[wasm_bindgen_test]
fn session_outcomes_map_to_the_states_the_user_sees() {
    let refused = |reason| DisconnectReason::Refused { reason, reason_string: None };
    let bad_password = after_disconnect(&refused(ReasonCode::BadUserNameOrPassword), ProtocolVersion::V5, None);
    assert_eq!(bad_password.state, LinkState::Failed);
    assert!(bad_password.detail.contains("bad user name or password"), "{}", bad_password.detail);
    assert!(!bad_password.retries());
    assert_eq!(
        after_disconnect(&refused(ReasonCode::NotAuthorized), ProtocolVersion::V5, None).state,
        LinkState::Failed
    );

    let unavailable = after_disconnect(&refused(ReasonCode::ServerUnavailable), ProtocolVersion::V5, None);
    assert_eq!(unavailable.state, LinkState::Reconnecting, "a busy server may come back");
    assert!(unavailable.retries());

    let close = "cannot reach the broker at ws://127.0.0.1:1 (WebSocket code 1006)".to_owned();
    let lost = after_disconnect(&DisconnectReason::ConnectionLost, ProtocolVersion::V5, Some(close.clone()));
    assert_eq!((lost.state, lost.detail), (LinkState::Reconnecting, close), "the socket's own reason is shown");

    assert_eq!(
        after_disconnect(&DisconnectReason::KeepAliveTimeout, ProtocolVersion::V5, None).state,
        LinkState::Reconnecting
    );
    let by_user = after_disconnect(&DisconnectReason::ByClient, ProtocolVersion::V5, Some("ignored".into()));
    assert_eq!(by_user.state, LinkState::Disconnected);
    assert!(!by_user.retries());
}

#[wasm_bindgen_test]
async fn an_unreachable_broker_shows_reconnecting_and_publishes_wait_in_the_queue() {
    let profile = ConnectionProfile {
        id: "unreachable".into(),
        // Port 1 on loopback: nothing listens, the socket fails at once.
        url: "ws://127.0.0.1:1".into(),
        ..ConnectionProfile::local_default()
    };
    let state = AppState::new();
    let connections = Connections::new(state);
    connections.start(profile);
    let view = state.connection_untracked("unreachable").expect("started");
    let log = state.log;
    for index in 0..3 {
        let request = mqtt::Publish {
            qos: mqtt::QoS::AtLeastOnce,
            ..mqtt::Publish::new(format!("queued/{index}"), b"waiting".to_vec())
        };
        connections.publish("unreachable", request).expect("accepted while offline");
    }
    // A control's command is refused instead: it must never go out by itself later.
    let command = mqtt::Publish::new("queued/command", b"ON".to_vec());
    assert_eq!(connections.command("unreachable", command), Err(mqtt_deck::client::ClientError::NotConnected));
    let mut status = view.status.get_untracked();
    for _ in 0..50 {
        if status.state == LinkState::Reconnecting {
            break;
        }
        sleep(100).await;
        status = view.status.get_untracked();
    }
    connections.delete("unreachable");
    assert_eq!(status.state, LinkState::Reconnecting, "{status:?}");
    assert!(status.detail.contains("cannot reach the broker at ws://127.0.0.1:1"), "{}", status.detail);
    assert!(status.retry_at_ms.is_some(), "the next try is announced");
    let waiting: Vec<&str> = status.queued.iter().map(|message| message.topic.as_str()).collect();
    assert_eq!(waiting, ["queued/0", "queued/1", "queued/2"], "all three publishes wait, in order, and no command");
    let outgoing =
        log.with_untracked(|log| log.newest(10).filter(|entry| entry.direction == Direction::Outgoing).count());
    assert_eq!(outgoing, 3);
}
